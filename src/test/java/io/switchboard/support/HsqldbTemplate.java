package io.switchboard.support;

import io.switchboard.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * An empty embedded database migrated once per test JVM and copied into each test's data folder,
 * instead of running every migration for every test (ADR 0050). The copy is what the migrations
 * leave after a clean {@code SHUTDOWN}: opening it runs Flyway's validation of the applied
 * migrations, as the daemon's every later start does, and no migration.
 */
public final class HsqldbTemplate {
  private static Path template;

  private HsqldbTemplate() {}

  /** The embedded database in {@code dataDir}, copied from the template when it has none yet. */
  public static Database open(Path dataDir) {
    seed(dataDir);
    return Database.embedded(dataDir);
  }

  /**
   * Copies the migrated empty database to {@code dataDir/db} unless a database is there already, so
   * the daemon (or {@link Database#embedded}) opens a migrated one.
   */
  public static void seed(Path dataDir) {
    Path db = dataDir.resolve("db");
    if (Files.exists(db)) {
      return;
    }
    Path from = template();
    try {
      Files.createDirectories(db);
      try (Stream<Path> files = Files.list(from)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, db.resolve(f.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy the migrated test database to " + db, e);
    }
  }

  private static synchronized Path template() {
    if (template == null) {
      try {
        Path dir = Files.createTempDirectory("switchboard-db-template");
        Database.embedded(dir).close(); // migrates, then SHUTDOWN: the files alone are the database
        template = dir.resolve("db");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return template;
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind
    }
  }
}
