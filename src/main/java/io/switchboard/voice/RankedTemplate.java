package io.switchboard.voice;

import java.util.List;

/**
 * A template with its rank for one conversation.
 *
 * @param score higher is better: 10 per keyword found in what the customer wrote, 5 for the
 *     private-message template on a public conversation
 * @param reasons how the score came about, for the agent
 */
public record RankedTemplate(Template template, int score, List<String> reasons) {
  public RankedTemplate {
    reasons = List.copyOf(reasons);
  }
}
