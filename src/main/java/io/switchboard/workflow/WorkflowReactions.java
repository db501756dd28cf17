package io.switchboard.workflow;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.util.Backoff;
import io.switchboard.util.KeyedRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of the {@code workflow-events} route (ADR 0030): {@link #poll} claims due events from
 * the outbox, {@link #handle} hands each to the reactions in order and marks it done. Events of one
 * conversation are handled one after another in their order; different conversations in parallel
 * on a few threads. When a reaction throws, the event is tried again after an exponential backoff
 * ({@code retryBase} doubled per attempt, at most {@code retryMax}) and parked with its error after
 * {@code maxAttempts}; the conversation's later events wait until it is done or parked. Thread-safe.
 */
public final class WorkflowReactions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowReactions.class);

  /** How the bean claims, retries and parks. */
  public record Settings(
      String instance,
      int batch,
      Duration lease,
      Duration idleWait,
      Duration retryBase,
      Duration retryMax,
      int maxAttempts,
      int threads,
      Duration keepDone) {

    /** The defaults for {@code instance}: see {@code config/application.properties}. */
    public static Settings defaults(String instance) {
      return new Settings(
          instance, 200, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10), 8, 2,
          Duration.ofDays(7));
    }
  }

  private final WorkflowEventStore store;
  private final List<WorkflowEvents> reactions = new ArrayList<>();
  private final Settings settings;
  private final Clock clock;
  private final KeyedRuns runs;
  private volatile Instant lastPurge = Instant.EPOCH;

  public WorkflowReactions(WorkflowEventStore store, Settings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.runs = new KeyedRuns("workflow-events", settings.threads());
  }

  /** Adds a reaction; each event goes to the reactions in the order they were added. Call before the route starts. */
  public synchronized WorkflowReactions add(WorkflowEvents reaction) {
    reactions.add(reaction);
    return this;
  }

  public synchronized WorkflowReactions addAll(List<? extends WorkflowEvents> more) {
    reactions.addAll(more);
    return this;
  }

  private synchronized List<WorkflowEvents> reactions() {
    return List.copyOf(reactions);
  }

  /**
   * Claims due events; when there are none, waits up to {@code idleWait} for one appended in this
   * process and claims again, so a change is reacted to within milliseconds while an idle
   * instance reads the table a few times a second.
   */
  public List<WorkflowEvent> poll() throws InterruptedException {
    purgeNowAndThen();
    long seen = store.appendedCount();
    List<WorkflowEvent> claimed = store.claim(settings.instance(), settings.batch(), settings.lease());
    if (!claimed.isEmpty()) {
      return claimed;
    }
    store.awaitAppended(seen, settings.idleWait());
    return store.claim(settings.instance(), settings.batch(), settings.lease());
  }

  /** What one {@link #handle} did. */
  public record Result(int done, int retried, int parked, int held) {
    public int total() {
      return done + retried + parked + held;
    }
  }

  /**
   * Hands each claimed event to every reaction, in order per conversation, and marks it done; a
   * failure schedules a retry (or parks the event) and lets go of the conversation's later events.
   */
  public Result handle(List<WorkflowEvent> events) throws InterruptedException {
    if (events == null || events.isEmpty()) {
      return new Result(0, 0, 0, 0);
    }
    List<WorkflowEvents> each = reactions();
    int started = 0;
    int[] sum;
    try {
      for (WorkflowEvents reaction : each) {
        reaction.batchStarts();
        started++;
      }
      sum =
          runs.run(
              events,
              WorkflowEvent::conversationId,
              conversation -> handleInOrder(conversation, each),
              4,
              // the store itself failed (database down): the claims expire and the events come
              // back
              e -> LOG.warn("workflow events not marked: {}", e.toString()),
              // each thread's conversations over one database handle: the reactions' statements
              // are prepared once per batch, not for every event (HSQLDB compiles each; ADR 0058)
              store::onOneHandle);
    } finally {
      for (WorkflowEvents reaction : each.subList(0, started)) {
        reaction.batchEnds();
      }
    }
    return new Result(sum[0], sum[1], sum[2], sum[3]);
  }

  /** One conversation's events: [done, retried, parked, held]. */
  private int[] handleInOrder(List<WorkflowEvent> events, List<WorkflowEvents> each) {
    int[] r = new int[4];
    boolean failed = false;
    for (WorkflowEvent e : events) {
      if (failed) {
        store.release(e.id(), settings.instance());
        r[3]++;
        continue;
      }
      WorkflowEvents current = null;
      try {
        for (WorkflowEvents reaction : each) {
          current = reaction;
          reaction.on(e);
        }
        // marked one by one: a crash repeats at most the event in hand (ADR 0030)
        current = null;
        store.done(e.id(), settings.instance());
        r[0]++;
      } catch (RuntimeException ex) {
        failed = true;
        String error = (current == null ? "marking done" : name(current)) + ": " + ex;
        if (e.attempts() >= settings.maxAttempts()) {
          store.park(e.id(), settings.instance(), error);
          LOG.warn("workflow event {} ({} on conversation {}) parked after {} attempts: {}",
              e.id(), e.kind(), e.conversationId(), e.attempts(), error);
          r[2]++;
        } else {
          Instant next = clock.instant().plus(backoff(e.attempts()));
          store.retryLater(e.id(), settings.instance(), next, error);
          LOG.info("workflow event {} ({} on conversation {}) failed, attempt {} of {}, again at {}: {}",
              e.id(), e.kind(), e.conversationId(), e.attempts(), settings.maxAttempts(), next, error);
          r[1]++;
        }
      }
    }
    return r;
  }

  /** {@code retryBase} doubled for each attempt made, at most {@code retryMax}. */
  Duration backoff(int attempts) {
    return new Backoff(settings.retryBase(), settings.retryMax()).delay(attempts);
  }

  /** The reaction's class, for the event's error: what an admin looks at first. */
  private static String name(WorkflowEvents reaction) {
    String n = reaction.getClass().getName();
    return n.substring(n.lastIndexOf('.') + 1);
  }

  /**
   * Claims and handles until nothing is due: what the route does, without waiting. For tools and
   * tests that need every reaction to have happened.
   *
   * @return how many events were handled (done, retried or parked)
   */
  public int drain() {
    int n = 0;
    while (true) {
      List<WorkflowEvent> claimed = store.claim(settings.instance(), settings.batch(), settings.lease());
      if (claimed.isEmpty()) {
        return n;
      }
      try {
        Result r = handle(claimed);
        n += r.done() + r.retried() + r.parked();
        if (r.done() + r.retried() + r.parked() == 0) {
          return n;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return n;
      }
    }
  }

  /** Deletes events handled longer than {@code keepDone} ago, at most once an hour. */
  private void purgeNowAndThen() {
    Instant now = clock.instant();
    if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) < 0) {
      return;
    }
    lastPurge = now;
    int purged = store.purgeDone(now.minus(settings.keepDone()));
    if (purged > 0) {
      LOG.info("purged {} workflow events handled before {}", purged, now.minus(settings.keepDone()));
    }
  }

  public WorkflowEventStore store() {
    return store;
  }

  @Override
  public void close() {
    runs.close();
  }
}
