package io.switchboard.nlp;

import java.util.List;
import java.util.Optional;

/**
 * Complaints stated as events rather than feelings: "not arrived", "charged twice", "cancelled my
 * booking", "still waiting", "no reply", "refund not received", "wrong item", "missing part", in
 * en, de, fr, es, it and pt ({@code /nlp/complaint-events.txt}). Tweets and reviews teach a model
 * that complaints carry negative words; in customer service many do not ("order 4411 was due on
 * the 3rd"), and the same text read without the event looks neutral or even positive ("thanks,
 * still waiting for my refund").
 *
 * <p>The sentiment model sees a found event as a feature, and {@link SentimentModel} never answers
 * positive for a text that carries one. Other parts (the digest's praise worth sharing) ask {@link
 * #find} directly. Immutable and thread-safe.
 */
public final class ComplaintEvents {
  static final String RESOURCE = "/nlp/complaint-events.txt";

  /** The shipped phrase list. */
  public static final ComplaintEvents DEFAULT = new ComplaintEvents(PhraseMatcher.load(RESOURCE));

  /** An event found: its kind (the file's section, e.g. "charged") and the phrase as listed. */
  public record Event(String kind, String phrase) {
    /** What a person reads in a tag's reasons: {@code complaint event: 'charged twice'}. */
    public String reason() {
      return "complaint event: '" + phrase + "'";
    }
  }

  /**
   * Kinds from the most specific to the least: "refund still not received" is about a refund
   * more than about waiting.
   */
  private static final List<String> SPECIFIC_FIRST =
      List.of("charged", "refund", "wrong-item", "missing", "cancelled", "broken", "late", "not-arrived",
          "no-reply", "waiting");

  private final PhraseMatcher phrases;

  private ComplaintEvents(PhraseMatcher phrases) {
    this.phrases = phrases;
  }

  public static ComplaintEvents load() {
    return DEFAULT;
  }

  /** The first complaint event in {@code text}, or empty when it states none. */
  public Optional<Event> find(String text) {
    return find(PhraseMatcher.words(text));
  }

  /**
   * The phrase of the first complaint event in {@code text} ("charged twice"), or an empty string.
   */
  public String phrase(String text) {
    return find(text).map(Event::phrase).orElse("");
  }

  /** As {@link #find(String)}, on the words of {@link PhraseMatcher#words}. */
  Optional<Event> find(List<String> words) {
    List<PhraseMatcher.Hit> hits = phrases.find(words);
    if (hits.isEmpty()) {
      return Optional.empty();
    }
    PhraseMatcher.Hit h = hits.get(0);
    for (PhraseMatcher.Hit other : hits) {
      if (rank(other) < rank(h)) {
        h = other;
      }
    }
    return Optional.of(new Event(h.category(), readable(h.phrase())));
  }

  private static int rank(PhraseMatcher.Hit h) {
    int r = SPECIFIC_FIRST.indexOf(h.category());
    return r < 0 ? SPECIFIC_FIRST.size() : r;
  }

  /** A listed phrase as a person reads it: a stem's star becomes an ellipsis, '#' a "N". */
  private static String readable(String phrase) {
    return phrase.replace("*", "…").replace("#", "N");
  }
}
