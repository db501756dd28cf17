package io.switchboard.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * A conversation's sentiment trend: the latest customer message's sentiment (the conversation's
 * {@code latest_sentiment} column; its {@code sentiment} follows {@link
 * io.switchboard.model.ConversationSentiment}), the worst so far, and the direction from the previous customer message
 * to the latest: {@value #IMPROVING}, {@value #WORSENING} or {@value #STEADY}.
 *
 * <p>Negative is worse than neutral, neutral worse than positive; between two negatives, the surer
 * one is worse. Updated by {@link MessageStore} inside the transaction that stores each customer
 * message, before the conversation's latest sentiment is replaced.
 */
public final class SentimentTrend {
  public static final String IMPROVING = "improving";
  public static final String WORSENING = "worsening";
  public static final String STEADY = "steady";

  private static final String RANK_OF_LATEST =
      "CASE latest_sentiment WHEN 'negative' THEN 0 WHEN 'neutral' THEN 1 WHEN 'positive' THEN 2 END";
  private static final String RANK_OF_WORST =
      "CASE worst_sentiment WHEN 'negative' THEN 0 WHEN 'neutral' THEN 1 WHEN 'positive' THEN 2 END";
  private static final String NEW_IS_WORSE =
      "(worst_sentiment IS NULL OR CAST(:trend_rank AS INTEGER) < " + RANK_OF_WORST
          + " OR (CAST(:trend_rank AS INTEGER) = 0 AND worst_sentiment = 'negative'"
          + " AND CAST(:trend_score AS DOUBLE PRECISION) > COALESCE(worst_sentiment_score, 0)))";

  /** What the conversation JSON shows. */
  public record Trend(
      String latest, Double latestScore, String worst, Double worstScore, String direction) {}

  private final Jdbi jdbi;

  public SentimentTrend(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Folds a customer message's sentiment into its conversation's trend; call it before the
   * conversation's {@code latest_sentiment} column takes the new value (or right after the conversation
   * was created with it). Does nothing for a message without a sentiment.
   */
  static void record(Handle h, long conversationId, String sentiment, Double score) {
    if (rank(sentiment) < 0) {
      return;
    }
    bind(h.createUpdate("UPDATE conversation SET " + SET + " WHERE id = :id"), sentiment, score)
        .bind("id", conversationId)
        .execute();
  }

  /**
   * The assignments of {@link #record} as part of a conversation's UPDATE, bound by {@link #bind}:
   * every expression reads the row as it was before the statement, so an UPDATE that also sets
   * {@code latest_sentiment} folds the trend from the previous value, as {@link #record} run first does.
   */
  static final String SET =
      "worst_sentiment_score = CASE WHEN " + NEW_IS_WORSE
          + " THEN CAST(:trend_score AS DOUBLE PRECISION) ELSE worst_sentiment_score END,"
          + " worst_sentiment = CASE WHEN " + NEW_IS_WORSE
          + " THEN CAST(:trend_sent AS VARCHAR(10)) ELSE worst_sentiment END,"
          // HSQLDB types a CASE of literals as padded CHAR: each is cast to VARCHAR
          + " sentiment_trend = CASE WHEN latest_sentiment IS NULL THEN " + text(STEADY)
          + " WHEN CAST(:trend_rank AS INTEGER) > " + RANK_OF_LATEST + " THEN " + text(IMPROVING)
          + " WHEN CAST(:trend_rank AS INTEGER) < " + RANK_OF_LATEST + " THEN " + text(WORSENING)
          + " ELSE " + text(STEADY) + " END";

  /** Binds {@link #SET}'s parameters for a message with a sentiment ({@link #rank} not negative). */
  static Update bind(Update u, String sentiment, Double score) {
    return u.bind("trend_rank", rank(sentiment))
        .bind("trend_score", score == null ? 0 : score)
        .bind("trend_sent", sentiment);
  }

  private static String text(String literal) {
    return "CAST('" + literal + "' AS VARCHAR(10))";
  }

  static int rank(String sentiment) {
    if (sentiment == null) {
      return -1;
    }
    return switch (sentiment) {
      case "negative" -> 0;
      case "neutral" -> 1;
      case "positive" -> 2;
      default -> -1;
    };
  }

  /** The conversation's trend; empty when there is no such conversation. */
  public Optional<Trend> of(long conversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT latest_sentiment, latest_sentiment_score, worst_sentiment, worst_sentiment_score,"
                        + " sentiment_trend FROM conversation WHERE id = :id")
                .bind("id", conversationId)
                .map(
                    (rs, ctx) ->
                        new Trend(
                            rs.getString(1), (Double) rs.getObject(2), rs.getString(3),
                            (Double) rs.getObject(4), rs.getString(5)))
                .findOne());
  }
}
