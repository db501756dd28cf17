package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's file settings (ADR 0053): a database made before them, with HSQLDB's
 * 50 MB log, gets the short log that bounds what a restart after a crash replays.
 */
class DatabaseFilesTest {
  @TempDir Path dir;

  @Test
  void anExistingDatabaseShouldGetTheShortLog() {
    try (Database db = Database.embedded(dir)) {
      assertThat(logSize(db)).isEqualTo(Database.LOG_MB);
      db.jdbi().useHandle(h -> h.execute("SET FILES LOG SIZE 50")); // as HSQLDB's default left it
    }
    try (Database db = Database.embedded(dir)) {
      assertThat(logSize(db)).isEqualTo(Database.LOG_MB);
    }
  }

  private static int logSize(Database db) {
    return db.jdbi().withHandle(h -> h.createQuery(
            "SELECT property_value FROM information_schema.system_properties WHERE property_name = 'hsqldb.log_size'")
        .mapTo(String.class).one()).strip().transform(Integer::parseInt);
  }
}
