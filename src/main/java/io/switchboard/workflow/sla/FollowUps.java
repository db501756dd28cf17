package io.switchboard.workflow.sla;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.workflow.WorkflowEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follow-ups: snoozing (the conversation is pending until a time or until the customer writes,
 * whichever comes first) and the optional check-back message some time after resolution. The tick
 * wakes snoozes and sends check-backs; each is claimed by a conditional UPDATE first, so a wake or
 * a check-back happens once however many instances tick.
 */
public final class FollowUps implements WorkflowEvents {
  private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

  private final Jdbi jdbi;
  private final FollowUpStore store;
  private final SlaClocks clocks;
  private final SlaSettings.CheckBack checkBack;
  private final Optional<CheckBack> sender;
  private final Clock clock;
  private volatile WorkflowEventStore events;

  FollowUps(Jdbi jdbi, SlaClocks clocks, SlaSettings.CheckBack checkBack, Optional<CheckBack> sender, Clock clock) {
    this.jdbi = jdbi;
    this.store = new FollowUpStore(jdbi);
    this.clocks = clocks;
    this.checkBack = checkBack;
    this.sender = sender;
    this.clock = clock;
  }

  void setEvents(WorkflowEventStore events) {
    this.events = events;
  }

  /** A conversation's follow-up state; {@code until} null when snoozed until the customer writes. */
  public record State(Instant snoozedUntil, boolean untilCustomer, String snoozedBy, Instant checkBackDueAt, Instant checkBackSentAt, Long checkBackMessageId) {
    public boolean snoozed() {
      return snoozedUntil != null || untilCustomer;
    }
  }

  public Optional<State> state(long conversationId) {
    return store.find(conversationId);
  }

  /**
   * Records a snooze until {@code until} (or, when null, until the customer writes); the caller
   * then sets the conversation pending. A customer's message ends it either way.
   */
  public void snooze(long conversationId, Instant until, String actor) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          FollowUpStore.snooze(h, conversationId, until, actor, now);
          SlaStore.activity(h, conversationId, actor, "snoozed", until == null ? "until the customer writes" : "until " + until, now);
        });
  }

  @Override
  public void customerWrote(long conversationId, long messageId, boolean opened, WorkflowEvent.Facts message) {
    if (opened) {
      return;
    }
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          if (FollowUpStore.endSnooze(h, conversationId, now) == 1) {
            SlaStore.activity(h, conversationId, Escalations.ACTOR, "woke", "the customer wrote", now);
          }
          // reopened by the customer: no check-back on a conversation that is going on
          FollowUpStore.cancelCheckBack(h, conversationId, now);
        });
  }

  @Override
  public void statusChanged(long conversationId, String from, String to, String actor) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          if (!"pending".equals(to) && FollowUpStore.endSnooze(h, conversationId, now) == 1) {
            SlaStore.activity(h, conversationId, actor, "unsnoozed", "status " + to, now);
          }
          if ("resolved".equals(to) && checkBack.enabled()) {
            FollowUpStore.planCheckBack(h, conversationId, now.plus(checkBack.after()), now);
          } else if (!"resolved".equals(to)) {
            FollowUpStore.cancelCheckBack(h, conversationId, now);
          }
        });
  }

  /** What one tick did. */
  record Result(int woken, int checkBacks) {}

  Result tick() {
    Instant now = clock.instant();
    int woken = 0;
    for (long id : store.dueSnoozes(now)) {
      if (wake(id, now)) {
        woken++;
      }
    }
    int sent = 0;
    if (sender.isPresent()) {
      for (long id : store.dueCheckBacks(now)) {
        if (checkBack(id, now)) {
          sent++;
        }
      }
    }
    return new Result(woken, sent);
  }

  /** Ends a snooze whose time came: open again, clocks running, an activity row; once. */
  private boolean wake(long id, Instant now) {
    Boolean reopened =
        jdbi.inTransaction(
            h -> {
              if (!FollowUpStore.claimWake(h, id, now)) {
                return null;
              }
              boolean opened = FollowUpStore.openIfPending(h, id, now);
              SlaStore.activity(h, id, Escalations.ACTOR, "woke", "snooze ended", now);
              if (opened) {
                SlaStore.activity(h, id, Escalations.ACTOR, "status", "open", now);
                clocks.statusChanged(h, id, "open", now);
                WorkflowEventStore out = events;
                if (out != null) {
                  // in this transaction: the reactions hear of the wake whatever happens next
                  out.append(WorkflowEvent.statusChanged(id, "pending", "open", Escalations.ACTOR));
                }
              }
              return opened;
            });
    return reopened != null;
  }

  /** Claims the conversation's one check-back, then queues it; never a second time. */
  private boolean checkBack(long id, Instant now) {
    if (!store.claimCheckBack(id, now)) {
      return false;
    }
    try {
      long messageId = sender.get().send(id);
      jdbi.useTransaction(
          h -> {
            FollowUpStore.checkBackQueued(h, id, messageId);
            SlaStore.activity(h, id, Escalations.ACTOR, "check-back", "queued message " + messageId, clock.instant());
          });
      return true;
    } catch (CheckBack.NotSent | RuntimeException e) {
      LOG.warn("conversation {}: check-back not sent: {}", id, e.getMessage());
      jdbi.useHandle(h -> SlaStore.activity(h, id, Escalations.ACTOR, "check-back-failed", e.getMessage(), clock.instant()));
      return false;
    }
  }

  /** Used by the API to report the check-back setting. */
  Duration checkBackAfter() {
    return checkBack.enabled() ? checkBack.after() : null;
  }
}
