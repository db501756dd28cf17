package io.switchboard.voice;

import java.util.Locale;

/** The customer's mood as the sentiment tagger saw it; the empathy rule reacts to it. */
public enum Sentiment {
  NEGATIVE,
  NEUTRAL,
  POSITIVE;

  /**
   * {@code negative}, {@code neutral} or {@code positive} in any case; null or blank gives null.
   */
  public static Sentiment parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + s + "' is not a sentiment (negative, neutral, positive)", e);
    }
  }
}
