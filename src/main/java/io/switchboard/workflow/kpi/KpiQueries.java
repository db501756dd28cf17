package io.switchboard.workflow.kpi;

import io.switchboard.digest.Period;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The KPI facts of a period, one row per conversation, computed by the database with aggregate
 * SQL (first and last times, counts); no message text is read. Three cohorts, each by when its
 * measure completes: conversations whose first reply was in the period, those resolved in it, and
 * ratings given in it. Portable SQL: time differences are taken in Java, because HSQLDB and
 * PostgreSQL subtract timestamps differently.
 */
public final class KpiQueries {
  /** A reply to the customer: outbound, not failed, and neither a satisfaction survey nor a check-back. */
  static final String REPLY =
      "%1$s.direction = 'out' AND (%1$s.delivery IS NULL OR %1$s.delivery <> 'failed')"
          + " AND NOT EXISTS (SELECT 1 FROM csat_survey sv WHERE sv.message_id = %1$s.id)"
          + " AND NOT EXISTS (SELECT 1 FROM nps_survey ns WHERE ns.message_id = %1$s.id)"
          + " AND NOT EXISTS (SELECT 1 FROM conversation_follow_up fu WHERE fu.check_back_message_id = %1$s.id)";

  private static final String FIRST_IN =
      "(SELECT MIN(i.sent_at) FROM message i WHERE i.conversation_id = c.id AND i.direction = 'in')";
  private static final String FIRST_REPLY =
      "(SELECT MIN(fr.sent_at) FROM message fr WHERE fr.conversation_id = c.id AND " + reply("fr") + ")";
  /** Who sent the first reply: the conversation counts for them when it has no assignee. */
  private static final String RESPONDER =
      "(SELECT MIN(rs.author) FROM message rs WHERE rs.conversation_id = c.id AND " + reply("rs")
          + " AND rs.sent_at = " + FIRST_REPLY + ")";

  private final Jdbi jdbi;
  private final TeamLookup teams;

  public KpiQueries(Jdbi jdbi, TeamLookup teams) {
    this.jdbi = jdbi;
    this.teams = teams;
  }

  private static String reply(String alias) {
    return String.format(REPLY, alias);
  }

  /** Who a conversation counts for. */
  public record Owner(long conversationId, String channel, String agent, String team) {}

  /** A conversation whose first reply was sent in the period. */
  public record FirstResponse(Owner owner, Instant firstCustomerMessage, Instant firstReply, Boolean slaMet) {}

  /**
   * A conversation resolved in the period (its latest resolution) and still resolved.
   *
   * @param firstTouch the first assignment or first reply, whichever came first; null if neither
   * @param replies replies to the customer
   * @param reopened the customer wrote, or the status moved off resolved, after the first resolution
   */
  public record Resolution(
      Owner owner, Instant firstCustomerMessage, Instant firstTouch, Instant resolvedAt, int replies, boolean reopened,
      Boolean slaMet) {}

  /** A rating given in the period. */
  public record Rating(Owner owner, int rating) {}

  /** A Net Promoter score given in the period, with its comment (may be null). */
  public record NpsScore(Owner owner, int score, String comment, Instant scoredAt) {}

  public List<FirstResponse> firstResponses(Period p) {
    String sql =
        "SELECT c.id, c.channel, c.assignee, " + RESPONDER + ", " + teams.sqlExpression() + ", "
            + FIRST_IN + ", f.first_reply, sla.first_response_met"
            + " FROM (SELECT m.conversation_id, MIN(m.sent_at) AS first_reply FROM message m WHERE " + reply("m")
            + " AND m.conversation_id IN (SELECT p.conversation_id FROM message p WHERE p.direction = 'out'"
            + " AND p.sent_at >= :from AND p.sent_at < :to) GROUP BY m.conversation_id) f"
            + " JOIN conversation c ON c.id = f.conversation_id"
            + " LEFT JOIN conversation_sla sla ON sla.conversation_id = c.id"
            + " WHERE f.first_reply >= :from AND f.first_reply < :to";
    return inPeriod(sql, p, (rs, ctx) -> new FirstResponse(owner(rs), instant(rs, 6), instant(rs, 7), bool(rs, 8)));
  }

  public List<Resolution> resolutions(Period p) {
    String sql =
        "SELECT c.id, c.channel, c.assignee, " + RESPONDER + ", " + teams.sqlExpression() + ", "
            + FIRST_IN + ", " + FIRST_REPLY + ","
            + " (SELECT MIN(a.created_at) FROM conversation_activity a WHERE a.conversation_id = c.id"
            + " AND a.kind = 'assignee' AND a.detail IS NOT NULL),"
            + " r.last_resolved,"
            + " (SELECT COUNT(*) FROM message n WHERE n.conversation_id = c.id AND " + reply("n") + "),"
            + " (SELECT COUNT(*) FROM message i WHERE i.conversation_id = c.id AND i.direction = 'in'"
            + " AND i.created_at > r.first_resolved)"
            + " + (SELECT COUNT(*) FROM conversation_activity a WHERE a.conversation_id = c.id"
            + " AND a.kind = 'status' AND a.detail NOT IN ('resolved', 'closed') AND a.created_at > r.first_resolved),"
            + " sla.resolution_met"
            + " FROM (SELECT a.conversation_id, MIN(a.created_at) AS first_resolved, MAX(a.created_at) AS last_resolved"
            + " FROM conversation_activity a WHERE a.kind = 'status' AND a.detail = 'resolved'"
            + " AND a.conversation_id IN (SELECT q.conversation_id FROM conversation_activity q WHERE q.kind = 'status'"
            + " AND q.detail = 'resolved' AND q.created_at >= :from AND q.created_at < :to)"
            + " GROUP BY a.conversation_id) r"
            + " JOIN conversation c ON c.id = r.conversation_id"
            + " LEFT JOIN conversation_sla sla ON sla.conversation_id = c.id"
            + " WHERE c.status IN ('resolved', 'closed') AND r.last_resolved >= :from AND r.last_resolved < :to";
    return inPeriod(
        sql,
        p,
        (rs, ctx) -> {
          Instant firstReply = instant(rs, 7);
          Instant assigned = instant(rs, 8);
          Instant touch =
              firstReply == null ? assigned : assigned == null || firstReply.isBefore(assigned) ? firstReply : assigned;
          return new Resolution(
              owner(rs), instant(rs, 6), touch, instant(rs, 9), rs.getInt(10), rs.getInt(11) > 0, bool(rs, 12));
        });
  }

  public List<Rating> ratings(Period p) {
    String sql =
        "SELECT c.id, c.channel, c.assignee, " + RESPONDER + ", " + teams.sqlExpression() + ", s.rating"
            + " FROM csat_survey s JOIN conversation c ON c.id = s.conversation_id"
            + " WHERE s.rating IS NOT NULL AND s.rated_at >= :from AND s.rated_at < :to";
    return inPeriod(sql, p, (rs, ctx) -> new Rating(owner(rs), rs.getInt(6)));
  }

  /** Net Promoter scores given in the period, oldest first. */
  public List<NpsScore> npsScores(Period p) {
    String sql =
        "SELECT c.id, c.channel, c.assignee, " + RESPONDER + ", " + teams.sqlExpression() + ", s.score, s.score_comment, s.scored_at"
            + " FROM nps_survey s JOIN conversation c ON c.id = s.conversation_id"
            + " WHERE s.score IS NOT NULL AND s.scored_at >= :from AND s.scored_at < :to ORDER BY s.scored_at, s.id";
    return inPeriod(sql, p, (rs, ctx) -> new NpsScore(owner(rs), rs.getInt(6), rs.getString(7), instant(rs, 8)));
  }

  /** Runs a query whose {@code :from} and {@code :to} are the period's bounds. */
  private <T> List<T> inPeriod(String sql, Period p, RowMapper<T> row) {
    return jdbi.withHandle(
        h ->
            h.createQuery(sql)
                .bind("from", Timestamp.from(p.from()))
                .bind("to", Timestamp.from(p.to()))
                .map(row)
                .list());
  }

  /** Columns 1-5: id, channel, assignee, first responder, team from SQL. */
  private Owner owner(ResultSet rs) throws SQLException {
    String assignee = rs.getString(3);
    String agent = assignee != null ? assignee : rs.getString(4);
    return new Owner(rs.getLong(1), rs.getString(2), agent, teams.team(rs.getString(5), agent));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Boolean bool(ResultSet rs, int column) throws SQLException {
    boolean b = rs.getBoolean(column);
    return rs.wasNull() ? null : b;
  }
}
