package io.switchboard.workflow.sla;

import io.switchboard.store.ConversationActions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code conversation_sla} and the rows the SLA writes beside it (activity, audit). Clock changes
 * are read-modify-write guarded by {@code row_version}; warnings and breaches are claimed by one
 * conditional UPDATE each, so whoever's UPDATE changed the row is the only one to act on it.
 */
final class SlaStore {
  /** Candidates looked at per target and per tick; the rest wait for the next tick. */
  static final int BATCH = 200;

  private final Jdbi jdbi;

  SlaStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  Optional<SlaRow> find(long conversationId) {
    return jdbi.withHandle(h -> find(h, conversationId));
  }

  static Optional<SlaRow> find(Handle h, long conversationId) {
    return h.createQuery("SELECT " + SlaRow.COLUMNS + " FROM conversation_sla WHERE conversation_id = :c")
        .bind("c", conversationId)
        .map((rs, ctx) -> SlaRow.read(rs))
        .findOne();
  }

  /** Starts the clocks of a new conversation; false when it has them already. */
  boolean create(SlaRow r, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO conversation_sla (conversation_id, policy, calendar_name,"
                        + " first_response_due_at, first_response_warn_at, resolution_due_at, resolution_warn_at,"
                        + " updated_at) SELECT :c, :p, :cal, :fd, :fw, :rd, :rw, :now FROM (VALUES(0)) AS x(n)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM conversation_sla WHERE conversation_id = :c)")
                .bind("c", r.conversationId)
                .bind("p", r.policy)
                .bind("cal", r.calendar)
                .bind("fd", ts(r.firstDue))
                .bind("fw", ts(r.firstWarn))
                .bind("rd", ts(r.resolutionDue))
                .bind("rw", ts(r.resolutionWarn))
                .bind("now", ts(now))
                .execute()
            == 1);
  }

  /**
   * Applies {@code change} to the conversation's clocks and writes them back unless another writer
   * came first, in which case it reads again and retries. {@code change} returns false when there
   * is nothing to write.
   *
   * @return whether a change was written
   */
  static boolean update(Handle h, long conversationId, Instant now, Predicate<SlaRow> change) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<SlaRow> found = find(h, conversationId);
      if (found.isEmpty() || !change.test(found.get())) {
        return false;
      }
      if (write(h, found.get(), now)) {
        return true;
      }
    }
    throw new IllegalStateException("conversation " + conversationId + ": SLA clocks changed by others ten times in a row");
  }

  boolean update(long conversationId, Instant now, Predicate<SlaRow> change) {
    return jdbi.inTransaction(h -> update(h, conversationId, now, change));
  }

  private static boolean write(Handle h, SlaRow r, Instant now) {
    return h.createUpdate(
                "UPDATE conversation_sla SET row_version = row_version + 1, updated_at = :now, paused_at = :paused,"
                    + " first_response_due_at = :fd, first_response_warn_at = :fw, first_response_at = :fa,"
                    + " first_response_met = :fm, next_response_started_at = :ns, next_response_due_at = :nd,"
                    + " next_response_warn_at = :nw, next_response_breaches = :nb, next_response_warned_at = :nwd,"
                    + " next_response_breached_at = :nbd, resolution_due_at = :rd, resolution_warn_at = :rw,"
                    + " resolved_at = :ra, resolution_met = :rm, breached_at = :b"
                    + " WHERE conversation_id = :c AND row_version = :v")
            .bind("now", ts(now))
            .bind("paused", ts(r.pausedAt))
            .bind("fd", ts(r.firstDue))
            .bind("fw", ts(r.firstWarn))
            .bind("fa", ts(r.firstAt))
            .bind("fm", r.firstMet)
            .bind("ns", ts(r.nextStarted))
            .bind("nd", ts(r.nextDue))
            .bind("nw", ts(r.nextWarn))
            .bind("nb", r.nextBreaches)
            .bind("nwd", ts(r.nextWarned))
            .bind("nbd", ts(r.nextBreached))
            .bind("rd", ts(r.resolutionDue))
            .bind("rw", ts(r.resolutionWarn))
            .bind("ra", ts(r.resolvedAt))
            .bind("rm", r.resolutionMet)
            .bind("b", ts(r.breachedAt))
            .bind("c", r.conversationId)
            .bind("v", r.version)
            .execute()
        == 1;
  }

  /** Conversations whose warning for {@code t} is due and not yet written. */
  List<Long> dueWarnings(Target t, Instant now) {
    return ids("SELECT conversation_id FROM conversation_sla WHERE " + warnable(t) + " ORDER BY " + t.column() + "_warn_at", now);
  }

  /** Conversations whose {@code t} clock ran out and was not yet handled. */
  List<Long> dueBreaches(Target t, Instant now) {
    return ids("SELECT conversation_id FROM conversation_sla WHERE " + breachable(t) + " ORDER BY " + t.column() + "_due_at", now);
  }

  private List<Long> ids(String sql, Instant now) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("now", ts(now)).setMaxRows(BATCH).mapTo(Long.class).list());
  }

  /** A running clock whose warning time has come and that has not warned (this cycle). */
  private static String warnable(Target t) {
    String c = t.column();
    return c + "_warn_at <= :now AND " + c + "_warned_at IS NULL AND paused_at IS NULL AND " + running(t);
  }

  /** A running clock past its due time that has not been handled (this cycle, for next response). */
  private static String breachable(Target t) {
    String c = t.column();
    String guard = t == Target.NEXT_RESPONSE ? "next_response_breached_at" : c + "_escalated_at";
    return c + "_due_at <= :now AND " + guard + " IS NULL AND paused_at IS NULL AND " + running(t);
  }

  private static String running(Target t) {
    return switch (t) {
      case FIRST_RESPONSE -> "first_response_at IS NULL";
      case NEXT_RESPONSE -> "next_response_due_at IS NOT NULL";
      case RESOLUTION -> "resolved_at IS NULL";
    };
  }

  /** Claims the warning of {@code t}: true for exactly one caller per clock (per cycle). */
  static boolean claimWarning(Handle h, Target t, long conversationId, Instant now) {
    return h.createUpdate(
                "UPDATE conversation_sla SET " + t.column() + "_warned_at = :now, warned_at = COALESCE(warned_at, :now),"
                    + " row_version = row_version + 1, updated_at = :now WHERE conversation_id = :c AND " + warnable(t))
            .bind("now", ts(now))
            .bind("c", conversationId)
            .execute()
        == 1;
  }

  /**
   * Claims the breach of {@code t}: true for exactly one caller. For first response and resolution
   * the target is also marked missed; next response counts one more breach for this cycle.
   */
  static boolean claimBreach(Handle h, Target t, long conversationId, Instant now) {
    String set =
        switch (t) {
          case FIRST_RESPONSE -> "first_response_escalated_at = :now, first_response_met = FALSE";
          case NEXT_RESPONSE -> "next_response_breached_at = :now, next_response_breaches = next_response_breaches + 1";
          case RESOLUTION -> "resolution_escalated_at = :now, resolution_met = FALSE";
        };
    return h.createUpdate(
                "UPDATE conversation_sla SET " + set + ", breached_at = COALESCE(breached_at, :now),"
                    + " row_version = row_version + 1, updated_at = :now WHERE conversation_id = :c AND " + breachable(t))
            .bind("now", ts(now))
            .bind("c", conversationId)
            .execute()
        == 1;
  }

  /**
   * Claims the one escalation of {@code t} on this conversation. First response and resolution
   * escalate with their breach claim; next response escalates on its first breached cycle only.
   */
  static boolean claimEscalation(Handle h, Target t, long conversationId, Instant now) {
    if (t == Target.NEXT_RESPONSE) {
      int n =
          h.createUpdate(
                  "UPDATE conversation_sla SET next_response_escalated_at = :now, row_version = row_version + 1"
                      + " WHERE conversation_id = :c AND next_response_escalated_at IS NULL")
              .bind("now", ts(now))
              .bind("c", conversationId)
              .execute();
      if (n == 0) {
        return false;
      }
    }
    h.createUpdate("UPDATE conversation_sla SET escalated_at = COALESCE(escalated_at, :now) WHERE conversation_id = :c")
        .bind("now", ts(now))
        .bind("c", conversationId)
        .execute();
    return true;
  }

  /** A row in the conversation's activity (the live feed and the conversation view show it). */
  /** The escalation's reassignment and raised urgency, in its transaction. */
  static void reassign(Handle h, long conversationId, String assignee, String urgency, Instant now) {
    h.createUpdate("UPDATE conversation SET assignee = :a, urgency = :u, updated_at = :now WHERE id = :id")
        .bind("a", assignee)
        .bind("u", urgency)
        .bind("now", ts(now))
        .bind("id", conversationId)
        .execute();
  }

  /** Whether a user exists, is enabled and may work conversations. */
  static boolean canWork(Handle h, String username) {
    return h.createQuery(
            "SELECT COUNT(*) FROM app_user WHERE username = :u AND disabled = FALSE AND role IN ('agent', 'lead', 'admin')")
        .bind("u", username)
        .mapTo(Integer.class)
        .one()
        > 0;
  }

  static void activity(Handle h, long conversationId, String actor, String kind, String detail, Instant now) {
    h.createUpdate(
            "INSERT INTO conversation_activity (conversation_id, actor, kind, detail, created_at)"
                + " VALUES (:c, :a, :k, :d, :now)")
        .bind("c", conversationId)
        .bind("a", actor)
        .bind("k", kind)
        .bind("d", detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500))
        .bind("now", ts(now))
        .execute();
  }

  /** A row in the audit log, in the same transaction as the change. */
  static void audit(Handle h, String actor, String action, long conversationId, String detail, Instant now) {
    h.createUpdate(
            "INSERT INTO audit_log (occurred_at, actor, action, target_type, target_id, detail)"
                + " VALUES (:now, :a, :act, 'conversation', :c, :d)")
        .bind("now", ts(now))
        .bind("a", actor)
        .bind("act", action)
        .bind("c", conversationId)
        .bind("d", detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000))
        .execute();
  }

  /** What the SLA needs to know of a conversation. */
  record Conversation(long id, String channel, String status, String assignee, String urgency, String subject) {}

  static Optional<Conversation> conversation(Handle h, long id) {
    return h.createQuery("SELECT id, channel, status, assignee, urgency, subject FROM conversation WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> new Conversation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)))
        .findOne();
  }

  /**
   * Whether the conversation is a post found by listening (kind {@code mention}, ADR 0041): nobody
   * wrote to us, so no SLA clock runs for it (ADR 0045).
   */
  boolean mention(long id) {
    return ConversationActions.isMention(jdbi, id);
  }

  Optional<Conversation> conversation(long id) {
    return jdbi.withHandle(h -> conversation(h, id));
  }
}
