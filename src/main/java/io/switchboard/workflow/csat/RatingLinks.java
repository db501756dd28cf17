package io.switchboard.workflow.csat;

import java.time.Clock;

/**
 * Signed CSAT rating links ({@link SignedLinks} in the {@code csat} domain): the id is the
 * conversation, the value a rating 1-5, or 0 for the link sent in DMs that lets the customer choose.
 */
public final class RatingLinks extends SignedLinks {
  /** The rating of a link that lets the customer choose. */
  public static final int CHOOSE = 0;

  public RatingLinks(byte[] key, Clock clock) {
    super("csat", "rating", 5, "0-5", key, clock);
  }
}
