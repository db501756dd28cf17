package io.switchboard.workflow.sla;

import static io.switchboard.workflow.sla.SlaStore.ts;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.workflow.WorkflowEvents;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
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
  private final SlaClocks clocks;
  private final SlaSettings.CheckBack checkBack;
  private final Optional<CheckBack> sender;
  private final Clock clock;
  private volatile WorkflowEventStore events;

  FollowUps(Jdbi jdbi, SlaClocks clocks, SlaSettings.CheckBack checkBack, Optional<CheckBack> sender, Clock clock) {
    this.jdbi = jdbi;
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
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT snoozed_until, until_customer, snoozed_by, check_back_due_at, check_back_claimed_at,"
                        + " check_back_message_id FROM conversation_follow_up WHERE conversation_id = :c")
                .bind("c", conversationId)
                .map(
                    (rs, ctx) -> {
                      long m = rs.getLong(6);
                      Long messageId = rs.wasNull() ? null : m;
                      return new State(at(rs.getTimestamp(1)), rs.getBoolean(2), rs.getString(3), at(rs.getTimestamp(4)), at(rs.getTimestamp(5)), messageId);
                    })
                .findOne());
  }

  private static Instant at(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /**
   * Records a snooze until {@code until} (or, when null, until the customer writes); the caller
   * then sets the conversation pending. A customer's message ends it either way.
   */
  public void snooze(long conversationId, Instant until, String actor) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          ensureRow(h, conversationId, now);
          h.createUpdate(
                  "UPDATE conversation_follow_up SET snoozed_until = :u, until_customer = :uc, snoozed_by = :by,"
                      + " updated_at = :now WHERE conversation_id = :c")
              .bind("u", ts(until))
              .bind("uc", until == null)
              .bind("by", actor)
              .bind("now", ts(now))
              .bind("c", conversationId)
              .execute();
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
          if (endSnooze(h, conversationId, now) == 1) {
            SlaStore.activity(h, conversationId, Escalations.ACTOR, "woke", "the customer wrote", now);
          }
          // reopened by the customer: no check-back on a conversation that is going on
          h.createUpdate(
                  "UPDATE conversation_follow_up SET check_back_due_at = NULL, updated_at = :now"
                      + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL AND check_back_due_at IS NOT NULL")
              .bind("now", ts(now))
              .bind("c", conversationId)
              .execute();
        });
  }

  @Override
  public void statusChanged(long conversationId, String from, String to, String actor) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          if (!"pending".equals(to) && endSnooze(h, conversationId, now) == 1) {
            SlaStore.activity(h, conversationId, actor, "unsnoozed", "status " + to, now);
          }
          if ("resolved".equals(to) && checkBack.enabled()) {
            ensureRow(h, conversationId, now);
            h.createUpdate(
                    "UPDATE conversation_follow_up SET check_back_due_at = :due, updated_at = :now"
                        + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL")
                .bind("due", ts(now.plus(checkBack.after())))
                .bind("now", ts(now))
                .bind("c", conversationId)
                .execute();
          } else if (!"resolved".equals(to)) {
            h.createUpdate(
                    "UPDATE conversation_follow_up SET check_back_due_at = NULL, updated_at = :now"
                        + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL AND check_back_due_at IS NOT NULL")
                .bind("now", ts(now))
                .bind("c", conversationId)
                .execute();
          }
        });
  }

  private static int endSnooze(Handle h, long conversationId, Instant now) {
    return h.createUpdate(
            "UPDATE conversation_follow_up SET snoozed_until = NULL, until_customer = FALSE, updated_at = :now"
                + " WHERE conversation_id = :c AND (snoozed_until IS NOT NULL OR until_customer = TRUE)")
        .bind("now", ts(now))
        .bind("c", conversationId)
        .execute();
  }

  private static void ensureRow(Handle h, long conversationId, Instant now) {
    h.createUpdate(
            "INSERT INTO conversation_follow_up (conversation_id, updated_at) SELECT :c, :now FROM (VALUES(0)) AS x(n)"
                + " WHERE NOT EXISTS (SELECT 1 FROM conversation_follow_up WHERE conversation_id = :c)")
        .bind("c", conversationId)
        .bind("now", ts(now))
        .execute();
  }

  /** What one tick did. */
  record Result(int woken, int checkBacks) {}

  Result tick() {
    Instant now = clock.instant();
    int woken = 0;
    for (long id : ids("SELECT conversation_id FROM conversation_follow_up WHERE snoozed_until <= :now ORDER BY snoozed_until", now)) {
      if (wake(id, now)) {
        woken++;
      }
    }
    int sent = 0;
    if (sender.isPresent()) {
      for (long id :
          ids(
              "SELECT f.conversation_id FROM conversation_follow_up f JOIN conversation c ON c.id = f.conversation_id"
                  + " WHERE f.check_back_due_at <= :now AND f.check_back_claimed_at IS NULL AND c.status = 'resolved'"
                  + " ORDER BY f.check_back_due_at",
              now)) {
        if (checkBack(id, now)) {
          sent++;
        }
      }
    }
    return new Result(woken, sent);
  }

  private List<Long> ids(String sql, Instant now) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("now", ts(now)).setMaxRows(SlaStore.BATCH).mapTo(Long.class).list());
  }

  /** Ends a snooze whose time came: open again, clocks running, an activity row; once. */
  private boolean wake(long id, Instant now) {
    Boolean reopened =
        jdbi.inTransaction(
            h -> {
              int claimed =
                  h.createUpdate(
                          "UPDATE conversation_follow_up SET snoozed_until = NULL, until_customer = FALSE, updated_at = :now"
                              + " WHERE conversation_id = :c AND snoozed_until <= :now")
                      .bind("now", ts(now))
                      .bind("c", id)
                      .execute();
              if (claimed == 0) {
                return null;
              }
              int opened =
                  h.createUpdate("UPDATE conversation SET status = 'open', updated_at = :now WHERE id = :c AND status = 'pending'")
                      .bind("now", ts(now))
                      .bind("c", id)
                      .execute();
              SlaStore.activity(h, id, Escalations.ACTOR, "woke", "snooze ended", now);
              if (opened == 1) {
                SlaStore.activity(h, id, Escalations.ACTOR, "status", "open", now);
                clocks.statusChanged(h, id, "open", now);
                WorkflowEventStore out = events;
                if (out != null) {
                  // in this transaction: the reactions hear of the wake whatever happens next
                  out.append(WorkflowEvent.statusChanged(id, "pending", "open", Escalations.ACTOR));
                }
              }
              return opened == 1;
            });
    return reopened != null;
  }

  /** Claims the conversation's one check-back, then queues it; never a second time. */
  private boolean checkBack(long id, Instant now) {
    int claimed =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE conversation_follow_up SET check_back_claimed_at = :now, updated_at = :now"
                            + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL AND check_back_due_at <= :now")
                    .bind("now", ts(now))
                    .bind("c", id)
                    .execute());
    if (claimed == 0) {
      return false;
    }
    try {
      long messageId = sender.get().send(id);
      jdbi.useTransaction(
          h -> {
            h.createUpdate("UPDATE conversation_follow_up SET check_back_message_id = :m WHERE conversation_id = :c")
                .bind("m", messageId)
                .bind("c", id)
                .execute();
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
