package io.switchboard.workflow.csat;

import io.switchboard.store.AppSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The rating links' key: the configured one, else one generated on first start and kept in the
 * database, so links stay valid across restarts and every instance signs alike.
 */
public final class SigningKey {
  static final String NAME = "csat.signing-key";

  private SigningKey() {}

  public static byte[] resolve(String configured, Jdbi jdbi, Clock clock) {
    String key = configured != null && !configured.isEmpty() ? configured : AppSecrets.getOrCreate(jdbi, clock, NAME);
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
