package io.switchboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged jar as a child process, as an operator runs it. */
public final class JarProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("Switchboard ready on http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final Path stderr;

  private JarProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              port.complete(-1);
            },
            "jar-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar switchboard.jar ARGS}, stderr to {@code stderr}. */
  public static JarProcess start(Path stderr, String adminPassword, String... args) throws IOException {
    return start(List.of(), stderr, adminPassword, args);
  }

  /** As above, with JVM options before {@code -jar} (system properties of fault hooks). */
  public static JarProcess start(List<String> jvmOptions, Path stderr, String adminPassword, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(harnessJvmOptions());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", System.getProperty("switchboard.jar", "target/switchboard.jar")));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile());
    pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", adminPassword);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    return new JarProcess(pb.start(), stderr);
  }

  /**
   * JVM options of every jar the tests start, from {@code -Dswitchboard.jarJvmOptions} (the build
   * sets {@code -XX:TieredStopAtLevel=1}, ADR 0062): a jar start spent about half of its 12–14 s
   * of CPU in the C2 compiler, on code that these short-lived processes leave before it pays off.
   * Only the JIT differs; the jar, its settings and what the tests check do not.
   */
  static List<String> harnessJvmOptions() {
    String options = System.getProperty("switchboard.jarJvmOptions", "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /**
   * How long a start may take before a test fails. Generous on purpose: it only catches a start
   * that hangs. A jar starting beside other test JVMs on a loaded 2-core machine took over 90 s
   * (ADR 0046), and a start that is slow is not what these tests check.
   */
  public static final long START_SECONDS = 300;

  /** The HTTP port once the ready line is printed, within {@link #START_SECONDS}. */
  public int awaitReady() throws Exception {
    return awaitReady(START_SECONDS);
  }

  /** The HTTP port once the ready line is printed; fails when the process ends first. */
  public int awaitReady(long seconds) throws Exception {
    int p = port.get(seconds, TimeUnit.SECONDS);
    if (p < 0) {
      throw new AssertionError("ended before ready; stderr:\n" + Files.readString(stderr));
    }
    return p;
  }

  public Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook runs, as in a crash or power loss. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for a clean stop. */
  public boolean stop(long seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
