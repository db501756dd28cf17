package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TestStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A start skips Flyway only when every packaged migration is applied and none failed (ADR 0080). */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class MigrationsTest {
  @Parameter TestStore store;
  @TempDir Path dir;

  @Test
  void theBuildsMigrationsAreFoundAsFlywayRecordsThem() {
    assertThat(Migrations.packaged()).contains("1", "73", "77").doesNotContain("0").allMatch(v -> v.matches("\\d+"));
  }

  @Test
  void aMigratedDatabaseIsCurrentAndAnyDifferenceSendsTheStartToFlyway() {
    try (Database db = store.open(dir)) {
      assertThat(Migrations.current(db.dataSource())).isTrue();
      int packaged = Migrations.packaged().size();
      int recorded = db.jdbi().withHandle(h -> h.createQuery(
              "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")
          .mapTo(Integer.class).one());
      assertThat(recorded).isEqualTo(packaged);

      // a newer build's migration applied by another instance: not what this build packages
      insertHistory(db, 9_001, "9001", true);
      assertThat(Migrations.current(db.dataSource())).isFalse();
      db.jdbi().useHandle(h -> h.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '9001'"));
      assertThat(Migrations.current(db.dataSource())).isTrue();

      // a failed migration: Flyway must see it and refuse to start
      insertHistory(db, 9_002, null, false);
      assertThat(Migrations.current(db.dataSource())).isFalse();
    }
  }

  @Test
  void aNewDatabaseIsNotCurrent() {
    try (Database db = store.open(dir)) {
      db.jdbi().useHandle(h -> h.execute("DROP TABLE \"flyway_schema_history\""));
      assertThat(Migrations.current(db.dataSource())).isFalse();
    }
  }

  private static void insertHistory(Database db, int rank, String version, boolean success) {
    db.jdbi().useHandle(h -> h.createUpdate(
            "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\","
                + " \"script\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\")"
                + " VALUES (:rank, :version, 'test', 'SQL', 'V9001__test.sql', 'test', CURRENT_TIMESTAMP, 0, :success)")
        .bind("rank", rank)
        .bind("version", version)
        .bind("success", success)
        .execute());
  }
}
