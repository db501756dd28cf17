package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * {@code app_secret}: named secrets generated once and shared by every instance through the
 * database (for example the key that signs survey links), so they survive restarts.
 */
public final class AppSecrets {
  private AppSecrets() {}

  /**
   * The secret stored under {@code name}; on first use a new random one is stored. Two instances
   * starting at once both get the first one stored.
   */
  public static String getOrCreate(Jdbi jdbi, Clock clock, String name) {
    try {
      return storeOrRead(jdbi, clock, name);
    } catch (UnableToExecuteStatementException e) {
      // another instance stored its secret between our check and insert: use that one
      return storeOrRead(jdbi, clock, name);
    }
  }

  private static String storeOrRead(Jdbi jdbi, Clock clock, String name) {
    String candidate = Secrets.random();
    return jdbi.inTransaction(
        h -> {
          // conditional insert: the first secret stored is kept
          h.createUpdate(
                  "INSERT INTO app_secret (name, secret_value, created_at) SELECT :n, :v, :now"
                      + " FROM (VALUES(0)) AS x(n) WHERE NOT EXISTS (SELECT 1 FROM app_secret WHERE name = :n)")
              .bind("n", name)
              .bind("v", candidate)
              .bind("now", ts(clock.instant()))
              .execute();
          return h.createQuery("SELECT secret_value FROM app_secret WHERE name = :n")
              .bind("n", name)
              .mapTo(String.class)
              .one();
        });
  }
}
