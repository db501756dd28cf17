package io.switchboard.channel.facebook;

import io.switchboard.channel.InboundPoller;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.util.Backoff;
import io.switchboard.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Page (or Instagram account) through the Graph API, one stream per {@link
 * StreamReader}, taking turns. Each stream resumes at its own {@link TimeCursor}, stored only when
 * the batch went through ingest, so a restart neither misses nor repeats; a stream whose list was
 * cut off half-way fails as a whole and is read again from the same cursor.
 *
 * <p>Faults: an expired or invalid token (190) and any other failure are recorded in channel
 * health with the reason, then the stream waits, doubling up to {@code backoff.max}; rate limits
 * (4, 17, 32, 613) stop every stream of the account until Graph allows calls again; a body that is
 * not JSON is handed on whole for quarantine and polling goes on. {@link #poll} never throws.
 *
 * <p>One thread polls; {@link #close} may come from any thread and ends a wait at once.
 */
public final class FacebookPoller implements InboundPoller {
  private static final Logger LOG = LoggerFactory.getLogger(FacebookPoller.class);

  private final FacebookAccount account;
  private final CursorStore cursors;
  private final ChannelHealth health;
  private final Clock clock;
  private final List<Stream> streams;
  private final Backoff backoff;
  private final Backoff rateLimitBackoff;
  private final Map<String, Stream> byName = new LinkedHashMap<>();
  private final Set<String> quarantinedBroken = new HashSet<>();
  private final Object wake = new Object();
  private volatile boolean closed;
  private int turn;

  /** Where one stream stands. Touched by the polling thread only. */
  private static final class Stream {
    final StreamReader reader;
    TimeCursor cursor;
    TimeCursor handedOut;
    boolean awaitingCommit;
    Instant dueAt = Instant.EPOCH;
    int failures;

    Stream(StreamReader reader) {
      this.reader = reader;
    }

    String name() {
      return reader.name();
    }
  }

  /**
   * @param readers the account's streams, built on the poller's own Graph client (whose retries
   *     end when the poller closes)
   */
  public FacebookPoller(
      FacebookAccount account,
      Function<Graph, List<StreamReader>> readers,
      CursorStore cursors,
      ChannelHealth health,
      Clock clock) {
    this.account = account;
    this.cursors = cursors;
    this.health = health;
    this.clock = clock;
    this.backoff = new Backoff(account.pollInterval(), account.maxBackoff());
    this.rateLimitBackoff = new Backoff(account.rateLimitBackoff(), account.maxBackoff());
    Graph graph = new Graph(account, d -> sleep(d));
    this.streams = readers.apply(graph).stream().map(Stream::new).toList();
    streams.forEach(s -> byName.put(s.name(), s));
    health.register(account.id(), account.channel());
  }

  @Override
  public String channel() {
    return account.channel();
  }

  @Override
  public String accountId() {
    return account.id();
  }

  /** New items of the next stream that has any; empty after waiting when none has. */
  @Override
  public PollBatch poll() {
    if (closed) {
      return PollBatch.empty(account.id(), "all");
    }
    Instant now = clock.instant();
    for (int i = 0; i < streams.size() && !closed; i++) {
      int index = (turn + i) % streams.size();
      Stream s = streams.get(index);
      if (s.dueAt.isAfter(now)) {
        continue;
      }
      turn = (index + 1) % streams.size();
      PollBatch batch = read(s, now);
      if (batch != null) {
        return batch;
      }
    }
    Instant next = streams.stream().map(s -> s.dueAt).min(Comparator.naturalOrder()).orElse(now.plus(account.pollInterval()));
    sleep(Duration.between(clock.instant(), next));
    return PollBatch.empty(account.id(), "all");
  }

  private PollBatch read(Stream s, Instant now) {
    if (s.awaitingCommit) {
      // the last batch never came back through commit: ingest failed; do not hammer the API
      s.awaitingCommit = false;
      s.failures++;
      s.dueAt = now.plus(backoff(s.failures));
      LOG.warn("{}: {} batch was not stored; reading it again in {}", account.id(), s.name(), human(backoff(s.failures)));
      return null;
    }
    try {
      TimeCursor since = cursor(s, now);
      List<GraphItem> found = new ArrayList<>(s.reader.read(since));
      succeeded(s);
      found.sort(Comparator.comparing(GraphItem::time, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(GraphItem::sourceRef));
      List<GraphItem> taken = new ArrayList<>();
      List<RawInbound> out = new ArrayList<>();
      for (GraphItem item : found) {
        if (item.broken()) {
          if (quarantinedBroken.add(Sha256.hex(item.raw()))) { // once per run; quarantine dedupes across runs
            out.add(raw(item.sourceRef(), item.raw()));
          }
          continue;
        }
        if (item.ours()) {
          // the Page's own comments and messages are never customer messages: replies the outbox
          // posted are recorded by the outbox (or found again by its findSent after a crash), and
          // replies typed on Facebook itself are not ours to ingest
          taken.add(item);
          LOG.debug("{}: {} was written by the Page itself, not a customer", account.id(), item.sourceRef());
          continue;
        }
        taken.add(item);
        out.add(raw(item.sourceRef(), item.raw()));
      }
      TimeCursor next = since.after(taken);
      s.dueAt = now.plus(account.pollInterval());
      if (out.isEmpty()) {
        if (!next.equals(since)) {
          store(s, next); // only the Page's own posts: nothing for ingest, but move past them
        }
        return null;
      }
      s.handedOut = next;
      s.awaitingCommit = !next.equals(since);
      return new PollBatch(account.id(), s.name(), s.awaitingCommit ? next.encode() : null, out);
    } catch (GraphError e) {
      return failed(s, e, now);
    } catch (RuntimeException e) {
      return failed(s, new GraphError(GraphError.Kind.TRANSIENT, Tokens.mask(e.toString(), account.accessToken()), null, null, null, null), now);
    }
  }

  private RawInbound raw(String sourceRef, byte[] bytes) {
    return new RawInbound(account.channel(), account.id(), sourceRef, bytes);
  }

  private TimeCursor cursor(Stream s, Instant now) {
    if (s.cursor == null) {
      s.cursor =
          cursors
              .get(account.id(), s.name())
              .map(TimeCursor::decode)
              .orElseGet(
                  () -> {
                    LOG.info("{}: first poll of {}: reading {} back", account.id(), s.name(), human(account.lookback()));
                    return TimeCursor.at(now.minus(account.lookback()));
                  });
    }
    return s.cursor;
  }

  /** Moves the stream's cursor past a batch once all of it went through ingest. */
  @Override
  public void commit(PollBatch batch) {
    Stream s = byName.get(batch.stream());
    if (s == null || batch.cursor() == null) {
      return;
    }
    TimeCursor next = s.handedOut != null && s.handedOut.encode().equals(batch.cursor()) ? s.handedOut : TimeCursor.decode(batch.cursor());
    store(s, next);
    s.awaitingCommit = false;
  }

  private void store(Stream s, TimeCursor next) {
    cursors.put(account.id(), s.name(), next.encode());
    s.cursor = next;
  }

  private void succeeded(Stream s) {
    boolean wasFailing = s.failures > 0;
    s.failures = 0;
    if (streams.stream().allMatch(x -> x.failures == 0)) {
      health.success(account.id());
      if (wasFailing) {
        LOG.info("{}: {} reads again", account.id(), s.name());
      }
    }
  }

  private PollBatch failed(Stream s, GraphError e, Instant now) {
    if (closed) {
      return null;
    }
    s.failures++;
    Duration wait = backoff(s.failures);
    String reason = e.getMessage();
    switch (e.kind()) {
      case RATE_LIMIT -> {
        wait = rateLimitBackoff.delay(s.failures);
        if (e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0) {
          wait = e.retryAfter();
        }
        Instant until = now.plus(wait);
        streams.forEach(x -> x.dueAt = x.dueAt.isAfter(until) ? x.dueAt : until); // the limit is per app and Page
        reason = "rate limited, waiting " + human(wait) + ": " + reason;
      }
      case AUTH -> {
        Instant until = now.plus(wait);
        streams.forEach(x -> x.dueAt = x.dueAt.isAfter(until) ? x.dueAt : until);
        reason = "access token rejected (renew the Page token): " + reason;
      }
      default -> s.dueAt = now.plus(wait);
    }
    if (e.kind() == GraphError.Kind.AUTH) {
      health.credentialsRefused(account.id(), reason);
    } else {
      health.failure(account.id(), reason);
    }
    if (e.kind() == GraphError.Kind.AUTH) {
      LOG.error("{}: {}; next try in {}", account.id(), reason, human(wait));
    } else {
      LOG.warn("{}: {} ({} in a row); next try in {}", account.id(), reason, s.failures, human(wait));
    }
    if (e.kind() == GraphError.Kind.MALFORMED) {
      // the body goes to quarantine whole, with the reason; the cursor stays where it was
      return new PollBatch(
          account.id(), s.name(), null, List.of(raw("malformed " + e.getMessage(), e.rawBody().getBytes(StandardCharsets.UTF_8))));
    }
    return null;
  }

  /** {@code 200ms}, {@code 30s}, {@code 2m30s}, {@code 7d}: durations as people write them. */
  static String human(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
    return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
  }

  /** The poll interval doubled for each failure in a row, at most {@code backoff.max}. */
  private Duration backoff(int failures) {
    return backoff.delay(failures);
  }

  /** Waits up to {@code d}; false when the poller was closed meanwhile. */
  private boolean sleep(Duration d) {
    synchronized (wake) {
      long until = System.currentTimeMillis() + Math.max(0, d.toMillis());
      long left;
      while (!closed && (left = until - System.currentTimeMillis()) > 0) {
        try {
          wake.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return !closed;
  }

  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
  }
}
