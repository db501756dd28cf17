package io.switchboard.support;

import io.switchboard.store.Database;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for the tests, started once per test JVM from Debian's binaries
 * (initdb and pg_ctl under {@code /usr/lib/postgresql/VERSION/bin}) in {@code target/postgres/PID},
 * on a free loopback port, with no Unix socket, trust authentication and no fsync (nothing in it
 * outlives the JVM), and stopped when the JVM exits. As root the server runs as the {@code
 * postgres} system user (or {@code nobody}): PostgreSQL refuses to run as root.
 *
 * <p>Each test gets a database of its own, copied from a migrated template in a tenth of a second;
 * idle databases of earlier tests are dropped as new ones are made.
 *
 * <p>Without the binaries a test that asks for PostgreSQL is skipped with the reason, unless the
 * system property {@value #REQUIRE} is true (CI sets it): then it fails. {@code
 * SWITCHBOARD_TEST_PG_URL} names a server of your own instead (its user must be allowed to create
 * databases).
 */
public final class PostgresCluster {
  /** The system property under which a missing PostgreSQL fails the test instead of skipping it. */
  public static final String REQUIRE = "switchboard.requirePostgres";

  /**
   * The system property naming server libraries to preload, e.g. {@code pg_stat_statements} for the
   * benchmark's statement table (only at a cluster's start).
   */
  public static final String PRELOAD = "switchboard.pgPreload";

  public static final String USER = "switchboard";
  private static final String TEMPLATE = "switchboard_template";
  private static final int KEEP_RECENT = 4;

  private static PostgresCluster shared;
  private static String unavailable;

  private final String server;
  private final String user;
  private final String version;
  private final AtomicInteger counter = new AtomicInteger();
  private final Deque<String> created = new ArrayDeque<>();

  private PostgresCluster(String server, String user) {
    this.server = server;
    this.user = user;
    this.version = query(server + "postgres", user, "SHOW server_version");
  }

  /**
   * The JVM's cluster, started on first use. Skips the calling test when PostgreSQL cannot be
   * started, or fails it under {@value #REQUIRE}.
   */
  public static synchronized PostgresCluster shared() {
    if (shared == null && unavailable == null) {
      try {
        long began = System.nanoTime();
        shared = start();
        System.err.printf("PostgreSQL %s for the tests at %s, ready in %d ms%n",
            shared.version, shared.server, (System.nanoTime() - began) / 1_000_000);
      } catch (Exception e) {
        unavailable = e.getMessage();
      }
    }
    if (shared != null) {
      return shared;
    }
    String why = "PostgreSQL test skipped: cannot start PostgreSQL (" + unavailable
        + "); install Debian's postgresql package, or set SWITCHBOARD_TEST_PG_URL";
    if (Boolean.getBoolean(REQUIRE)) {
      throw new IllegalStateException(why.replace("test skipped", "required (-D" + REQUIRE + "=true)"));
    }
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  public String version() {
    return version;
  }

  /** A new empty (migrated) database's JDBC URL. */
  public synchronized String newDatabaseUrl() {
    String name = "sb_" + counter.incrementAndGet();
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    created.addLast(name);
    dropIdleOlderOnes();
    return server + name;
  }

  /** A new database, opened (and validated by Flyway) as the daemon would. */
  public Database newDatabase() {
    return Database.open(newDatabaseUrl(), user, "");
  }

  public String user() {
    return user;
  }

  /**
   * Drops databases of earlier tests that nobody is connected to any more (a database still in
   * use is left; PostgreSQL would wait five seconds before refusing to drop it).
   */
  private void dropIdleOlderOnes() {
    if (created.size() <= KEEP_RECENT) {
      return;
    }
    List<String> old = new ArrayList<>(created).subList(0, created.size() - KEEP_RECENT);
    try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
        Statement s = c.createStatement()) {
      for (String name : old) {
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + name + "'")) {
          r.next();
          if (r.getInt(1) > 0) {
            continue;
          }
        }
        s.execute("DROP DATABASE IF EXISTS " + name);
        created.remove(name);
      }
    } catch (SQLException e) {
      // a database that could not be dropped now is tried again after the next test
    }
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static String query(String url, String user, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(url + ": " + e.getMessage(), e);
    }
  }

  private static PostgresCluster start() throws IOException, InterruptedException {
    String external = System.getenv("SWITCHBOARD_TEST_PG_URL");
    if (external != null && !external.isBlank()) {
      String server = external.substring(0, external.lastIndexOf('/') + 1);
      String user = System.getenv().getOrDefault("SWITCHBOARD_TEST_PG_USER", USER);
      return withTemplate(server, user);
    }
    Path bin = binaries();
    String runAs = isRoot() ? systemUser() : null;
    Path base = buildDir().resolve("postgres");
    Files.createDirectories(base);
    removeStale(base, bin, runAs);
    Path dir = base.resolve(Long.toString(ProcessHandle.current().pid()));
    if (runAs != null && !othersMayEnter(base)) {
      // a checkout under a private home: the server's user could not reach target/
      dir = Files.createTempDirectory("switchboard-postgres");
    }
    Files.createDirectories(dir);
    if (runAs != null) {
      UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
      Files.setOwner(dir, owner);
    }
    Path data = dir.resolve("data");
    int port = initAndStart(bin, runAs, dir, data, 60);
    Path stopDir = dir;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, runAs, stopDir), "postgres-stop"));
    return withTemplate("jdbc:postgresql://127.0.0.1:" + port + "/", USER);
  }

  /**
   * Makes a cluster in {@code data} unless one is there, and starts it on a free loopback port with
   * the tests' settings (no durability: the data is thrown away or reseeded); returns the port.
   */
  private static int initAndStart(Path bin, String runAs, Path dir, Path data, int timeoutSeconds)
      throws IOException, InterruptedException {
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      run(runAs, dir, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
    }
    int port = freePort();
    String options = "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=''"
        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
    String preload = System.getProperty(PRELOAD, "");
    if (preload.matches("[a-z_]+(,[a-z_]+)*")) {
      options += " -c shared_preload_libraries=" + preload;
    }
    run(runAs, dir, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", String.valueOf(timeoutSeconds), "-o", options, "start");
    return port;
  }

  /**
   * A cluster whose data stays in {@code dir} after the JVM exits (the benchmark seeds its million
   * messages once and reuses them): made there at first use, started on a free loopback port,
   * stopped (not removed) when the JVM exits. Same settings as the tests' cluster.
   */
  public static PostgresCluster kept(Path where) throws IOException, InterruptedException {
    Path dir = where.toAbsolutePath();
    Path bin = binaries();
    String runAs = isRoot() ? systemUser() : null;
    Files.createDirectories(dir);
    if (runAs != null) {
      Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs));
    }
    Path data = dir.resolve("data");
    int port = initAndStart(bin, runAs, dir, data, 120);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        run(runAs, dir, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
      } catch (Exception e) {
        // the server may be gone already
      }
    }, "postgres-stop"));
    return new PostgresCluster("jdbc:postgresql://127.0.0.1:" + port + "/", USER);
  }

  /** The cluster's JDBC URL without a database name. */
  public String server() {
    return server;
  }

  /** Maven's build folder ({@code target/}), where the cluster and the report of its tests go. */
  static Path buildDir() {
    return Path.of(System.getProperty("switchboard.buildDir", "target")).toAbsolutePath();
  }

  /** The running cluster's version, or null when none was started in this JVM. */
  static synchronized String startedVersion() {
    return shared == null ? null : shared.version;
  }

  /** Makes the migrated template every test database is copied from. */
  private static PostgresCluster withTemplate(String server, String user) {
    try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + TEMPLATE);
      s.execute("CREATE DATABASE " + TEMPLATE);
    } catch (SQLException e) {
      throw new IllegalStateException(server + ": " + e.getMessage(), e);
    }
    Database.open(server + TEMPLATE, user, "").close();
    return new PostgresCluster(server, user);
  }

  /** The newest {@code initdb} under {@code /usr/lib/postgresql/VERSION/bin}. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("no " + root);
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())))
          .orElseThrow(() -> new IllegalStateException("no initdb and pg_ctl under " + root + "/*/bin"));
    }
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    return out.equals("0");
  }

  /** Debian's package makes a {@code postgres} user; {@code nobody} exists everywhere. */
  private static String systemUser() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0 ? "postgres" : "nobody";
  }

  private static boolean othersMayEnter(Path dir) throws IOException {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a PostgreSQL program (as {@code runAs} when given), failing with its output. */
  private static void run(String runAs, Path dir, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (runAs != null) {
      line.addAll(List.of("runuser", "-u", runAs, "--"));
    }
    line.addAll(List.of(command));
    Path log = Files.createTempFile("switchboard-pg", ".log");
    try {
      Process p = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + ": no answer in 120 s");
      }
      if (p.exitValue() != 0) {
        String out = Files.readString(log).strip();
        throw new IllegalStateException(String.join(" ", line) + " exited " + p.exitValue() + ": "
            + out.substring(Math.max(0, out.length() - 600)));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void stop(Path bin, String runAs, Path dir) {
    try {
      run(runAs, dir, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } catch (Exception e) {
      // the server may be gone already
    }
    delete(dir);
  }

  /** Clusters left by test JVMs that were killed: stopped and removed. */
  private static void removeStale(Path base, Path bin, String runAs) throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (name.matches("\\d+") && ProcessHandle.of(Long.parseLong(name)).isEmpty()) {
          stop(bin, runAs, d);
        }
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left for the next run's clean-up or mvn clean
    }
  }
}
