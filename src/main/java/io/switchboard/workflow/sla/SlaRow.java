package io.switchboard.workflow.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * One conversation's clocks, as read from {@code conversation_sla}; changed in memory by {@link
 * SlaClocks} and written back only if nobody else wrote in between ({@link #version}).
 */
final class SlaRow {
  static final String COLUMNS =
      "conversation_id, policy, calendar_name, row_version, paused_at,"
          + " first_response_due_at, first_response_warn_at, first_response_at, first_response_met,"
          + " first_response_warned_at, first_response_escalated_at,"
          + " next_response_started_at, next_response_due_at, next_response_warn_at, next_response_breaches,"
          + " next_response_warned_at, next_response_breached_at, next_response_escalated_at,"
          + " resolution_due_at, resolution_warn_at, resolved_at, resolution_met,"
          + " resolution_warned_at, resolution_escalated_at, warned_at, breached_at, escalated_at";

  long conversationId;
  String policy;
  String calendar;
  int version;
  Instant pausedAt;
  Instant firstDue;
  Instant firstWarn;
  Instant firstAt;
  Boolean firstMet;
  Instant firstWarned;
  Instant firstEscalated;
  Instant nextStarted;
  Instant nextDue;
  Instant nextWarn;
  int nextBreaches;
  Instant nextWarned;
  Instant nextBreached;
  Instant nextEscalated;
  Instant resolutionDue;
  Instant resolutionWarn;
  Instant resolvedAt;
  Boolean resolutionMet;
  Instant resolutionWarned;
  Instant resolutionEscalated;
  Instant warnedAt;
  Instant breachedAt;
  Instant escalatedAt;

  static SlaRow read(ResultSet rs) throws SQLException {
    SlaRow r = new SlaRow();
    r.conversationId = rs.getLong("conversation_id");
    r.policy = rs.getString("policy");
    r.calendar = rs.getString("calendar_name");
    r.version = rs.getInt("row_version");
    r.pausedAt = at(rs, "paused_at");
    r.firstDue = at(rs, "first_response_due_at");
    r.firstWarn = at(rs, "first_response_warn_at");
    r.firstAt = at(rs, "first_response_at");
    r.firstMet = bool(rs, "first_response_met");
    r.firstWarned = at(rs, "first_response_warned_at");
    r.firstEscalated = at(rs, "first_response_escalated_at");
    r.nextStarted = at(rs, "next_response_started_at");
    r.nextDue = at(rs, "next_response_due_at");
    r.nextWarn = at(rs, "next_response_warn_at");
    r.nextBreaches = rs.getInt("next_response_breaches");
    r.nextWarned = at(rs, "next_response_warned_at");
    r.nextBreached = at(rs, "next_response_breached_at");
    r.nextEscalated = at(rs, "next_response_escalated_at");
    r.resolutionDue = at(rs, "resolution_due_at");
    r.resolutionWarn = at(rs, "resolution_warn_at");
    r.resolvedAt = at(rs, "resolved_at");
    r.resolutionMet = bool(rs, "resolution_met");
    r.resolutionWarned = at(rs, "resolution_warned_at");
    r.resolutionEscalated = at(rs, "resolution_escalated_at");
    r.warnedAt = at(rs, "warned_at");
    r.breachedAt = at(rs, "breached_at");
    r.escalatedAt = at(rs, "escalated_at");
    return r;
  }

  private static Instant at(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Boolean bool(ResultSet rs, String column) throws SQLException {
    boolean b = rs.getBoolean(column);
    return rs.wasNull() ? null : b;
  }

  /** The first response clock runs: no reply yet, not paused. */
  boolean firstRunning() {
    return firstDue != null && firstAt == null && pausedAt == null;
  }

  boolean nextRunning() {
    return nextDue != null && pausedAt == null;
  }

  boolean resolutionRunning() {
    return resolutionDue != null && resolvedAt == null && pausedAt == null;
  }
}
