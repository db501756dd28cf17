package io.switchboard.voice;

import java.util.List;

/**
 * What the linter made of a draft.
 *
 * @param text the draft with every automatic fix applied; this is what should be sent (on X, the
 *     channel still puts "@handle " in front)
 * @param violations findings, ordered by position in {@code text}
 * @param score voice score from 0 to 100; 100 means nothing to say
 * @param fixes the automatic changes, for the agent to review
 * @param language the language whose rules were applied
 */
public record VoiceResult(
    String text, List<Violation> violations, int score, List<Fix> fixes, String language) {

  public VoiceResult {
    violations = List.copyOf(violations);
    fixes = List.copyOf(fixes);
  }

  /** True if any violation blocks sending. */
  public boolean blocked() {
    return violations.stream().anyMatch(v -> v.severity() == Severity.BLOCK);
  }
}
