package io.switchboard.channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The inbound routes' bean: every configured account's poller, by account id. An account an admin
 * paused is not polled: its route gets an empty batch about once a second until it is resumed
 * (the pause is in the database, so every instance obeys it; it is looked up at most once a
 * second per account, so other instances follow within a second).
 */
public final class Inbound implements AutoCloseable {
  private static final long PAUSE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<String, InboundPoller> pollers;
  private final Predicate<String> paused;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private record Check(boolean paused, long at) {}

  public Inbound(List<InboundPoller> pollers) {
    this(pollers, account -> false);
  }

  /** @param paused whether an admin paused reading an account */
  public Inbound(List<InboundPoller> pollers, Predicate<String> paused) {
    this.pollers = pollers.stream().collect(Collectors.toMap(InboundPoller::accountId, Function.identity()));
    this.paused = paused;
  }

  public PollBatch poll(String account) {
    InboundPoller p = poller(account);
    if (isPaused(account)) {
      try {
        closing.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return PollBatch.empty(account, "paused");
    }
    PollBatch batch = p.poll();
    if (!batch.isEmpty() && isPaused(account)) {
      // paused while this poll was under way: its cursor is not committed, so the batch is read
      // again on resume, as after a failed ingest
      return PollBatch.empty(account, "paused");
    }
    return batch;
  }

  private boolean isPaused(String account) {
    long now = System.nanoTime();
    Check c = checks.get(account);
    if (c == null || now - c.at() >= PAUSE_CHECK_NANOS) {
      c = new Check(paused.test(account), now);
      checks.put(account, c);
    }
    return c.paused();
  }

  /** Looks the account's pause up again at its next poll (this instance changed it). */
  public void recheck(String account) {
    checks.remove(account);
  }

  public void commit(PollBatch batch) {
    if (!batch.isEmpty()) {
      poller(batch.account()).commit(batch);
    }
  }

  /** The pollers, each needing a route from its channel's {@code <channel>-inbound} template. */
  public List<InboundPoller> pollers() {
    return List.copyOf(pollers.values());
  }

  private InboundPoller poller(String account) {
    InboundPoller p = pollers.get(account);
    if (p == null) {
      throw new IllegalArgumentException("no account " + account);
    }
    return p;
  }

  @Override
  public void close() {
    closing.countDown();
    pollers.values().forEach(InboundPoller::close);
  }
}
