package io.switchboard.workflow.csat;

import io.switchboard.store.Secrets;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
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
    if (configured != null && !configured.isEmpty()) {
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return storeOrRead(jdbi, clock).getBytes(StandardCharsets.UTF_8);
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      // another instance stored its key between our check and insert: use that one
      return storeOrRead(jdbi, clock).getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String storeOrRead(Jdbi jdbi, Clock clock) {
    String candidate = Secrets.random();
    return jdbi.inTransaction(
            h -> {
              // conditional insert: two instances starting at once keep the first key
              h.createUpdate(
                      "INSERT INTO app_secret (name, secret_value, created_at) SELECT :n, :v, :now"
                          + " FROM (VALUES(0)) AS x(n) WHERE NOT EXISTS (SELECT 1 FROM app_secret WHERE name = :n)")
                  .bind("n", NAME)
                  .bind("v", candidate)
                  .bind("now", Timestamp.from(clock.instant()))
                  .execute();
              return h.createQuery("SELECT secret_value FROM app_secret WHERE name = :n")
                  .bind("n", NAME)
                  .mapTo(String.class)
                  .one();
            });
  }
}
