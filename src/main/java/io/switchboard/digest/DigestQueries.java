package io.switchboard.digest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The digest's reads. Each is an aggregate over one period's customer messages, found through the
 * {@code message(sent_at)} index, so the cost follows the period's volume, not the table's; the
 * only rows read one by one are the latest negative messages and the latest other ones (each capped)
 * for themes, and a few quotes.
 * Portable SQL for HSQLDB and PostgreSQL.
 */
public final class DigestQueries {
  private final Jdbi jdbi;

  public DigestQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Count of customer messages with one channel, language and sentiment (any may be null), and the
   * sum of their sentiment scores (the tag's probability), which the share estimate reads.
   */
  public record Cell(String channel, String language, String sentiment, long messages, double scoreSum) {}

  /** A customer message's text with what the digest shows next to it. */
  public record Text(
      long messageId, long conversationId, String channel, String language, Double score, Instant sentAt, String text)
      implements ThemeFinder.Source {}

  public record PublicRow(long conversationId, String channel, String subject, int reach, int negative, Double score) {}

  public record UrgentRow(long conversationId, String channel, String urgency, Instant firstAt, Instant repliedAt) {}

  private static final String IN_PERIOD =
      " m.direction = 'in' AND m.sent_at >= :from AND m.sent_at < :to";

  /**
   * Customer messages of the period: written to us, not posts found by listening (those have their
   * own section, {@link #mentions}), so a viral post about the brand does not move the shares.
   */
  private static final String CUSTOMER_IN_PERIOD = IN_PERIOD + " AND c.kind <> 'mention'";

  private static final String TEXT_COLUMNS =
      "SELECT m.id, m.conversation_id, c.channel, m.language, m.sentiment_score, m.sent_at,"
          + " COALESCE(m.display_text, m.text)"
          + " FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE";

  /** Customer messages of the period by channel, language and sentiment. */
  public List<Cell> cells(Period p) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.channel, m.language, m.sentiment, COUNT(*), SUM(m.sentiment_score) FROM message m"
                        + " JOIN conversation c ON c.id = m.conversation_id WHERE"
                        + CUSTOMER_IN_PERIOD
                        + " GROUP BY c.channel, m.language, m.sentiment")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .map((rs, ctx) -> new Cell(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getDouble(5)))
                .list());
  }

  /** The latest {@code limit} negative customer messages of the period, newest first. */
  public List<Text> negativeTexts(Period p, int limit) {
    return latestTexts(p, "m.sentiment = 'negative'", limit);
  }

  /**
   * The latest {@code limit} customer messages of the period that are not negative, newest first:
   * what the complaint themes are compared with, so words everyone writes do not become themes.
   */
  public List<Text> otherTexts(Period p, int limit) {
    return latestTexts(p, "(m.sentiment IS NULL OR m.sentiment <> 'negative')", limit);
  }

  /** @param condition one of this class's own SQL conditions on {@code m}, never input */
  private List<Text> latestTexts(Period p, String condition, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    TEXT_COLUMNS
                        + CUSTOMER_IN_PERIOD
                        + " AND " + condition + " ORDER BY m.sent_at DESC, m.id DESC"
                        + " FETCH FIRST :limit ROWS ONLY")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .bind("limit", limit)
                .map((rs, ctx) -> text(rs))
                .list());
  }

  /**
   * Net Promoter detractors' comments (scores 0-6) written in the period, newest first, as texts of
   * the survey's conversation: they join the negative messages the complaint themes are found in.
   */
  public List<Text> detractorComments(Period p, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COALESCE(s.message_id, -s.id), s.conversation_id, c.channel, c.language,"
                        + " CAST(NULL AS DOUBLE PRECISION), s.commented_at, s.score_comment"
                        + " FROM nps_survey s JOIN conversation c ON c.id = s.conversation_id"
                        + " WHERE s.score <= 6 AND s.score_comment IS NOT NULL"
                        + " AND s.commented_at >= :from AND s.commented_at < :to"
                        + " ORDER BY s.commented_at DESC, s.id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .bind("limit", limit)
                .map((rs, ctx) -> text(rs))
                .list());
  }

  /** The strongest positive customer messages of the period, at least {@code minScore}. */
  public List<Text> praise(Period p, double minScore, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    TEXT_COLUMNS
                        + CUSTOMER_IN_PERIOD
                        + " AND m.sentiment = 'positive' AND m.sentiment_score >= :min"
                        + " ORDER BY m.sentiment_score DESC, m.sent_at DESC, m.id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .bind("min", minScore)
                .bind("limit", limit)
                .map((rs, ctx) -> text(rs))
                .list());
  }

  /**
   * Public conversations that are negative ({@code conversation.sentiment}: the customer complained
   * and has not said they are satisfied, ADR 0028) with customer messages in the period, widest
   * reach first; {@code negative} counts the period's negative messages among them.
   */
  public List<PublicRow> negativePublic(Period p, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.id, c.channel, c.subject, c.message_count,"
                        + " SUM(CASE WHEN m.sentiment = 'negative' THEN 1 ELSE 0 END), c.sentiment_score"
                        + " FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE"
                        + CUSTOMER_IN_PERIOD
                        + " AND c.sentiment = 'negative' AND c.is_public = TRUE"
                        + " GROUP BY c.id, c.channel, c.subject, c.message_count, c.sentiment_score"
                        + " ORDER BY c.message_count DESC,"
                        + " SUM(CASE WHEN m.sentiment = 'negative' THEN 1 ELSE 0 END) DESC,"
                        + " c.sentiment_score DESC, c.id"
                        + " FETCH FIRST :limit ROWS ONLY")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new PublicRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getInt(5),
                            (Double) rs.getObject(6)))
                .list());
  }

  /** One negative post found by listening, for the digest's widest-reach list. */
  public record MentionRow(long conversationId, String channel, String author, Long reach, Double score) {}

  /**
   * Posts found by listening (conversations of kind {@code mention}, ADR 0041) written in the
   * period, by sentiment (null: untagged).
   */
  public List<Cell> mentions(Period p) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT m.sentiment, COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id"
                        + " WHERE" + IN_PERIOD + " AND c.kind = 'mention' GROUP BY m.sentiment")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .map((rs, ctx) -> new Cell(null, null, rs.getString(1), rs.getLong(2), 0))
                .list());
  }

  /** Negative posts found by listening in the period, the authors with the most followers first. */
  public List<MentionRow> widestNegativeMentions(Period p, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.id, c.channel, ct.display_name, c.reach, c.sentiment_score FROM conversation c"
                        + " JOIN contact ct ON ct.id = c.contact_id WHERE c.kind = 'mention'"
                        + " AND c.sentiment = 'negative' AND EXISTS (SELECT 1 FROM message m"
                        + " WHERE m.conversation_id = c.id AND" + IN_PERIOD + ")"
                        + " ORDER BY CASE WHEN c.reach IS NULL THEN 1 ELSE 0 END, c.reach DESC,"
                        + " c.sentiment_score DESC, c.id FETCH FIRST :limit ROWS ONLY")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new MentionRow(
                            rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4, Long.class),
                            (Double) rs.getObject(5)))
                .list());
  }

  /**
   * The most negative customer message of a conversation in the period (else its surest other
   * one): the quote for a post.
   */
  public java.util.Optional<Text> worstNegative(long conversationId, Period p) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    TEXT_COLUMNS
                        + IN_PERIOD
                        + " AND m.conversation_id = :c"
                        // a complaint event may make a thread negative without a negative message
                        + " ORDER BY CASE WHEN m.sentiment = 'negative' THEN 0 ELSE 1 END,"
                        + " m.sentiment_score DESC, m.id FETCH FIRST 1 ROWS ONLY")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .bind("c", conversationId)
                .map((rs, ctx) -> text(rs))
                .findOne());
  }

  /**
   * Conversations whose customer wrote urgently (urgent or high) in the period: the first such
   * message and our first reply after it, if any. One row per conversation.
   */
  public List<UrgentRow> urgent(Period p) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT u.conversation_id, c.channel, u.level, u.first_at,"
                        + " (SELECT MIN(r.sent_at) FROM message r WHERE r.conversation_id = u.conversation_id"
                        + " AND r.direction = 'out' AND r.sent_at >= u.first_at)"
                        + " FROM (SELECT m.conversation_id, MIN(m.sent_at) AS first_at,"
                        + " MAX(CASE WHEN m.urgency = 'urgent' THEN 'urgent' ELSE 'high' END) AS level"
                        + " FROM message m WHERE"
                        + IN_PERIOD
                        + " AND m.urgency IN ('urgent', 'high') GROUP BY m.conversation_id) u"
                        + " JOIN conversation c ON c.id = u.conversation_id WHERE c.kind <> 'mention'")
                .bind("from", ts(p.from()))
                .bind("to", ts(p.to()))
                .map(
                    (rs, ctx) ->
                        new UrgentRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs.getTimestamp(4)),
                            instant(rs.getTimestamp(5))))
                .list());
  }

  private static Text text(ResultSet rs) throws SQLException {
    return new Text(
        rs.getLong(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        (Double) rs.getObject(5),
        instant(rs.getTimestamp(6)),
        rs.getString(7));
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
