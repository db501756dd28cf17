package io.switchboard.voice;

import java.util.List;

/**
 * Says so when the guide has no rules for the conversation's language, so nothing passes silently.
 */
public final class LanguageRule implements VoiceRule {
  public static final String ID = "language";
  private final Severity severity;

  public LanguageRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    if (reply.languageGuide() != null) {
      return List.of();
    }
    return List.of(
        new Violation(
            ID,
            severity,
            "The voice guide has no rules for language \""
                + reply.language()
                + "\": greeting, sign-off, terms, formality, phrases and empathy were not "
                + "checked.",
            0,
            0,
            null));
  }
}
