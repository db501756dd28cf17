package io.switchboard.conversation;

import java.util.List;

/** What the tagging step says about a message: language, sentiment and urgency with reasons. */
public record Tags(
    String language,
    String sentiment,
    Double sentimentScore,
    String urgency,
    List<String> urgencyReasons) {
  public static final Tags NONE = new Tags(null, null, null, null, List.of());
}
