package io.switchboard.voice;

import java.util.List;

/**
 * Everything the voice guide says about one language. Immutable.
 *
 * @param code ISO 639-1 code, e.g. {@code de}
 * @param name English name for messages, e.g. {@code German}
 * @param formality the form of address to use, or null when the language has none (English)
 * @param compensation phrases that promise compensation; blocked in public replies
 */
public record LanguageGuide(
    String code,
    String name,
    Detect detect,
    Formality formality,
    List<PreferredTerm> preferredTerms,
    List<BannedPhrase> bannedPhrases,
    Empathy empathy,
    List<Phrase> compensation) {

  public LanguageGuide {
    preferredTerms = List.copyOf(preferredTerms);
    bannedPhrases = List.copyOf(bannedPhrases);
    compensation = List.copyOf(compensation);
  }

  /**
   * Words that start a greeting or a sign-off an agent typed, so the linter can replace it instead
   * of adding a second one. {@code thanksSignOffs} ("Thanks") only count as a sign-off when a name
   * follows.
   */
  public record Detect(List<String> greetings, List<String> signOffs, List<String> thanksSignOffs) {
    public Detect {
      greetings = List.copyOf(greetings);
      signOffs = List.copyOf(signOffs);
      thanksSignOffs = List.copyOf(thanksSignOffs);
    }
  }

  /** Use {@code use} ("Sie"); each of {@code avoid} is the other form ("du", "dich"). */
  public record Formality(String use, List<Phrase> avoid, String suggestion) {
    public Formality {
      avoid = List.copyOf(avoid);
    }
  }

  /** Say {@code use} instead of any of {@code insteadOf}; substituted automatically. */
  public record PreferredTerm(String use, List<String> insteadOf) {
    public PreferredTerm {
      insteadOf = List.copyOf(insteadOf);
    }
  }

  /**
   * A phrase not to use.
   *
   * @param message what is wrong, or null to just name the phrase
   * @param severity overrides the banned-phrase rule's severity, or null
   */
  public record BannedPhrase(Phrase phrase, String message, String suggestion, Severity severity) {}

  /** Phrases that acknowledge the customer's mood, and one to suggest when none is there. */
  public record Acknowledgement(List<Phrase> phrases, String suggestion) {
    public Acknowledgement {
      phrases = List.copyOf(phrases);
    }
  }

  /**
   * @param negative must be acknowledged when the customer is upset, or null
   * @param positive thanks when the customer is happy, or null
   */
  public record Empathy(Acknowledgement negative, Acknowledgement positive) {}
}
