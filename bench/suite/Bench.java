import io.switchboard.Daemon;
import io.switchboard.Options;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the benchmarks: waiting, statistics, memory, starting the daemon. */
final class Bench {
  static final String ADMIN_PASSWORD = "bench-admin-pw";

  private Bench() {}

  /** Polls {@code condition} every 5 ms until it holds; fails after {@code seconds}. */
  static void await(String what, double seconds, BooleanSupplier condition) {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** The {@code p}th percentile (0–100), nearest rank. */
  static double percentile(List<Double> values, double p) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * v.size());
    return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
  }

  /** Resident memory of a process in MB, from /proc; -1 where there is no /proc. */
  static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static double rssMb() {
    return rssMb(ProcessHandle.current().pid());
  }

  /**
   * A config folder for one email account reading {@code folder} on the benchmark's IMAP server:
   * the project's application.properties with a random HTTP port, plus {@code extra} lines.
   */
  static Path config(Path dir, int imapPort, int smtpPort, String folder, String... extra) throws IOException {
    Path config = dir.resolve("config");
    Files.createDirectories(config.resolve("channels"));
    Files.writeString(
        config.resolve("application.properties"),
        Files.readString(Path.of("config/application.properties")) + "\nswitchboard.http.port = 0\n");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "channel = email",
                "address = " + MailServer.USER,
                "display.name = Shop Support",
                "imap.host = 127.0.0.1",
                "imap.port = " + imapPort,
                "imap.ssl = false",
                "imap.starttls = false",
                "imap.password = " + MailServer.PASSWORD,
                "imap.folder = " + folder,
                "imap.sent.folder = none",
                "smtp.host = 127.0.0.1",
                "smtp.port = " + smtpPort,
                "smtp.ssl = false",
                "smtp.starttls = false"));
    lines.addAll(List.of(extra));
    Files.writeString(config.resolve("channels/email-bench.properties"), String.join("\n", lines) + "\n");
    return config;
  }

  /** The real daemon in this JVM, as {@code switchboard run} starts it, its output swallowed. */
  static Daemon daemon(Path config, Path data) {
    Options options = new Options("run", config, data, null, false, List.of());
    Map<String, String> env = Map.of("SWITCHBOARD_ADMIN_PASSWORD", ADMIN_PASSWORD);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Daemon.start(options, env::get, quiet);
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      System.out.println("could not delete " + p + ": " + e.getMessage());
    }
  }
}
