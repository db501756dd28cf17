package io.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The database: a pooled connection, migrated on open. HSQLDB file database under the data folder
 * by default (CACHED tables, no write delay so a killed process loses no committed row);
 * PostgreSQL when a JDBC URL is configured. Close it on stop: HSQLDB is shut down cleanly.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final boolean hsqldb;
  private final boolean embedded;

  private Database(HikariDataSource dataSource, boolean hsqldb, boolean embedded) {
    this.dataSource = dataSource;
    this.hsqldb = hsqldb;
    this.embedded = embedded;
    this.jdbi = Jdbi.create(dataSource);
    if (hsqldb) {
      // HSQLDB compiles every prepareStatement anew; reuse them within a handle (ADR 0014)
      jdbi.setStatementBuilderFactory(connection -> new ReusedStatements());
    }
  }

  /** The embedded default: an HSQLDB file database in {@code dataDir/db}. */
  public static Database embedded(Path dataDir) {
    String url =
        "jdbc:hsqldb:file:"
            + dataDir.toAbsolutePath().resolve("db").resolve("switchboard")
            + ";hsqldb.write_delay=false;hsqldb.default_table_type=cached;hsqldb.tx=mvcc"
            + ";sql.enforce_size=false";
    return open(url, "SA", "");
  }

  /** PostgreSQL (or another JDBC URL) when {@code switchboard.db.url} is set, else embedded. */
  public static Database embeddedOr(io.switchboard.config.PropertiesFile app, Path dataDir) {
    return app.find("switchboard.db.url")
        .map(url -> open(url, app.get("switchboard.db.user", ""), app.get("switchboard.db.password", "")))
        .orElseGet(() -> embedded(dataDir));
  }

  public static Database open(String url, String user, String password) {
    boolean hsqldb = url.startsWith("jdbc:hsqldb:");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    config.setPoolName("switchboard-db");
    // after a crash HSQLDB keeps its lock file for a few seconds: keep trying instead of failing
    config.setInitializationFailTimeout(30_000);
    HikariDataSource ds = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          .placeholders(
              hsqldb
                  ? Map.of("text", "VARCHAR(16777216)", "blob", "BLOB")
                  : Map.of("text", "TEXT", "blob", "BYTEA"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, hsqldb, url.startsWith("jdbc:hsqldb:file:") || url.startsWith("jdbc:hsqldb:mem:"));
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Whether this is an HSQLDB inside this process, not a server several instances share. */
  public boolean embeddedHsqldb() {
    return embedded;
  }

  @Override
  public void close() {
    if (embedded) {
      jdbi.useHandle(h -> h.execute("SHUTDOWN"));
    }
    dataSource.close();
  }
}
