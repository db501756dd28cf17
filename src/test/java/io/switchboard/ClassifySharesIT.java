package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar switchboard.jar classify --shares}: one JSON object for all the lines of stdin. */
class ClassifySharesIT {
  @TempDir Path dir;

  @Test
  void sharesShouldPrintOneJsonObject() throws Exception {
    Path stdout = dir.resolve("out.json");
    Process p =
        new ProcessBuilder("java", "-jar", System.getProperty("switchboard.jar", "target/switchboard.jar"), "classify", "--shares")
            .redirectOutput(stdout.toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(String.join("\n",
          "My parcel was due on the 3rd and it still has not arrived.",
          "You charged my card twice and nobody answers.",
          "Thank you so much, the replacement arrived and works perfectly!",
          "Do you ship to Norway?",
          "").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    JsonNode o = new ObjectMapper().readTree(lines.get(0));
    assertThat(o.get("n").asInt()).isEqualTo(4);
    assertThat(o.get("shares").fieldNames()).toIterable().containsExactly("negative", "neutral", "positive");
    for (JsonNode s : o.get("shares")) {
      assertThat(s.get("low").asDouble()).isLessThanOrEqualTo(s.get("estimate").asDouble());
      assertThat(s.get("estimate").asDouble()).isLessThanOrEqualTo(s.get("high").asDouble());
    }
  }

  @Test
  void sharesShouldGoOnlyWithClassify() {
    assertThat(Options.parse("classify", "--shares").shares()).isTrue();
    assertThat(Options.parse("classify").shares()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.parse("--shares"))
        .hasMessageContaining("--shares goes with classify");
  }
}
