package io.switchboard.channel.facebook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of the replies this process posted, shared by a module's sender and pollers. The Graph API
 * lists our own comments and messages beside the customers'; the poller passes on only the ones
 * named here, so that ingest drops them as duplicates of the id the outbox recorded, and skips
 * everything else our Page wrote (replies typed on Facebook itself are not customer messages).
 *
 * <p>A reply is passed on only after {@link #SETTLE} has gone by since it was posted: the outbox
 * records its id right after the post returns, and a poll must not reach ingest in between.
 * Thread-safe; keeps the newest {@value #MAX} ids.
 */
public final class OwnPosts {
  static final Duration SETTLE = Duration.ofSeconds(1);
  private static final int MAX = 5000;

  private final Clock clock;
  private final Map<String, Instant> posted =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX;
        }
      };

  public OwnPosts(Clock clock) {
    this.clock = clock;
  }

  public synchronized void add(String id) {
    posted.put(id, clock.instant());
  }

  /** When {@code id} may be passed on: null if we did not post it, else the time it settles. */
  public synchronized Instant settlesAt(String id) {
    Instant at = posted.get(id);
    return at == null ? null : at.plus(SETTLE);
  }

  /** Takes {@code id} off the list; true when we had posted it. */
  public synchronized boolean claim(String id) {
    return posted.remove(id) != null;
  }
}
