import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.support.JarProcess;
import io.switchboard.support.TestStore;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Restart after kill -9 (issue 19): the packaged daemon ({@code switchboard.jar}) reads the realistic
 * corpus from the benchmark's IMAP server into a data folder that already holds the inbox bench's
 * 1,000,000 messages (HSQLDB; a copy of {@code inbox/}, so every run starts from the same files), or
 * into a fresh database of the tests' throwaway PostgreSQL cluster under a stable instance name. It
 * is killed with SIGKILL at random points of the reading and started again; each start is timed
 * from the launch of {@code java -jar} to its ready line, to health UP with a poll newer than the
 * launch, and to the first message stored beyond those stored at the kill. On HSQLDB the
 * log that the restart replays and the age of the lock file's heartbeat at the kill are printed too.
 */
final class RestartBench {
  /** One start: what the kill left behind and how long the start took to each mark, in ms. */
  record Start(String store, String kind, long storedAtKill, double logMb, double heartbeatAgeMs,
      double readyMs, double healthMs, double readingMs, double cpuReadyMs, double cpuReadingMs, long duplicates) {}

  private static final String ACCOUNT = "email-bench";

  private RestartBench() {}

  static List<Start> run(TestStore kind, MailServer server, Path work, List<Corpus.Mail> corpus, int kills, Path jar)
      throws Exception {
    Path dir = work.resolve("restart").resolve(kind.name().toLowerCase(java.util.Locale.ROOT));
    Bench.deleteTree(dir);
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    String extra = "";
    if (kind == TestStore.HSQLDB) {
      Path base = work.resolve("inbox");
      if (!Files.exists(base.resolve("db").resolve("switchboard.script"))) {
        throw new IllegalStateException("no inbox database in " + base + ": run bench/run.sh inbox first (seeds it)");
      }
      copyTree(base, data);
    } else {
      extra = kind.properties() + "\nswitchboard.instance = bench-restart\nswitchboard.poller.leases = on\n";
    }
    String folder = "restart-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.currentTimeMillis();
    IngestBench.fill(server, folder, corpus);
    Path config = Bench.config(dir, server.imapPort(), MailServer.freePort(), folder);
    Files.writeString(config.resolve("application.properties"), extra, java.nio.file.StandardOpenOption.APPEND);
    Path log = dir.resolve("stderr.txt");
    // SB_BENCH_DAEMON_OPTS: more JVM options for the daemon (e.g. -XX:SharedArchiveFile=...)
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
    String more = System.getenv().getOrDefault("SB_BENCH_DAEMON_OPTS", "").strip();
    if (!more.isEmpty()) {
      jvm.addAll(List.of(more.split("\\s+")));
    }
    String[] args = {"--config", config.toString(), "--data", data.toString(), "--http-port", "0"};
    System.setProperty("switchboard.jar", jar.toString());
    Random random = new Random(19);
    List<Start> starts = new ArrayList<>();
    long storedAtKill = -1;
    double logMb = 0;
    double heartbeatAge = -1;
    for (int k = 0; k <= kills; k++) {
      long t0 = System.nanoTime();
      try (JarProcess p = JarProcess.start(jvm, log, Bench.ADMIN_PASSWORD, args)) {
        int port = p.awaitReady();
        double readyMs = (System.nanoTime() - t0) / 1e6;
        double cpuReady = cpuMs(p.process());
        double cpuReading = -1;
        Api api = new Api(port, "admin", Bench.ADMIN_PASSWORD);
        long launchedAt = System.currentTimeMillis() - (long) readyMs;
        double healthMs = -1;
        double readingMs = -1;
        long duplicates = -1;
        long storedAtReading = -1;
        long baseline = storedAtKill < 0 ? stored(api) : storedAtKill;
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while ((healthMs < 0 || readingMs < 0) && System.nanoTime() < until) {
          if (healthMs < 0 && upSince(api, launchedAt)) {
            healthMs = (System.nanoTime() - t0) / 1e6;
          }
          long now = readingMs < 0 ? stored(api) : -1;
          if (readingMs < 0 && now > baseline) {
            storedAtReading = now;
            readingMs = (System.nanoTime() - t0) / 1e6;
            cpuReading = cpuMs(p.process());
            duplicates = duplicates(api);
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        Start s = new Start(kind.toString(), k == 0 ? "clean start" : "after kill -9 #" + k, storedAtKill, logMb,
            heartbeatAge, readyMs, healthMs, readingMs, cpuReady, cpuReading, duplicates);
        starts.add(s);
        System.out.printf("  %s %s: stored at kill %,d, log %.1f MB, heartbeat age %.0f ms; ready %.0f ms, health UP %.0f ms,"
                + " first new message stored %.0f ms after launch (%d inputs found stored already by then); daemon CPU"
            + " %.0f ms at ready, %.0f ms at reading; load %s%n",
            s.store(), s.kind(), s.storedAtKill(), s.logMb(), s.heartbeatAgeMs(), s.readyMs(), s.healthMs(),
            s.readingMs(), s.duplicates(), s.cpuReadyMs(), s.cpuReadingMs(), IngestBench.load());
        if (k == kills) {
          p.stop(120);
          break;
        }
        // a random point of the reading, then SIGKILL right after a commit was seen (an event's count
        // moved)
        long target = stored(api) + 50 + random.nextInt(Math.max(1, corpus.size() / (4 * (kills + 1))));
        Bench.await("conversations stored", 1200, () -> stored(api) >= target);
        long before = stored(api);
        Bench.await("one more commit", 600, () -> stored(api) > before);
        storedAtKill = stored(api);
        double cpuAtKill = cpuMs(p.process());
        double wallAtKill = (System.nanoTime() - t0) / 1e6;
        p.kill();
        // what reading costs between the first new message and the kill (HSQLDB's checkpoints
        // included: ADR 0073)
        long readStored = storedAtKill - storedAtReading;
        System.out.printf("  %s %s until the kill: %,d messages stored, %.2f ms daemon CPU per message, %.0f msg/s; load %s%n",
            s.store(), s.kind(), readStored, (cpuAtKill - cpuReading) / Math.max(1, readStored),
            readStored / Math.max(0.001, (wallAtKill - readingMs) / 1000), IngestBench.load());
        Path db = data.resolve("db");
        logMb = Files.exists(db.resolve("switchboard.log")) ? Files.size(db.resolve("switchboard.log")) / 1048576.0 : 0;
        heartbeatAge = heartbeatAge(db.resolve("switchboard.lck"));
      }
    }
    return starts;
  }

  /**
   * Inputs this process's ingest found stored already (read again after the kill), from {@code GET
   * /metrics}; -1 when it cannot be read.
   */
  static long duplicates(Api api) {
    Api.Response r = api.get("/metrics");
    if (r.status() != 200 || r.body() == null) {
      return -1;
    }
    long n = 0;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("switchboard_messages_ingested_total{") && line.contains("outcome=\"duplicate\"")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }

  /** CPU time the daemon's process used so far (all threads), in ms. */
  static double cpuMs(Process p) {
    return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(-1.0);
  }

  /**
   * Workflow events so far: each stored customer message writes one in its transaction (ADR 0030),
   * and this count is exact, where the inbox list's total stops at 10,000.
   */
  static long stored(Api api) {
    Api.Response r = api.get("/api/admin/workflow-events?limit=1");
    return r.status() == 200 ? r.json().get("total").asLong() : -1;
  }

  /** Whether health says UP for the bench account with a successful poll after {@code since}. */
  static boolean upSince(Api api, long since) {
    Api.Response r = api.get("/api/health");
    if (r.status() != 200) {
      return false;
    }
    for (JsonNode c : r.json().get("channels")) {
      if (ACCOUNT.equals(c.get("account").asText()) && "UP".equals(c.get("status").asText())) {
        JsonNode last = c.get("lastSuccessfulPoll");
        if (last != null && !last.isNull() && epochMs(last) >= since) {
          return true;
        }
      }
    }
    return false;
  }

  private static long epochMs(JsonNode t) {
    if (t.isNumber()) { // Jackson's timestamps: seconds with a fraction
      return (long) (t.asDouble() * 1000);
    }
    return java.time.Instant.parse(t.asText()).toEpochMilli();
  }

  /** Milliseconds since HSQLDB's lock file's last heartbeat (-1: no lock file). */
  static double heartbeatAge(Path lck) {
    if (!Files.exists(lck)) {
      return -1;
    }
    try (InputStream in = Files.newInputStream(lck); DataInputStream d = new DataInputStream(in)) {
      d.skipBytes(8); // magic
      return System.currentTimeMillis() - d.readLong();
    } catch (IOException e) {
      return -1;
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("plans.txt")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
