import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Switchboard's performance suite: every figure beside its baseline (measured in the same run)
 * or target, as one table. Run with {@code bench/run.sh [section ...]}; sections: ingest,
 * latency, outbound, nlp, inbox, footprint (default: all). Environment: {@code SB_BENCH_MESSAGES}
 * (ingest corpus, default 10000), {@code SB_BENCH_RUNS} (default 5), {@code SB_BENCH_INBOX}
 * (inbox messages, default 1000000), {@code SB_BENCH_IMAP=greenmail} to skip Dovecot, {@code
 * SB_BENCH_STORES} (hsqldb, postgresql; for steps and ingest).
 */
public final class BenchSuite {
  record Row(String figure, String value, String baseline, String verdict) {}

  private static final List<Row> ROWS = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Set<String> sections = new LinkedHashSet<>(List.of(args));
    if (sections.isEmpty()) {
      sections.addAll(List.of("footprint", "nlp", "ingest", "latency", "outbound", "inbox"));
    }
    Path work = Path.of(System.getProperty("bench.dir", "target/bench"));
    Files.createDirectories(work);
    int messages = intEnv("SB_BENCH_MESSAGES", 10_000);
    int runs = intEnv("SB_BENCH_RUNS", 5);
    long started = System.nanoTime();
    String machine = machine();
    System.out.println("Switchboard benchmark on " + machine);
    MailServer server = null;
    try {
      if (sections.contains("footprint")) {
        section("footprint");
        Footprint.Result f = Footprint.run(work);
        row("Startup to ready (separate JVM, fresh data folder)", ms(f.startupMs()), "", "");
        row("Resident memory at idle (separate JVM)", mb(f.rssIdleMb()), "", "");
      }
      if (sections.contains("nlp")) {
        section("nlp");
        TagBench.Result t = TagBench.fork(7);
        row("NLP model load (language, sentiment, urgency)", ms(t.loadMs()), "target < 2,000 ms", verdict(t.loadMs() < 2000));
        row("NLP tagging, messages/s on one core (" + t.texts() + " texts, " + t.source() + ")",
            rate(t.median()), "target >= 20,000", verdict(t.median() >= 20_000));
        row("NLP tagging, messages per CPU second (same rounds)",
            rate(t.cpuMedian()), "target >= 20,000", verdict(t.cpuMedian() >= 20_000));
      }
      if (sections.contains("steps")) {
        section("steps");
        List<Corpus.Mail> corpus = Corpus.generate(messages);
        for (io.switchboard.support.TestStore kind : stores()) {
          IngestSteps.Result r = IngestSteps.run(kind, corpus, work);
          row(String.format("Ingest steps alone on %s (no IMAP), %,d emails: CPU per message", r.store(), messages),
              String.format("%.2f ms (JIT %.2f, GC %.2f)", r.cpuMs(), r.jitMs(), r.gcMs())
                  + (r.serverCpuMs() != 0 ? String.format(" + %.2f ms database server", r.serverCpuMs()) : ""), String.format("%,.0f msg/s on the wall clock", r.rate()),
              r.stored() == messages && r.tagged() == messages ? "ok" : "MISSING");
        }
      }
      if (sections.contains("ingest") || sections.contains("latency")) {
        server = MailServer.start(work);
        System.out.println("IMAP server: " + server.kind());
        row("IMAP server", server.kind(), "", "");
      }
      if (sections.contains("ingest")) {
        section("ingest");
        List<Corpus.Mail> corpus = Corpus.generate(messages);
        System.out.println("  corpus: " + Corpus.describe(corpus));
        double avgKb = corpus.stream().mapToInt(m -> m.rfc822().length).average().orElse(0) / 1024;
        List<io.switchboard.support.TestStore> stores = stores();
        List<IngestBench.Result> results = IngestBench.run(server, corpus, work, runs, stores);
        for (int k = 0; k < stores.size(); k++) {
          IngestBench.Result r = results.get(k);
          String on = stores.size() > 1 || stores.get(k) != io.switchboard.support.TestStore.HSQLDB
              ? " on " + stores.get(k) : "";
          boolean met = r.switchboard() >= 1000 && r.switchboard() >= 0.2 * r.plain();
          row(String.format("Ingest %,d emails (avg %.0f KB)%s, stored and tagged, median of %d", messages, avgKb, on, runs),
              rate(r.switchboard()), "plain Jakarta Mail fetch " + rate(r.plain()) + "; target >= 1,000 msg/s and >= 0.2x",
              String.format("%.2fx %s", r.switchboard() / r.plain(), verdict(met)));
          row("  the same, timed from the end of the server-side copy (median)", rate(r.afterCopy()),
              "plain Jakarta Mail fetch " + rate(r.plain()), String.format("%.2fx", r.afterCopy() / r.plain()));
          String dbCpu = String.format(" (JIT %.2f", r.jitCpuMs())
              + (stores.get(k) == io.switchboard.support.TestStore.POSTGRESQL
                  ? String.format(", PostgreSQL server %.2f)", r.serverCpuMs()) : ")");
          row("  CPU per message in the benchmark's JVM (daemon + client; median)" + (stores.get(k) == io.switchboard.support.TestStore.POSTGRESQL ? " + database server" : ""),
              String.format("%.2f ms", r.sbCpuMs()) + dbCpu, String.format("plain Jakarta Mail fetch %.2f ms", r.plainCpuMs()),
              String.format("%.2fx", r.plainCpuMs() / r.sbCpuMs()));
          row("  stored / with language+sentiment+urgency / conversations",
              String.format("%,d / %,d / %,d", r.stored(), r.tagged(), r.conversations()), "", r.stored() == messages ? "ok" : "MISSING");
          row("Resident memory: daemon idle / peak during ingest (bench JVM)" + on, mb(r.rssIdleMb()) + " / " + mb(r.rssPeakMb()), "", "");
        }
      }
      if (sections.contains("latency")) {
        section("latency");
        LatencyBench.Result l = LatencyBench.email(server, work, 200);
        double target = server instanceof MailServer.Dovecot ? 1000 : 500;
        row("Email delivery latency IMAP IDLE -> API, p50 / p95 (200 messages)",
            ms(l.p50()) + " / " + ms(l.p95()), "target p95 <= " + ms(target), verdict(l.p95() <= target));
        for (LatencyBench.Result s : LatencyBench.social(work, 20)) {
          row(s.label() + " delivery latency, p50 / p95 (" + s.count() + " messages)",
              ms(s.p50()) + " / " + ms(s.p95()), "report only", "");
        }
      }
      if (server != null) {
        server.close();
        server = null;
      }
      if (sections.contains("outbound")) {
        section("outbound");
        OutboundBench.Result o = OutboundBench.run(work, 2000, runs);
        row("Replies over SMTP: Switchboard EmailSender (reuses its connection)", rate(o.reused()),
            "plain Jakarta Mail, one connection " + rate(o.plainReused()) + "; target >= 0.5x",
            String.format("%.2fx %s", o.reused() / o.plainReused(), verdict(o.reused() >= 0.5 * o.plainReused())));
        row("Replies over SMTP: plain Jakarta Mail, new connection each (EmailSender before)", rate(o.plainFresh()), "", "");
      }
      if (sections.contains("restart")) {
        section("restart");
        // SB_BENCH_JAR: another build to compare with (e.g. one without a change)
        Path jar = Path.of(System.getenv().getOrDefault("SB_BENCH_JAR", System.getProperty("bench.jar", "target/switchboard.jar")));
        List<Corpus.Mail> corpus = Corpus.generate(messages);
        try (MailServer imap = MailServer.start(work)) {
          row("IMAP server (restart)", imap.kind(), "", "");
          for (io.switchboard.support.TestStore kind : stores()) {
            List<RestartBench.Start> starts = RestartBench.run(kind, imap, work, corpus, intEnv("SB_BENCH_KILLS", 3), jar);
            double target = kind == io.switchboard.support.TestStore.HSQLDB ? 10_000 : 5_000;
            for (RestartBench.Start s : starts) {
              String what = String.format("Restart on %s%s, %s: ready / health UP / first new message stored, after launch",
                  s.store(), kind == io.switchboard.support.TestStore.HSQLDB ? " (1M messages)" : "", s.kind());
              String left = s.storedAtKill() < 0 ? "" : String.format(" (log %.1f MB, lock heartbeat %.1f s old at the kill;"
                  + " %d inputs read again and found stored before it)", s.logMb(), s.heartbeatAgeMs() / 1000, s.duplicates());
              row(what + left, ms(s.readyMs()) + " / " + ms(s.healthMs()) + " / " + ms(s.readingMs()),
                  String.format("daemon CPU %s at ready, %s at reading; target reading <= %s", ms(s.cpuReadyMs()),
                      ms(s.cpuReadingMs()), ms(target)),
                  s.storedAtKill() < 0 ? "" : verdict(s.readingMs() >= 0 && s.readingMs() <= target));
            }
          }
        }
      }
      if (sections.contains("inbox")) {
        section("inbox");
        InboxBench.run(work, intEnv("SB_BENCH_INBOX", 1_000_000), stores(), BenchSuite::row);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    print(machine, minutes);
    // servers of the simulators and stopped daemons may leave non-daemon threads behind
    System.exit(0);
  }

  static void row(String figure, String value, String baseline, String verdict) {
    ROWS.add(new Row(figure, value, baseline, verdict));
    System.out.printf("  %s: %s %s %s%n", figure, value, baseline, verdict);
  }

  private static void section(String name) {
    System.out.println("== " + name);
  }

  private static void print(String machine, double minutes) {
    int w0 = ROWS.stream().mapToInt(r -> r.figure().length()).max().orElse(10);
    int w1 = ROWS.stream().mapToInt(r -> r.value().length()).max().orElse(10);
    int w2 = ROWS.stream().mapToInt(r -> r.baseline().length()).max().orElse(10);
    System.out.println();
    System.out.printf("Machine: %s; suite took %.1f min%n%n", machine, minutes);
    String fmt = "| %-" + w0 + "s | %" + w1 + "s | %-" + w2 + "s | %s |%n";
    System.out.printf(fmt, "Figure", "Measured", "Baseline / target", "");
    System.out.printf("|%s|%s|%s|---|%n", "-".repeat(w0 + 2), "-".repeat(w1 + 1) + ":", "-".repeat(w2 + 2));
    for (Row r : ROWS) {
      System.out.printf(fmt, r.figure(), r.value(), r.baseline(), r.verdict());
    }
  }

  static String machine() {
    long ramMb = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          ramMb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // no /proc
    }
    String load = "";
    try {
      load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at start";
    } catch (Exception e) {
      // no /proc
    }
    return String.format("%d cores, %s RAM, Java %s (%s), %s %s%s",
        Runtime.getRuntime().availableProcessors(), ramMb < 0 ? "?" : String.format("%.0f GB", ramMb / 1024.0),
        System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getVmName(),
        System.getProperty("os.name"), System.getProperty("os.arch"), load);
  }

  static String verdict(boolean ok) {
    return ok ? "met" : "NOT MET";
  }

  static String rate(double perSecond) {
    return String.format("%,.0f msg/s", perSecond);
  }

  static String ms(double millis) {
    return millis >= 100 ? String.format("%,.0f ms", millis) : String.format("%.1f ms", millis);
  }

  static String mb(double mb) {
    return String.format("%,.0f MB", mb);
  }

  /** The stores to measure on (steps, inbox): {@code SB_BENCH_STORES} (hsqldb, postgresql; default hsqldb). */
  static List<io.switchboard.support.TestStore> stores() {
    String v = System.getenv().getOrDefault("SB_BENCH_STORES", "hsqldb").toLowerCase(java.util.Locale.ROOT);
    List<io.switchboard.support.TestStore> out = new ArrayList<>();
    for (String s : v.split("[,\\s]+")) {
      switch (s) {
        case "hsqldb" -> out.add(io.switchboard.support.TestStore.HSQLDB);
        case "postgresql", "postgres", "pg" -> out.add(io.switchboard.support.TestStore.POSTGRESQL);
        case "" -> { }
        default -> throw new IllegalArgumentException("SB_BENCH_STORES: unknown store " + s);
      }
    }
    return out;
  }

  private static int intEnv(String name, int fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
  }
}
