package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.support.JarProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: demo start, API, SIGTERM, and a clear configuration error. */
class DaemonProcessIT {
  @TempDir Path dir;

  @Test
  void demoShouldServeSeededConversationsAndStopCleanlyOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("stderr.txt");
    try (JarProcess p = JarProcess.start(log, "it-secret", "--demo", "--data", data.toString(), "--http-port", "0")) {
      Api api = new Api(p.awaitReady(), "admin", "it-secret");
      await().atMost(Duration.ofMinutes(5)).until(() -> api.ok("/api/conversations").get("total").asInt() >= 25);
      JsonNode list = api.ok("/api/conversations?limit=100");
      assertThat(list.get("items")).allSatisfy(c -> assertThat(c.get("channel").asText()).isNotBlank());
      // the demo's reply thread: three emails from one customer end up in one conversation
      String duffel = "/api/conversations?q=" + URLEncoder.encode("duffel", StandardCharsets.UTF_8);
      await().atMost(Duration.ofMinutes(5))
          .until(() -> api.ok(duffel).get("items").findValues("messageCount").stream().anyMatch(n -> n.asInt() == 3));
      assertThat(api.ok(duffel).get("total").asInt()).isEqualTo(1);

      assertThat(p.stop(30)).isTrue();
      assertThat(Files.readString(log)).contains("stopped");
      // HSQLDB was shut down: no lock file left behind
      assertThat(Files.exists(data.resolve("db").resolve("switchboard.lck"))).isFalse();
    }
  }

  @Test
  void badConfigurationShouldStopAtStartWithOneClearLine() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config").resolve("channels"));
    Files.writeString(dir.resolve("config/application.properties"), "switchboard.http.port = 0\n");
    Files.writeString(config.resolve("shop.properties"), "channel = email\naddress = a@b.test\nimap.host = h\nimap.port = x\nsmtp.host = h\n");
    Path log = dir.resolve("stderr.txt");
    try (JarProcess p =
        JarProcess.start(log, "it-secret", "--config", dir.resolve("config").toString(), "--data", dir.resolve("data").toString())) {
      assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process().exitValue()).isEqualTo(78);
    }
    String err = Files.readString(log);
    assertThat(err.lines().filter(l -> l.startsWith("switchboard:")).toList())
        .containsExactly("switchboard: configuration error: " + config.resolve("shop.properties") + ": imap.port: must be a whole number, not 'x'");
  }
}
