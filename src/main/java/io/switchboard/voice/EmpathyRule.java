package io.switchboard.voice;

import io.switchboard.voice.LanguageGuide.Acknowledgement;
import java.util.List;

/**
 * An upset customer gets an acknowledgement ("I'm sorry", "I understand"); a happy one gets thanks.
 * When it is missing the finding points at the start of the message, where it would go.
 */
public final class EmpathyRule implements VoiceRule {
  public static final String ID = "empathy";
  private final Severity severity;

  public EmpathyRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    Sentiment sentiment = reply.draft().sentiment();
    LanguageGuide language = reply.languageGuide();
    if (sentiment == null
        || sentiment == Sentiment.NEUTRAL
        || language == null
        || reply.body().isBlank()) {
      return List.of();
    }
    boolean upset = sentiment == Sentiment.NEGATIVE;
    Acknowledgement wanted = upset ? language.empathy().negative() : language.empathy().positive();
    if (wanted == null || wanted.phrases().stream().anyMatch(p -> p.foundIn(reply.text()))) {
      return List.of();
    }
    String examples =
        wanted.phrases().stream()
            .limit(3)
            .map(p -> "\"" + p.text().replaceFirst("\\*$", "…") + "\"")
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    String message =
        upset
            ? "The customer is upset and the reply does not acknowledge it (for example "
                + examples
                + ")."
            : "The customer is happy and the reply does not thank them (for example "
                + examples
                + ").";
    return List.of(
        new Violation(
            ID, severity, message, reply.bodyStart(), reply.bodyStart(), wanted.suggestion()));
  }
}
