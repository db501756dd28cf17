package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static NlpTagger tagger;

  @BeforeAll
  static void load() {
    tagger = NlpTagger.load();
  }

  private static List<String> classify(String input) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Classify.run(tagger, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void eachLineShouldGiveOneJsonObject() throws Exception {
    List<String> lines =
        classify(
            "My account was hacked and the app is not working!\n"
                + "Vielen Dank für die schnelle Hilfe, alles ist bestens angekommen!\n"
                + "\n");
    assertThat(lines).hasSize(3);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("language").asText()).isEqualTo("en");
    assertThat(first.get("languageConfidence").asDouble()).isBetween(0.5, 1.0);
    assertThat(first.get("sentiment").asText()).isEqualTo("negative");
    assertThat(first.get("sentimentScore").asDouble()).isBetween(0.34, 1.0);
    assertThat(first.get("urgency").asText()).isIn("high", "urgent");
    assertThat(first.get("reasons")).isNotEmpty();
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second.get("language").asText()).isEqualTo("de");
    assertThat(second.get("sentiment").asText()).isEqualTo("positive");
    JsonNode empty = JSON.readTree(lines.get(2));
    assertThat(empty.get("language").asText()).isEqualTo("und");
    assertThat(empty.get("reasons")).isEmpty();
  }

  @Test
  void fifteenThousandLinesShouldTakeSeconds() {
    String[] samples = {
      "Where is my parcel? Ordered two weeks ago and still nothing.",
      "Meine Bestellung ist nicht angekommen, bitte um Rückmeldung.",
      "Merci pour votre aide rapide, tout est parfait !",
      "El cargador echó humo, es peligroso.",
      "ok thx 👍",
    };
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < 15_000; i++) {
      in.append(samples[i % samples.length]).append(" #").append(i).append('\n');
    }
    long start = System.nanoTime();
    List<String> lines = classify(in.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(lines).hasSize(15_000);
    assertThat(seconds).isLessThan(30.0);
  }

  @Test
  void sharesShouldPrintOneJsonObjectWithAnIntervalForEachSentiment() throws Exception {
    String texts =
        "My parcel was due on the 3rd and it still has not arrived.\n"
            + "You charged my card twice and nobody answers.\n"
            + "\n"
            + "Thank you so much, the replacement arrived and works perfectly!\n"
            + "Do you ship to Norway?\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Classify.shares(tagger, ShareEstimator.packaged(),
        new ByteArrayInputStream(texts.getBytes(StandardCharsets.UTF_8)), out);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode o = JSON.readTree(lines.get(0));
    assertThat(o.get("n").asInt()).as("blank lines are not texts").isEqualTo(4);
    double sum = 0;
    for (String label : List.of("negative", "neutral", "positive")) {
      JsonNode s = o.get("shares").get(label);
      assertThat(s.get("low").asDouble()).isLessThanOrEqualTo(s.get("estimate").asDouble());
      assertThat(s.get("high").asDouble()).isGreaterThanOrEqualTo(s.get("estimate").asDouble());
      assertThat(s.get("high").asDouble()).isLessThanOrEqualTo(1.0);
      sum += s.get("estimate").asDouble();
    }
    assertThat(sum).isBetween(0.999, 1.001);
    assertThat(o.get("shares").get("negative").get("estimate").asDouble()).isGreaterThan(0.3);
    // the shipped estimator on each text's probabilities, not on its label alone (ADR 0043)
    List<double[]> posteriors = texts.lines().filter(l -> !l.isBlank()).map(tagger::sentimentDistribution).toList();
    ShareEstimator.Shares expected = ShareEstimator.packaged().estimate(ShareEstimator.Answers.of(posteriors));
    for (String label : List.of("negative", "neutral", "positive")) {
      assertThat(o.get("shares").get(label).get("estimate").asDouble())
          .isCloseTo(expected.get(label).estimate(), org.assertj.core.api.Assertions.within(1e-4));
      assertThat(o.get("shares").get(label).get("low").asDouble())
          .isCloseTo(expected.get(label).low(), org.assertj.core.api.Assertions.within(1e-4));
    }
  }
}
