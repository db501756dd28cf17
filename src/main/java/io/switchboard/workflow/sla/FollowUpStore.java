package io.switchboard.workflow.sla;

import static io.switchboard.workflow.sla.SlaStore.ts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code conversation_follow_up}: snoozes and check-backs. Every change that decides who acts is
 * one conditional UPDATE whose count says whether this caller won it ({@link FollowUps} acts only
 * then). Methods taking a {@link Handle} run inside the caller's transaction.
 */
final class FollowUpStore {
  private final Jdbi jdbi;

  FollowUpStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Optional<FollowUps.State> find(long conversationId) {
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
                      return new FollowUps.State(
                          at(rs.getTimestamp(1)), rs.getBoolean(2), rs.getString(3), at(rs.getTimestamp(4)), at(rs.getTimestamp(5)), messageId);
                    })
                .findOne());
  }

  private static Instant at(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** Snoozed until {@code until}, or until the customer writes when it is null. */
  static void snooze(Handle h, long conversationId, Instant until, String actor, Instant now) {
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
  }

  /** Ends any snooze; 1 when there was one. */
  static int endSnooze(Handle h, long conversationId, Instant now) {
    return h.createUpdate(
            "UPDATE conversation_follow_up SET snoozed_until = NULL, until_customer = FALSE, updated_at = :now"
                + " WHERE conversation_id = :c AND (snoozed_until IS NOT NULL OR until_customer = TRUE)")
        .bind("now", ts(now))
        .bind("c", conversationId)
        .execute();
  }

  /** Plans the check-back unless it was claimed already (a second resolution never sends another). */
  static void planCheckBack(Handle h, long conversationId, Instant due, Instant now) {
    ensureRow(h, conversationId, now);
    h.createUpdate(
            "UPDATE conversation_follow_up SET check_back_due_at = :due, updated_at = :now"
                + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL")
        .bind("due", ts(due))
        .bind("now", ts(now))
        .bind("c", conversationId)
        .execute();
  }

  /** Drops a planned check-back that nobody claimed yet. */
  static void cancelCheckBack(Handle h, long conversationId, Instant now) {
    h.createUpdate(
            "UPDATE conversation_follow_up SET check_back_due_at = NULL, updated_at = :now"
                + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL AND check_back_due_at IS NOT NULL")
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

  /** Conversations whose snooze time has come, earliest first, at most one batch. */
  List<Long> dueSnoozes(Instant now) {
    return ids("SELECT conversation_id FROM conversation_follow_up WHERE snoozed_until <= :now ORDER BY snoozed_until", now);
  }

  /** Resolved conversations whose check-back is due and unclaimed, earliest first, at most one batch. */
  List<Long> dueCheckBacks(Instant now) {
    return ids(
        "SELECT f.conversation_id FROM conversation_follow_up f JOIN conversation c ON c.id = f.conversation_id"
            + " WHERE f.check_back_due_at <= :now AND f.check_back_claimed_at IS NULL AND c.status = 'resolved'"
            + " ORDER BY f.check_back_due_at",
        now);
  }

  private List<Long> ids(String sql, Instant now) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("now", ts(now)).setMaxRows(SlaStore.BATCH).mapTo(Long.class).list());
  }

  /** Claims a due wake-up: true for the one caller whose UPDATE ended the snooze. */
  static boolean claimWake(Handle h, long conversationId, Instant now) {
    return h.createUpdate(
                "UPDATE conversation_follow_up SET snoozed_until = NULL, until_customer = FALSE, updated_at = :now"
                    + " WHERE conversation_id = :c AND snoozed_until <= :now")
            .bind("now", ts(now))
            .bind("c", conversationId)
            .execute()
        == 1;
  }

  /** Opens a pending conversation; false when it was not pending any more. */
  static boolean openIfPending(Handle h, long conversationId, Instant now) {
    return h.createUpdate("UPDATE conversation SET status = 'open', updated_at = :now WHERE id = :c AND status = 'pending'")
            .bind("now", ts(now))
            .bind("c", conversationId)
            .execute()
        == 1;
  }

  /** Claims the conversation's one check-back: true for the one caller that may send it. */
  boolean claimCheckBack(long conversationId, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE conversation_follow_up SET check_back_claimed_at = :now, updated_at = :now"
                            + " WHERE conversation_id = :c AND check_back_claimed_at IS NULL AND check_back_due_at <= :now")
                    .bind("now", ts(now))
                    .bind("c", conversationId)
                    .execute())
        == 1;
  }

  static void checkBackQueued(Handle h, long conversationId, long messageId) {
    h.createUpdate("UPDATE conversation_follow_up SET check_back_message_id = :m WHERE conversation_id = :c")
        .bind("m", messageId)
        .bind("c", conversationId)
        .execute();
  }
}
