import io.switchboard.Daemon;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;

/**
 * Ingest rate: the corpus is appended once to a staging folder; each Switchboard run starts the
 * real daemon (fresh database) on an empty folder, copies the corpus into it on the server, and
 * times until every message is stored with its tags. Each run is followed by the baseline: a plain
 * Jakarta Mail bulk fetch of the same folder. Medians over the runs.
 */
final class IngestBench {
  /**
   * Rates are medians of the runs; {@code sbCpuMs} and {@code plainCpuMs} are the medians of this
   * JVM's CPU time per message (all threads: work, JIT, GC), which the machine's load moves far
   * less than the wall-clock rates; on PostgreSQL {@code sbCpuMs} includes the server's CPU,
   * {@code serverCpuMs} (0 on HSQLDB, which runs in this JVM); {@code jitCpuMs} is the part of
   * this JVM's that its JIT compilers took.
   */
  record Result(double switchboard, double plain, double copySeconds, double rssIdleMb, double rssPeakMb,
      long stored, long tagged, long conversations, List<Double> sbRuns, List<Double> plainRuns,
      double sbCpuMs, double plainCpuMs, double afterCopy, double serverCpuMs, double jitCpuMs) {}

  private IngestBench() {}

  static Session session(int port) {
    Properties p = new Properties();
    p.put("mail.store.protocol", "imap");
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", String.valueOf(port));
    p.put("mail.imap.partialfetch", "false");
    p.put("mail.imap.connectiontimeout", "15000");
    p.put("mail.imap.timeout", "120000");
    return Session.getInstance(p);
  }

  static Store connect(Session s) throws Exception {
    Store store = s.getStore("imap");
    store.connect(MailServer.USER, MailServer.PASSWORD);
    return store;
  }

  /** Appends the corpus to {@code folder}, created when missing. */
  static void fill(MailServer server, String folder, List<Corpus.Mail> corpus) throws Exception {
    Session s = session(server.imapPort());
    try (Store store = connect(s)) {
      Folder f = store.getFolder(folder);
      if (!f.exists()) {
        f.create(Folder.HOLDS_MESSAGES);
      }
      List<Message> chunk = new ArrayList<>();
      for (Corpus.Mail m : corpus) {
        chunk.add(new MimeMessage(s, new ByteArrayInputStream(m.rfc822())));
        if (chunk.size() == 500) {
          f.appendMessages(chunk.toArray(Message[]::new));
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        f.appendMessages(chunk.toArray(Message[]::new));
      }
    }
  }

  /** Plain Jakarta Mail bulk fetch of a folder: messages per second. */
  static double plainFetch(int port, String folder, int expected) throws Exception {
    return plainFetch(port, folder, expected, new double[1]);
  }

  /** As {@link #plainFetch(int, String, int)}; {@code cpuMs[0]} gets this JVM's CPU ms per message. */
  static double plainFetch(int port, String folder, int expected, double[] cpuMs) throws Exception {
    // Switchboard names Jakarta's stream provider JVM-wide to skip a class-path scan per header
    // block (ADR 0021); the plain client is measured as Jakarta Mail ships, without that
    String provider = System.clearProperty(STREAM_PROVIDER);
    try {
      return plainFetch0(port, folder, expected, cpuMs);
    } finally {
      if (provider != null) {
        System.setProperty(STREAM_PROVIDER, provider);
      }
    }
  }

  private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  private static double plainFetch0(int port, String folder, int expected, double[] cpuMs) throws Exception {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    long bytes = 0;
    try (Store store = connect(session(port))) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_ONLY);
      Message[] all = f.getMessages();
      FetchProfile fp = new FetchProfile();
      fp.add(FetchProfile.Item.ENVELOPE);
      fp.add(FetchProfile.Item.CONTENT_INFO);
      fp.add(UIDFolder.FetchProfileItem.UID);
      fp.add(org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.HEADERS);
      f.fetch(all, fp);
      for (Message m : all) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
        m.writeTo(out);
        bytes += out.size();
      }
      f.close(false);
      if (all.length != expected) {
        throw new IllegalStateException("plain fetch read " + all.length + " of " + expected);
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    cpuMs[0] = (processCpuNanos() - cpu0) / 1e6 / expected;
    if (bytes == 0) {
      throw new IllegalStateException("nothing read");
    }
    return expected / s;
  }

  static Result run(MailServer server, List<Corpus.Mail> corpus, Path work, int runs) throws Exception {
    return run(server, corpus, work, runs, List.of(io.switchboard.support.TestStore.HSQLDB)).get(0);
  }

  /**
   * One result per store, in the order given; each run measures every store in turn, each followed
   * by the plain fetch of the folder it read, so the stores and the plain client share the
   * machine's load of that moment. On PostgreSQL the server's CPU (a process of its own) is added
   * to the benchmark JVM's.
   */
  static List<Result> run(MailServer server, List<Corpus.Mail> corpus, Path work, int runs,
      List<io.switchboard.support.TestStore> stores) throws Exception {
    int n = corpus.size();
    fill(server, "Corpus", corpus);
    List<Acc> accs = new ArrayList<>();
    for (int i = 0; i < stores.size(); i++) {
      accs.add(new Acc());
    }
    for (int r = 1; r <= runs; r++) {
      for (int k = 0; k < stores.size(); k++) {
        io.switchboard.support.TestStore kind = stores.get(k);
        Acc a = accs.get(k);
        String folder = "Run" + r + kind.name().charAt(0);
        Path dir = work.resolve("ingest-" + r + "-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        Bench.deleteTree(dir);
        try (Store store = connect(session(server.imapPort()))) {
          store.getFolder(folder).create(Folder.HOLDS_MESSAGES);
        }
        String dbProperties = kind.properties();
        int pgPort = ServerCpu.port(dbProperties);
        // no IDLE here: a short poll interval, so the rate does not include Dovecot's IDLE delay
        Path config = Bench.config(dir, server.imapPort(), MailServer.freePort(), folder,
            "imap.idle = false", "poll.interval = 20ms", "poll.batch = 500");
        if (!dbProperties.isBlank()) {
          java.nio.file.Files.writeString(config.resolve("application.properties"), dbProperties + "\n",
              java.nio.file.StandardOpenOption.APPEND);
        }
        Daemon d = Bench.daemon(config, dir.resolve("data"));
        AtomicBoolean running = new AtomicBoolean(true);
        double[] peak = {0};
        Thread sampler = new Thread(() -> {
          while (running.get()) {
            peak[0] = Math.max(peak[0], Bench.rssMb());
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
          }
        });
        try {
          Jdbi jdbi = d.services().jdbi();
          Bench.await("the first poll", 30, () -> jdbi.withHandle(h -> h.createQuery(
              "SELECT COUNT(*) FROM channel_state WHERE last_success_at IS NOT NULL").mapTo(Long.class).one()) > 0);
          System.gc();
          a.rssIdle = Bench.rssMb();
          sampler.start();
          boolean statements = pgPort > 0 && STATEMENTS > 0 && resetStatements(jdbi);
          long cpu0 = processCpuNanos();
          long server0 = ServerCpu.nanos(pgPort);
          java.util.Map<String, Long> byProcess0 = statements ? ServerCpu.split(pgPort) : java.util.Map.of();
          ThreadCpu.Split split0 = ThreadCpu.now();
          long t0 = System.nanoTime();
          try (Store store = connect(session(server.imapPort()))) {
            Folder src = store.getFolder("Corpus");
            src.open(Folder.READ_ONLY);
            src.copyMessages(src.getMessages(), store.getFolder(folder));
            src.close(false);
          }
          long copied = System.nanoTime();
          // the cursor passes a message only once it is stored: a key lookup, unlike COUNT(*) on HSQLDB
          Bench.await("all messages stored", 900, () -> storedUpTo(jdbi) >= n);
          long t1 = System.nanoTime();
          long server1 = ServerCpu.nanos(pgPort);
          if (statements) {
            printStatements(jdbi, n);
            java.util.Map<String, Long> byProcess1 = ServerCpu.split(pgPort);
            StringBuilder b = new StringBuilder("  server CPU ms per message by process:");
            byProcess1.forEach((kind1, v) -> b.append(String.format(" %s %.2f;", kind1, (v - byProcess0.getOrDefault(kind1, 0L)) * 10.0 / n)));
            System.out.println(b);
          }
          a.jitCpu.add(ThreadCpu.now().minus(split0).jit() / 1e6 / n);
          double serverMs = pgPort < 0 || server0 < 0 || server1 < 0 ? 0 : (server1 - server0) / 1e6 / n;
          a.sbCpu.add((processCpuNanos() - cpu0) / 1e6 / n + serverMs);
          a.serverCpu.add(serverMs);
          running.set(false);
          sampler.join();
          a.rssPeak = Math.max(a.rssPeak, peak[0]);
          a.sb.add(n / ((t1 - t0) / 1e9));
          a.copies.add((copied - t0) / 1e9);
          // the plain client's figure has no copy in it; the messages only appear once COPY is done
          a.afterCopy.add(n / ((t1 - copied) / 1e9));
          a.stored = count(jdbi, "SELECT COUNT(*) FROM message");
          a.tagged = count(jdbi, "SELECT COUNT(*) FROM message WHERE language IS NOT NULL AND sentiment IS NOT NULL AND urgency IS NOT NULL");
          a.conversations = count(jdbi, "SELECT COUNT(*) FROM conversation");
        } finally {
          running.set(false);
          d.stop();
        }
        double[] cpu = new double[1];
        double p = plainFetch(server.imapPort(), folder, n, cpu);
        a.plain.add(p);
        a.plainCpu.add(cpu[0]);
        System.out.printf("  ingest run %d on %s: Switchboard %,.0f msg/s, %.2f CPU ms/msg (%.2f of it the JIT compilers,"
                + " %.2f the database server; server-side copy %.2f s included), plain Jakarta Mail %,.0f msg/s,"
                + " %.2f CPU ms/msg; load %s%n",
            r, kind, a.sb.get(a.sb.size() - 1), a.sbCpu.get(a.sbCpu.size() - 1), a.jitCpu.get(a.jitCpu.size() - 1),
            a.serverCpu.get(a.serverCpu.size() - 1), a.copies.get(a.copies.size() - 1), p, cpu[0], load());
        Bench.deleteTree(dir);
      }
    }
    List<Result> out = new ArrayList<>();
    for (Acc a : accs) {
      out.add(new Result(Bench.median(a.sb), Bench.median(a.plain), Bench.median(a.copies), a.rssIdle, a.rssPeak,
          a.stored, a.tagged, a.conversations, a.sb, a.plain, Bench.median(a.sbCpu), Bench.median(a.plainCpu),
          Bench.median(a.afterCopy), Bench.median(a.serverCpu), Bench.median(a.jitCpu)));
    }
    return out;
  }

  /** What the runs of one store collect. */
  private static final class Acc {
    final List<Double> sb = new ArrayList<>();
    final List<Double> plain = new ArrayList<>();
    final List<Double> copies = new ArrayList<>();
    final List<Double> sbCpu = new ArrayList<>();
    final List<Double> serverCpu = new ArrayList<>();
    final List<Double> jitCpu = new ArrayList<>();
    final List<Double> afterCopy = new ArrayList<>();
    final List<Double> plainCpu = new ArrayList<>();
    double rssIdle;
    double rssPeak;
    long stored;
    long tagged;
    long conversations;
  }

  /** CPU time of this JVM so far, all threads. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1-minute load average, or "?" where there is no /proc. */
  static String load() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /**
   * {@code SB_BENCH_PG_STATEMENTS}: how many of the PostgreSQL server's statements to print after
   * each PostgreSQL run, by their total execution time (0: none). The suite then starts the cluster
   * with {@code pg_stat_statements} (bench/run.sh).
   */
  static final int STATEMENTS = Integer.parseInt(System.getenv().getOrDefault("SB_BENCH_PG_STATEMENTS", "0"));

  /** Empties the server's statement statistics; false when the extension is not loaded. */
  static boolean resetStatements(Jdbi jdbi) {
    try {
      return jdbi.withHandle(h -> {
        h.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        h.createQuery("SELECT pg_stat_statements_reset()").mapTo(String.class).one();
        return true;
      });
    } catch (RuntimeException e) {
      System.out.println("  (no statement table: " + e.getMessage().lines().findFirst().orElse("") + ")");
      return false;
    }
  }

  /** The run's statements on the daemon's database, by total execution time, per message. */
  static void printStatements(Jdbi jdbi, int messages) {
    jdbi.useHandle(h -> {
      double total = h.createQuery("SELECT COALESCE(SUM(total_exec_time), 0) FROM pg_stat_statements"
              + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")
          .mapTo(Double.class).one();
      System.out.printf("  statements: %.3f ms of execution per message in all; the top %d:%n", total / messages, STATEMENTS);
      System.out.println("  | ms/msg | share | calls | rows | statement |");
      h.createQuery("SELECT total_exec_time, calls, rows, query FROM pg_stat_statements"
              + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
              + " ORDER BY total_exec_time DESC LIMIT :n")
          .bind("n", STATEMENTS)
          .map((rs, ctx) -> String.format("  | %.3f | %.0f %% | %,d | %,d | %s |", rs.getDouble(1) / messages,
              100 * rs.getDouble(1) / Math.max(total, 1e-9), rs.getLong(2), rs.getLong(3),
              abbreviate(rs.getString(4).replaceAll("\\s+", " "), 160)))
          .forEach(System.out::println);
    });
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** The last UID the email account's cursor passed (UIDs in a fresh folder run 1..n). */
  static long storedUpTo(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT cursor_value FROM channel_cursor WHERE account = 'email-bench'")
        .mapTo(String.class).findOne().map(v -> Long.parseLong(v.substring(v.indexOf(':') + 1))).orElse(0L));
  }

  static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
