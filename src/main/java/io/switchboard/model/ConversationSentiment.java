package io.switchboard.model;

/**
 * A conversation's sentiment follows the customer, not the last line (ADR 0028).
 *
 * <ul>
 *   <li>A customer message that complains (tagged negative, or carrying a complaint event such as
 *       "not arrived" or "charged twice") makes the conversation negative.
 *   <li>A negative conversation stays negative until the customer says they are satisfied: a later
 *       customer message tagged positive with a score of at least {@value #SATISFIED} and no
 *       complaint event ("thanks, that fixed it"). Neutral follow-ups ("Order NW-48213 if that
 *       helps") and weakly positive ones leave it negative.
 *   <li>Otherwise the conversation takes the customer's latest sentiment.
 *   <li>Our own messages, and customer messages without a sentiment, change nothing.
 * </ul>
 *
 * <p>The state is the conversation's own {@code sentiment} and {@code sentiment_score} columns: each
 * message folds into it, so nothing rescans the thread. A negative conversation's score is the
 * strongest complaint still open; {@value #EVENT_SCORE} for a complaint event the model did not
 * read as negative (sure it is a complaint, not how angry). Pure functions; thread-safe.
 */
public final class ConversationSentiment {
  public static final String NEGATIVE = "negative";
  public static final String POSITIVE = "positive";

  /** The least score of a positive customer message that closes a complaint. */
  public static final double SATISFIED = 0.8;

  /** The score of a complaint that only a complaint event marks. */
  public static final double EVENT_SCORE = 0.5;

  /** A conversation's sentiment and its score; {@link #NONE} before any tagged customer message. */
  public record State(String label, Double score) {
    public static final State NONE = new State(null, null);

    public boolean isNegative() {
      return NEGATIVE.equals(label);
    }
  }

  private ConversationSentiment() {}

  /** Whether a customer message complains: tagged negative, or it names a complaint event. */
  public static boolean complains(String label, String complaintEvent) {
    return NEGATIVE.equals(label) || complaintEvent != null;
  }

  /** Whether a customer message says they are satisfied: surely positive, no complaint event. */
  public static boolean satisfied(String label, Double score, String complaintEvent) {
    return POSITIVE.equals(label) && score != null && score >= SATISFIED && complaintEvent == null;
  }

  /**
   * The conversation's state after a customer message.
   *
   * @param current the state before it; null counts as {@link State#NONE}
   * @param label the message's sentiment, or null when it has none
   * @param complaintEvent the complaint event the message names, or null
   */
  public static State next(State current, String label, Double score, String complaintEvent) {
    State now = current == null ? State.NONE : current;
    if (complains(label, complaintEvent)) {
      double s = NEGATIVE.equals(label) && score != null ? score : EVENT_SCORE;
      if (now.isNegative() && now.score() != null && now.score() > s) {
        s = now.score();
      }
      return new State(NEGATIVE, s);
    }
    if (label == null) {
      return now;
    }
    if (now.isNegative() && !satisfied(label, score, complaintEvent)) {
      return now;
    }
    return new State(label, score);
  }
}
