package io.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
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
  /** Where the embedded default keeps its Lucene search index; null: in memory, or PostgreSQL's own. */
  private Path searchDir;
  private io.switchboard.store.search.Search search;
  /** The embedded default's owner lock (ADR 0053); null for a database this process does not own. */
  private OwnerLock owner;

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

  /**
   * HSQLDB's default row cache for CACHED tables, in MB of row data (its own default is 10 MB and
   * 50,000 rows, far below the working set of an inbox with a million messages; ADR 0019).
   */
  public static final int DEFAULT_CACHE_MB = 128;

  /** Rows the cache may hold per MB: HSQLDB limits both; rows of the inbox average well over 100 bytes. */
  private static final int CACHE_ROWS_PER_MB = 8_000;

  /**
   * HSQLDB's log size in MB: a checkpoint follows when the log reaches it, and a restart after a
   * crash replays at most this much (ADR 0053; HSQLDB's own default is 50 MB).
   */
  public static final int LOG_MB = 8;

  /** The embedded default: an HSQLDB file database in {@code dataDir/db}. */
  public static Database embedded(Path dataDir) {
    return embedded(dataDir, DEFAULT_CACHE_MB);
  }

  /**
   * An HSQLDB file database in {@code dataDir/db} whose row cache holds {@code cacheMb} MB of rows
   * (the heap needs about twice that on top of the rest).
   */
  public static Database embedded(Path dataDir, int cacheMb) {
    String url =
        "jdbc:hsqldb:file:"
            + dataDir.toAbsolutePath().resolve("db").resolve("switchboard")
            + ";hsqldb.write_delay=false;hsqldb.default_table_type=cached;hsqldb.tx=mvcc"
            + ";sql.enforce_size=false;hsqldb.log_size=" + LOG_MB;
    int rows = Math.max(50_000, cacheMb * CACHE_ROWS_PER_MB);
    int kb = Math.max(10_000, cacheMb * 1024);
    // before HSQLDB looks at its lock file: after a crash that file would hold the start for 10 s
    OwnerLock owner = OwnerLock.acquire(dataDir.resolve("db"), "switchboard");
    Database db;
    try {
      setCache(url, rows, kb);
      db = open(url + ";hsqldb.cache_rows=" + rows + ";hsqldb.cache_size=" + kb, "SA", "");
    } catch (RuntimeException e) {
      owner.openFailed();
      throw e;
    }
    db.owner = owner;
    db.searchDir = dataDir.toAbsolutePath().resolve("search");
    return db;
  }

  /**
   * Makes an existing database use this cache and log size. HSQLDB takes these settings of the URL
   * only when it creates the database; for an existing one they are stored with {@code SET FILES}
   * and apply when it is opened again, so it is shut down once when they change.
   */
  private static void setCache(String url, int rows, int kb) {
    try (Connection c = DriverManager.getConnection(url + ";ifexists=true", "SA", "");
        Statement s = c.createStatement()) {
      Map<String, Integer> now = new HashMap<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT property_name, property_value FROM information_schema.system_properties"
                  + " WHERE property_name IN ('hsqldb.cache_rows', 'hsqldb.cache_size', 'hsqldb.log_size')")) {
        while (r.next()) {
          now.put(r.getString(1), Integer.parseInt(r.getString(2).strip()));
        }
      }
      if (now.getOrDefault("hsqldb.cache_rows", 0) != rows
          || now.getOrDefault("hsqldb.cache_size", 0) != kb
          || now.getOrDefault("hsqldb.log_size", 0) != LOG_MB) {
        s.execute("SET FILES CACHE ROWS " + rows);
        s.execute("SET FILES CACHE SIZE " + kb);
        s.execute("SET FILES LOG SIZE " + LOG_MB);
        if (sessions(s) == 1) { // never shut down a database this process has open elsewhere
          s.execute("SHUTDOWN");
        }
      }
    } catch (SQLException e) {
      // no database yet (created with the URL's settings), or it is still locked after a crash:
      // the pool's open waits for the lock, and the settings apply from the next start
    }
  }

  private static int sessions(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM information_schema.system_sessions")) {
      r.next();
      return r.getInt(1);
    }
  }

  /**
   * PostgreSQL (or another JDBC URL) when {@code switchboard.db.url} is set, else embedded with
   * {@code switchboard.db.cacheMb} MB of row cache.
   */
  public static Database embeddedOr(io.switchboard.config.PropertiesFile app, Path dataDir) {
    return app.find("switchboard.db.url")
        .map(url -> open(url, app.get("switchboard.db.user", ""), app.get("switchboard.db.password", "")))
        .orElseGet(() -> embedded(dataDir, app.getInt("switchboard.db.cacheMb", DEFAULT_CACHE_MB)));
  }

  public static Database open(String url, String user, String password) {
    boolean hsqldb = url.startsWith("jdbc:hsqldb:");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    config.setPoolName("switchboard-db");
    // HSQLDB's lock file held by another program (a dead Switchboard's is removed by the owner
    // lock, ADR 0053): keep trying while its heartbeat may still age instead of failing
    config.setInitializationFailTimeout(30_000);
    HikariDataSource ds = new HikariDataSource(config);
    try {
      // nothing to migrate: a start need not load Flyway to learn that (ADR 0080)
      if (!Migrations.current(ds)) {
        migrate(ds, hsqldb);
      }
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, hsqldb, url.startsWith("jdbc:hsqldb:file:") || url.startsWith("jdbc:hsqldb:mem:"));
  }

  private static void migrate(HikariDataSource ds, boolean hsqldb) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .placeholders(
            hsqldb
                ? Map.of("text", "VARCHAR(16777216)", "blob", "BLOB")
                : Map.of("text", "TEXT", "blob", "BYTEA"))
        .load()
        .migrate();
  }

  /** The pool, for what must run below Jdbi (the migration check). */
  javax.sql.DataSource dataSource() {
    return dataSource;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Whether this is an HSQLDB inside this process, not a server several instances share. */
  public boolean embeddedHsqldb() {
    return embedded;
  }

  /**
   * The store's full-text search (ADR 0037), opened at first use: a Lucene index in the data folder
   * on the embedded default, PostgreSQL's own full-text search otherwise.
   */
  public synchronized io.switchboard.store.search.Search search() {
    if (search == null) {
      search = io.switchboard.store.search.Search.open(jdbi, !hsqldb, searchDir);
    }
    return search;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (search != null) {
        search.close();
      }
    }
    if (embedded) {
      jdbi.useHandle(h -> h.execute("SHUTDOWN"));
    }
    dataSource.close();
    if (owner != null) {
      owner.closedCleanly();
    }
  }
}
