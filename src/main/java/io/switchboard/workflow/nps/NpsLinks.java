package io.switchboard.workflow.nps;

import io.switchboard.workflow.csat.SignedLinks;
import java.time.Clock;

/**
 * Signed NPS score links ({@link SignedLinks} in the {@code nps} domain, with the CSAT key: a CSAT
 * token is never a valid NPS one). The id is the survey, the value a score 0-10, or {@link #CHOOSE}
 * for the DM's link that lets the customer pick.
 */
public final class NpsLinks extends SignedLinks {
  public static final int CHOOSE = 11;

  public NpsLinks(byte[] key, Clock clock) {
    super("nps", "score", CHOOSE, "0-10", key, clock);
  }
}
