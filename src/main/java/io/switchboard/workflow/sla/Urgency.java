package io.switchboard.workflow.sla;

import java.util.List;

/** The urgency levels the NLP tagger writes, lowest first, and one step up on escalation. */
public final class Urgency {
  public static final List<String> LEVELS = List.of("low", "normal", "high", "urgent");

  private Urgency() {}

  /** One level higher; urgent stays urgent; unknown or missing counts as normal. */
  public static String raise(String urgency) {
    int i = LEVELS.indexOf(Policies.urgencyOrNormal(urgency));
    return LEVELS.get(Math.min(LEVELS.size() - 1, (i < 0 ? 1 : i) + 1));
  }
}
