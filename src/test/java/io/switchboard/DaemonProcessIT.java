package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: demo start, API, SIGTERM, and a clear configuration error. */
class DaemonProcessIT {
  private static final Pattern READY = Pattern.compile("Switchboard ready on http://127\\.0\\.0\\.1:(\\d+)");
  @TempDir Path dir;

  private Process start(List<String> args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of("java", "-jar", System.getProperty("switchboard.jar")));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile());
    pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", "it-secret");
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    return pb.start();
  }

  private static BlockingQueue<String> lines(Process p) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // process ended
              }
            });
    t.setDaemon(true);
    t.start();
    return lines;
  }

  @Test
  void demoShouldServeSeededConversationsAndStopCleanlyOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    Process p = start(List.of("--demo", "--data", data.toString(), "--http-port", "0"));
    try {
      BlockingQueue<String> out = lines(p);
      int port = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (port < 0 && System.nanoTime() < deadline) {
        String line = out.poll(1, TimeUnit.SECONDS);
        Matcher m = line == null ? null : READY.matcher(line);
        if (m != null && m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertThat(port).as("ready line; stderr: %s", Files.readString(dir.resolve("stderr.txt"))).isPositive();

      Api api = new Api(port, "admin", "it-secret");
      await().atMost(Duration.ofSeconds(30)).until(() -> api.ok("/api/conversations").get("total").asInt() >= 25);
      JsonNode list = api.ok("/api/conversations?limit=100");
      assertThat(list.get("items")).allSatisfy(c -> assertThat(c.get("channel").asText()).isEqualTo("email"));
      JsonNode thread =
          api.ok("/api/conversations?q=" + java.net.URLEncoder.encode("duffel", StandardCharsets.UTF_8)).get("items");
      assertThat(thread).anySatisfy(c -> assertThat(c.get("messageCount").asInt()).isEqualTo(3));

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("stopped");
      // HSQLDB was shut down: no lock file left behind
      assertThat(Files.exists(data.resolve("db").resolve("switchboard.lck"))).isFalse();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badConfigurationShouldStopAtStartWithOneClearLine() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config").resolve("channels"));
    Files.writeString(dir.resolve("config/application.properties"), "switchboard.http.port = 0\n");
    Files.writeString(config.resolve("shop.properties"), "channel = email\naddress = a@b.test\nimap.host = h\nimap.port = x\nsmtp.host = h\n");
    Process p = start(List.of("--config", dir.resolve("config").toString(), "--data", dir.resolve("data").toString()));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(78);
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertThat(err.lines().filter(l -> l.startsWith("switchboard:")).toList())
        .containsExactly("switchboard: configuration error: " + config.resolve("shop.properties") + ": imap.port: must be a whole number, not 'x'");
  }
}
