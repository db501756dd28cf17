package io.switchboard.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

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
      "(worst_sentiment IS NULL OR CAST(:rank AS INTEGER) < " + RANK_OF_WORST
          + " OR (CAST(:rank AS INTEGER) = 0 AND worst_sentiment = 'negative'"
          + " AND CAST(:score AS DOUBLE PRECISION) > COALESCE(worst_sentiment_score, 0)))";

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
    int rank = rank(sentiment);
    if (rank < 0) {
      return;
    }
    double s = score == null ? 0 : score;
    h.createUpdate(
            "UPDATE conversation SET"
                + " worst_sentiment_score = CASE WHEN " + NEW_IS_WORSE
                + " THEN CAST(:score AS DOUBLE PRECISION) ELSE worst_sentiment_score END,"
                + " worst_sentiment = CASE WHEN " + NEW_IS_WORSE
                + " THEN CAST(:sent AS VARCHAR(10)) ELSE worst_sentiment END,"
                // HSQLDB types a CASE of literals as padded CHAR: each is cast to VARCHAR
                + " sentiment_trend = CASE WHEN latest_sentiment IS NULL THEN " + text(STEADY)
                + " WHEN CAST(:rank AS INTEGER) > " + RANK_OF_LATEST + " THEN " + text(IMPROVING)
                + " WHEN CAST(:rank AS INTEGER) < " + RANK_OF_LATEST + " THEN " + text(WORSENING)
                + " ELSE " + text(STEADY) + " END"
                + " WHERE id = :id")
        .bind("rank", rank)
        .bind("score", s)
        .bind("sent", sentiment)
        .bind("id", conversationId)
        .execute();
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
