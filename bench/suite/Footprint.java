import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Startup and idle memory of the daemon in a JVM of its own, as {@code switchboard run} starts it:
 * the project's settings, a fresh data folder (schema created on the way), no channel accounts.
 * Ready is the line the daemon prints once its API answers.
 */
final class Footprint {
  record Result(double startupMs, double rssIdleMb) {}

  private Footprint() {}

  static Result run(Path work) throws Exception {
    Path dir = work.resolve("footprint");
    Bench.deleteTree(dir);
    Path config = Bench.config(dir, 1, 1, "INBOX", "enabled = false");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.switchboard.Switchboard", "--config", config.toString(), "--data", dir.resolve("data").toString()));
    pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", Bench.ADMIN_PASSWORD);
    pb.redirectError(dir.resolve("daemon.log").toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      double startup = -1;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("Switchboard ready")) {
            startup = (System.nanoTime() - t0) / 1e6;
            break;
          }
        }
        if (startup < 0) {
          throw new IllegalStateException("the daemon never became ready; see " + dir.resolve("daemon.log"));
        }
        // idle means idle: let start-up work (JIT, first timers) settle before reading memory
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
        double rss = Bench.rssMb(p.pid());
        System.out.printf("  startup %.0f ms, idle RSS %.0f MB%n", startup, rss);
        return new Result(startup, rss);
      }
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      Bench.deleteTree(dir);
    }
  }
}
