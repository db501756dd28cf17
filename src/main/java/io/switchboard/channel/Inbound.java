package io.switchboard.channel;

import io.switchboard.model.PollBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The inbound routes' bean: every configured account's poller, by account id. An account this
 * instance must not read now is not polled: its route gets an empty batch about once a second
 * until that changes. That is an account an admin paused (in the database, so every instance obeys
 * it), or, with several instances on one database, one whose poller lease another instance holds.
 * It is looked up at most once a second per account, so other instances follow within a second.
 */
public final class Inbound implements AutoCloseable {
  private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Map<String, InboundPoller> pollers;
  private final Predicate<String> skip;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private record Check(boolean skip, long at) {}

  public Inbound(List<InboundPoller> pollers) {
    this(pollers, account -> false);
  }

  /** @param skip whether this instance must not read an account now (paused, or read elsewhere) */
  public Inbound(List<InboundPoller> pollers, Predicate<String> skip) {
    this.pollers = pollers.stream().collect(Collectors.toMap(InboundPoller::accountId, Function.identity()));
    this.skip = skip;
  }

  public PollBatch poll(String account) {
    InboundPoller p = poller(account);
    if (skipped(account)) {
      try {
        closing.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      turns.computeIfAbsent(account, a -> new AtomicLong()).incrementAndGet();
      return PollBatch.empty(account, "paused");
    }
    turns.computeIfAbsent(account, a -> new AtomicLong()).incrementAndGet();
    PollBatch batch = p.poll();
    if (!batch.isEmpty() && skipped(account)) {
      // paused (or the lease lost) while this poll was under way: its cursor is not committed,
      // so the batch is read again, as after a failed ingest
      return PollBatch.empty(account, "paused");
    }
    return batch;
  }

  private boolean skipped(String account) {
    long now = System.nanoTime();
    Check c = checks.get(account);
    if (c == null || now - c.at() >= CHECK_NANOS) {
      c = new Check(skip.test(account), now);
      checks.put(account, c);
    }
    return c.skip();
  }

  /**
   * How many turns the account's route has had since start, read or skipped: a paused account's
   * route keeps turning without reading, and this tells that it does (a test waits on it, where it
   * would otherwise sleep and hope).
   */
  public long turns(String account) {
    AtomicLong n = turns.get(account);
    return n == null ? 0 : n.get();
  }

  /** Looks up again at the next poll whether to read the account (this instance paused or resumed it). */
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
