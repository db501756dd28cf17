package io.switchboard.channel.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import io.switchboard.channel.InboundPoller;
import io.switchboard.channel.x.XAccount.Stream;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.util.Backoff;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one X account's mentions, direct messages and, when it listens, the posts its listening
 * search finds (ADR 0041), each stream with its own cursor in the database: the newest post id for
 * mentions and search ({@code since_id}), the newest DM event id for DMs
 * (the DM endpoint has no {@code since_id}; it is read newest first down to that id). A result
 * that spans pages is handed out one page per batch, following {@code next_token} to the end; the
 * cursor moves to the newest id only with the last page, so a crash part-way reads it again and
 * dedupe drops what was stored.
 *
 * <p>Faults: a 429 parks that stream until {@code x-rate-limit-reset} while the other stream goes
 * on, and when every stream is parked {@link #poll} sleeps until the earliest reset; 5xx and
 * timeouts are tried again with a doubling wait, then the stream backs off; 401/403 and other
 * refusals are recorded in channel health with X's reason; a body that is not JSON is handed out
 * whole as an item the normalizer rejects, so the ingest route quarantines it, and the cursor stays.
 *
 * <p>One route thread calls {@link #poll} and {@link #commit}; {@link #close} may be called from
 * any thread and ends a wait at once.
 */
public final class XPoller implements InboundPoller {
  private static final Logger LOG = LoggerFactory.getLogger(XPoller.class);

  private final XAccount account;
  private final XApi api;
  private final CursorStore cursors;
  private final ChannelHealth health;
  private final Clock clock;
  private final List<Stream> streams;
  private final Backoff backoff;
  private final RetryPolicy<XApi.Page> retry;
  private final Map<Stream, State> states = new EnumMap<>(Stream.class);
  private final Object wake = new Object();
  private volatile boolean closed;
  private int next;
  private PollBatch awaitingCommit;

  /** Where one stream is: paging through a result, parked until a time, failing. */
  private static final class State {
    String pageToken;
    String cursorAtEnd;
    Instant notBefore = Instant.EPOCH;
    int failures;
    boolean failing;
  }

  XPoller(XAccount account, XApi api, CursorStore cursors, ChannelHealth health, Clock clock) {
    this.account = account;
    this.api = api;
    this.cursors = cursors;
    this.health = health;
    this.clock = clock;
    this.streams = List.copyOf(account.streams());
    this.backoff = new Backoff(account.retryBackoff(), account.maxBackoff());
    // 5xx and timeouts only, and not once the poller is closing
    this.retry =
        backoff.retryPolicy(
            account.retryAttempts(), e -> e instanceof XApiException x && x.kind() == XApiException.Kind.TRANSIENT && !closed);
    streams.forEach(s -> states.put(s, new State()));
    health.register(account.id(), "x");
  }

  @Override
  public String channel() {
    return "x";
  }

  @Override
  public String accountId() {
    return account.id();
  }

  /** The next page of new input from the first stream that has some; else waits, then empty. */
  @Override
  public PollBatch poll() {
    if (closed) {
      return PollBatch.empty(account.id(), "none");
    }
    if (awaitingCommit != null) {
      // the last batch did not get through ingest (a failure, or a message left for the next poll
      // while a reply is being sent, ADR 0086): read that stream again from its stored cursor, one
      // poll interval on, so a reply stuck in sending after a crash costs no burst of requests
      LOG.warn("{}: batch from {} was not committed; reading it again", account.id(), awaitingCommit.stream());
      Instant later = clock.instant().plus(account.pollInterval());
      streams.stream()
          .filter(s -> s.cursorName().equals(awaitingCommit.stream()))
          .map(states::get)
          .forEach(state -> {
            restart(state);
            state.notBefore = later;
          });
      awaitingCommit = null;
    }
    for (int i = 0; i < streams.size() && !closed; i++) {
      int at = (next + i) % streams.size();
      Stream stream = streams.get(at);
      State state = states.get(stream);
      if (clock.instant().isBefore(state.notBefore)) {
        continue;
      }
      PollBatch batch = fetch(stream, state);
      if (!batch.isEmpty()) {
        next = (at + 1) % streams.size();
        awaitingCommit = batch;
        return batch;
      }
    }
    waitForMore();
    return PollBatch.empty(account.id(), "none");
  }

  /** Moves the stream's cursor once a batch went through ingest. */
  @Override
  public void commit(PollBatch batch) {
    awaitingCommit = null;
    if (batch.cursor() != null) {
      cursors.put(account.id(), batch.stream(), batch.cursor());
    }
  }

  private PollBatch fetch(Stream stream, State state) {
    String cursor = cursors.get(account.id(), stream.cursorName()).orElse(null);
    XApi.Page page;
    Execution<XApi.Page> execution = Execution.of(retry);
    while (true) {
      try {
        page =
            switch (stream) {
              case MENTIONS -> api.mentions(cursor, state.pageToken);
              case DMS -> api.dmEvents(state.pageToken);
              case LISTEN -> api.searchRecent(cursor, state.pageToken);
            };
        break;
      } catch (XApiException e) {
        execution.recordException(e);
        if (execution.isComplete()) {
          return failed(stream, state, cursor, e);
        }
        Duration wait = execution.getDelay();
        LOG.info(
            "{}: {} (try {} of {}); trying again in {}",
            account.id(), e.getMessage(), execution.getAttemptCount(), account.retryAttempts(), wait);
        sleepUntil(clock.instant().plus(wait));
        if (closed) {
          return PollBatch.empty(account.id(), stream.cursorName());
        }
      }
    }
    succeeded(state);
    return stream == Stream.DMS ? dms(state, cursor, page) : sinceId(stream, state, cursor, page);
  }

  /**
   * Mentions and listening search results come newest first and only newer than {@code since_id}:
   * every item is new.
   */
  private PollBatch sinceId(Stream stream, State state, String cursor, XApi.Page page) {
    List<RawInbound> items = page.items().stream().map(i -> raw(stream, page, i)).toList();
    return paged(stream, state, cursor, page, items, page.nextToken());
  }

  /** DM events come newest first with no {@code since_id}: new ones are those above the cursor. */
  private PollBatch dms(State state, String cursor, XApi.Page page) {
    BigInteger last = cursor == null ? null : new BigInteger(cursor);
    List<RawInbound> items = new ArrayList<>();
    boolean reachedCursor = false;
    for (JsonNode item : page.items()) {
      BigInteger id = XApi.numericId(item);
      if (last != null && id != null && id.compareTo(last) <= 0) {
        reachedCursor = true;
      } else {
        items.add(raw(Stream.DMS, page, item));
      }
    }
    String nextToken = reachedCursor || items.isEmpty() ? null : page.nextToken();
    return paged(Stream.DMS, state, cursor, page, items, nextToken);
  }

  /** One page as a batch; the cursor moves to the result's newest id with its last page. */
  private PollBatch paged(
      Stream stream, State state, String cursor, XApi.Page page, List<RawInbound> items, String nextToken) {
    if (state.pageToken == null) {
      state.cursorAtEnd = max(cursor, page.newestId());
    }
    if (nextToken != null && !nextToken.equals(state.pageToken)) {
      state.pageToken = nextToken;
      return new PollBatch(account.id(), stream.cursorName(), cursor, items);
    }
    String end = state.cursorAtEnd;
    restart(state);
    if (items.isEmpty()) {
      if (end != null && !end.equals(cursor)) {
        // nothing on the last page to go through ingest, and every earlier page did
        cursors.put(account.id(), stream.cursorName(), end);
      }
      return PollBatch.empty(account.id(), stream.cursorName());
    }
    return new PollBatch(account.id(), stream.cursorName(), end, items);
  }

  private static String max(String cursor, String newest) {
    if (cursor == null) {
      return newest;
    }
    if (newest == null) {
      return cursor;
    }
    return new BigInteger(newest).compareTo(new BigInteger(cursor)) > 0 ? newest : cursor;
  }

  private static void restart(State state) {
    state.pageToken = null;
    state.cursorAtEnd = null;
  }

  private RawInbound raw(Stream stream, XApi.Page page, JsonNode item) {
    String id = item.path("id").asText("?");
    return new RawInbound("x", account.id(), stream.cursorName() + "/" + id, page.document(item));
  }

  private PollBatch failed(Stream stream, State state, String cursor, XApiException e) {
    Instant now = clock.instant();
    switch (e.kind()) {
      case RATE_LIMITED -> {
        Instant reset = e.resetAt();
        // X gives the reset in whole seconds: a second more keeps us from arriving early
        state.notBefore = reset != null && reset.isAfter(now) ? reset.plusSeconds(1) : now.plus(account.pollInterval());
        LOG.info("{}: {} is rate-limited; resuming at {}", account.id(), stream.cursorName(), state.notBefore);
        return PollBatch.empty(account.id(), stream.cursorName());
      }
      case MALFORMED -> {
        failing(state, e.getMessage(), false);
        state.notBefore = now.plus(backoff(state.failures));
        // the body goes to quarantine; the cursor does not move, so the same page is asked for again
        RawInbound body = new RawInbound("x", account.id(), stream.cursorName() + "/unreadable-page", e.body());
        return new PollBatch(account.id(), stream.cursorName(), cursor, List.of(body));
      }
      default -> {
        if (e.kind() == XApiException.Kind.REJECTED) {
          // e.g. an expired pagination_token: start that result again from the stored cursor
          restart(state);
        }
        failing(state, e.getMessage(), e.kind() == XApiException.Kind.AUTH && e.status() == 401);
        state.notBefore = now.plus(backoff(state.failures));
        return PollBatch.empty(account.id(), stream.cursorName());
      }
    }
  }

  /** @param credentials whether X refused the credentials (401): a person must renew them */
  private void failing(State state, String reason, boolean credentials) {
    state.failures++;
    state.failing = true;
    LOG.warn("{}: X poll failed ({} in a row): {}", account.id(), state.failures, reason);
    if (credentials) {
      health.credentialsRefused(account.id(), reason);
    } else {
      health.failure(account.id(), reason);
    }
  }

  private void succeeded(State state) {
    state.failures = 0;
    state.failing = false;
    if (states.values().stream().noneMatch(s -> s.failing)) {
      health.success(account.id());
    }
  }

  /** {@code retry.backoff} doubled for each failure in a row, at most {@code retry.backoff.max}. */
  private Duration backoff(int failures) {
    return backoff.delay(failures);
  }

  /**
   * Nothing new: waits the poll interval, or until the earliest stream comes off a rate limit or a
   * backoff when that is sooner, or, when every stream is parked, until the first is free again.
   */
  private void waitForMore() {
    Instant now = clock.instant();
    Instant until = now.plus(account.pollInterval());
    boolean anyFree = streams.isEmpty();
    Instant earliestParked = null;
    for (State s : states.values()) {
      if (!s.notBefore.isAfter(now)) {
        anyFree = true;
      } else if (earliestParked == null || s.notBefore.isBefore(earliestParked)) {
        earliestParked = s.notBefore;
      }
    }
    if (earliestParked != null && (!anyFree || earliestParked.isBefore(until))) {
      until = earliestParked;
    }
    sleepUntil(until);
  }

  private void sleepUntil(Instant until) {
    synchronized (wake) {
      long nanos;
      while (!closed && (nanos = Duration.between(clock.instant(), until).toNanos()) > 0) {
        try {
          // rounded up: waking a fraction of a millisecond early would find the stream still parked
          wake.wait((nanos + 999_999) / 1_000_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  @Override
  public String toString() {
    return "XPoller[" + account.id() + " " + Objects.toString(streams) + "]";
  }
}
