package io.switchboard.model;

import java.util.List;

/**
 * What the tagging step says about a message: language, sentiment and urgency with reasons, and
 * the complaint event the text names ("not arrived", "charged twice"), or null: it makes a
 * conversation negative whatever the sentiment ({@link ConversationSentiment}).
 */
public record Tags(
    String language,
    String sentiment,
    Double sentimentScore,
    String urgency,
    List<String> urgencyReasons,
    String complaintEvent) {
  public static final Tags NONE = new Tags(null, null, null, null, List.of(), null);

  /** Tags of a text that names no complaint event. */
  public Tags(
      String language, String sentiment, Double sentimentScore, String urgency, List<String> urgencyReasons) {
    this(language, sentiment, sentimentScore, urgency, urgencyReasons, null);
  }
}
