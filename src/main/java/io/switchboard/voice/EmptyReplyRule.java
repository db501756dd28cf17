package io.switchboard.voice;

import java.util.List;

/** A reply needs a message: a greeting and a sign-off alone are not one. */
public final class EmptyReplyRule implements VoiceRule {
  public static final String ID = "empty-reply";
  private final Severity severity;

  public EmptyReplyRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    if (!reply.body().isBlank()) {
      return List.of();
    }
    return List.of(
        new Violation(
            ID,
            severity,
            "The reply has no message"
                + (reply.draft().text().isBlank() ? "" : " besides a greeting or sign-off")
                + ": write one before sending.",
            0,
            reply.text().length(),
            null));
  }
}
