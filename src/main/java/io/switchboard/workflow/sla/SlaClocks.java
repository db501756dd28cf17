package io.switchboard.workflow.sla;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.workflow.WorkflowEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Runs each conversation's SLA clocks from what happens to it (see ADR 0011):
 *
 * <ul>
 *   <li>a new conversation starts the first-response and resolution clocks on its policy;
 *   <li>only a reply to the customer meets a response target; notes do nothing;
 *   <li>any status but open (pending: waiting on the customer; resolved; closed) stops the
 *       clocks, and open again moves every due time out by the working time spent stopped;
 *   <li>a customer's message after a reply starts the next-response clock; resolution records
 *       whether the resolution target was met;
 *   <li>a reply after the due time records the breach; escalation is only ever the tick's.
 * </ul>
 *
 * Thread-safe: each change is a read-modify-write of one row, retried when another writer (an
 * event on another thread, the tick, another instance) came first.
 */
public final class SlaClocks implements WorkflowEvents {
  private static final Set<String> STOPPED = Set.of("resolved", "closed");

  private final SlaStore store;
  private final Policies policies;
  private final double warnShare;
  private final Set<String> ignoredAuthors;
  private final Clock clock;

  /**
   * @param ignoredAuthors authors whose replies are not an agent's (the check-back message)
   */
  SlaClocks(SlaStore store, Policies policies, double warnShare, Set<String> ignoredAuthors, Clock clock) {
    this.store = store;
    this.policies = policies;
    this.warnShare = warnShare;
    this.ignoredAuthors = Set.copyOf(ignoredAuthors);
    this.clock = clock;
  }

  @Override
  public void customerWrote(long conversationId, long messageId, boolean opened, WorkflowEvent.Facts message) {
    Instant now = clock.instant();
    if (message.mentionOr(() -> store.mention(conversationId))) {
      return; // a public post about the brand, found by listening: nobody waits for our reply
    }
    if (opened) {
      // creates the clocks only if the conversation has none: a delivery again changes nothing
      start(conversationId, message.channel(), message.urgency(), now);
      return;
    }
    Optional<SlaStore.Conversation> c = store.conversation(conversationId);
    if (c.isEmpty()) {
      return;
    }
    Policies.Policy policy = policies.policyFor(c.get().channel(), c.get().urgency());
    store.update(
        conversationId,
        now,
        row -> {
          // ingest reopened the conversation: its clocks run again, then the customer waits for a reply
          boolean changed = status(row, "open", now);
          return startNext(row, policy, now) | changed;
        });
  }

  @Override
  public void agentReplied(long conversationId, long messageId, String author) {
    if (author != null && ignoredAuthors.contains(author)) {
      return;
    }
    Instant now = clock.instant();
    store.update(conversationId, now, row -> replied(row, now));
  }

  @Override
  public void statusChanged(long conversationId, String from, String to, String actor) {
    Instant now = clock.instant();
    store.update(conversationId, now, row -> status(row, to, now));
  }

  /** The same as a status change event, inside a caller's transaction (waking a snooze). */
  void statusChanged(Handle h, long conversationId, String to, Instant now) {
    SlaStore.update(h, conversationId, now, row -> status(row, to, now));
  }

  /** Starts the clocks of a new conversation on the policy for its channel and urgency. */
  void start(long conversationId, String channel, String urgency, Instant now) {
    Policies.Policy policy = policies.policyFor(channel, urgency);
    BusinessCalendar cal = policy.calendar();
    SlaRow row = new SlaRow();
    row.conversationId = conversationId;
    row.policy = policy.name();
    row.calendar = cal.name();
    policy.target(Target.FIRST_RESPONSE).ifPresent(t -> {
      row.firstDue = cal.plus(now, t);
      row.firstWarn = warnAt(cal, now, t);
    });
    policy.target(Target.RESOLUTION).ifPresent(t -> {
      row.resolutionDue = cal.plus(now, t);
      row.resolutionWarn = warnAt(cal, now, t);
    });
    store.create(row, now);
  }

  private Instant warnAt(BusinessCalendar cal, Instant start, Duration target) {
    return warnShare <= 0 ? null : cal.plus(start, Duration.ofMillis(Math.round(target.toMillis() * warnShare)));
  }

  /** An agent's reply: meets the first response, ends a next-response wait; late is a breach. */
  static boolean replied(SlaRow row, Instant now) {
    // while stopped the clocks stand still at the moment they stopped
    Instant effective = row.pausedAt != null ? row.pausedAt : now;
    boolean changed = false;
    if (row.firstAt == null) {
      row.firstAt = now;
      if (row.firstDue != null) {
        boolean inTime = !effective.isAfter(row.firstDue);
        row.firstMet = Boolean.FALSE.equals(row.firstMet) ? Boolean.FALSE : inTime;
        if (!row.firstMet && row.breachedAt == null) {
          row.breachedAt = now;
        }
      }
      changed = true;
    }
    if (row.nextDue != null) {
      endNext(row, effective, now);
      changed = true;
    }
    return changed;
  }

  /** Ends the next-response wait, counting a breach the tick has not counted yet. */
  private static void endNext(SlaRow row, Instant effective, Instant now) {
    if (row.nextBreached == null && effective.isAfter(row.nextDue)) {
      row.nextBreaches++;
      row.nextBreached = now;
      if (row.breachedAt == null) {
        row.breachedAt = now;
      }
    }
    row.nextDue = null;
    row.nextWarn = null;
  }

  /** A status: open runs the clocks, anything else stops them; resolved records the resolution. */
  boolean status(SlaRow row, String to, Instant now) {
    boolean stopped = !"open".equals(to);
    boolean resolved = STOPPED.contains(to);
    boolean changed = false;
    if (!resolved && row.resolvedAt != null) {
      // reopened: resolution is unfinished again; a missed target stays missed
      row.resolvedAt = null;
      if (Boolean.TRUE.equals(row.resolutionMet)) {
        row.resolutionMet = null;
      }
      changed = true;
    }
    if (resolved && row.resolvedAt == null) {
      Instant effective = row.pausedAt != null ? row.pausedAt : now;
      row.resolvedAt = now;
      if (row.resolutionDue != null && !Boolean.FALSE.equals(row.resolutionMet)) {
        row.resolutionMet = !effective.isAfter(row.resolutionDue);
        if (!row.resolutionMet && row.breachedAt == null) {
          row.breachedAt = now;
        }
      }
      if (row.nextDue != null) {
        endNext(row, effective, now);
      }
      changed = true;
    }
    if (stopped && row.pausedAt == null) {
      row.pausedAt = now;
      changed = true;
    }
    if (!stopped && row.pausedAt != null) {
      resume(row, now);
      changed = true;
    }
    return changed;
  }

  /** Moves every running due time out by the working time the clocks stood still. */
  private void resume(SlaRow row, Instant now) {
    BusinessCalendar cal = policies.calendar(row.calendar);
    Instant from = row.pausedAt;
    if (row.firstAt == null) {
      row.firstDue = shift(cal, row.firstDue, from, now);
      row.firstWarn = shift(cal, row.firstWarn, from, now);
    }
    row.nextDue = shift(cal, row.nextDue, from, now);
    row.nextWarn = shift(cal, row.nextWarn, from, now);
    if (row.resolvedAt == null) {
      row.resolutionDue = shift(cal, row.resolutionDue, from, now);
      row.resolutionWarn = shift(cal, row.resolutionWarn, from, now);
    }
    row.pausedAt = null;
  }

  /** The working time left at {@code pausedAt} counted again from {@code now}; past ones stay. */
  private static Instant shift(BusinessCalendar cal, Instant due, Instant pausedAt, Instant now) {
    if (due == null || !due.isAfter(pausedAt)) {
      return due;
    }
    return cal.plus(now, cal.between(pausedAt, due));
  }

  /** The customer wrote after a reply: the next-response clock starts unless it runs already. */
  private boolean startNext(SlaRow row, Policies.Policy policy, Instant now) {
    Optional<Duration> target = policy.target(Target.NEXT_RESPONSE);
    if (row.firstAt == null || row.nextDue != null || row.pausedAt != null || target.isEmpty()) {
      return false;
    }
    BusinessCalendar cal = policies.calendar(row.calendar);
    row.nextStarted = now;
    row.nextDue = cal.plus(now, target.get());
    row.nextWarn = warnAt(cal, now, target.get());
    row.nextWarned = null;
    row.nextBreached = null;
    return true;
  }
}
