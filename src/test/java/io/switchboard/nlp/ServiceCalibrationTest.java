package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration's signs of a complaint in positive words: a turn, sarcasm (ADR 0042). */
class ServiceCalibrationTest {
  @TempDir Path dir;

  private static final double[] EVEN = {1 / 3.0, 1 / 3.0, 1 / 3.0};

  private static double[] features(String text) {
    return ServiceCalibration.features(EVEN, text, PhraseMatcher.words(text), false, true);
  }

  @Test
  void praiseBeforeATurnAndAComplaintAfterItShouldBeSeenInEveryLanguage() {
    for (String text : List.of(
        "love the jacket but the zip is terrible",
        "Die Jacke ist super, aber der Reißverschluss ist kaputt",
        "La veste est parfaite mais la fermeture est cassée",
        "La chaqueta es genial pero la cremallera es horrible",
        "La giacca è bellissima ma la zip è pessima",
        "A jaqueta é ótima mas o zíper é péssimo")) {
      double[] x = features(text);
      assertThat(x[6]).as(text).isEqualTo(1);
      assertThat(x[14]).as("negative after the turn: " + text).isPositive();
      assertThat(x[15]).as("positive before the turn: " + text).isPositive();
    }
    // the order matters: a complaint that ends well is not praise before a complaint
    double[] resolved = features("the zip was terrible but the new one is great");
    assertThat(resolved[14]).isZero();
    assertThat(resolved[15]).isZero();
    assertThat(features("great jacket, fast delivery")[14]).isZero();
  }

  @Test
  void sarcasmMarkersShouldBeFoundAndPlainPraiseShouldNot() {
    for (String text : List.of(
        "thanks for nothing @airline, 3 hours on the tarmac",
        "nothing like a cancelled flight on a Friday",
        "na toll, wieder kein Zug",
        "merci pour rien, toujours pas de colis",
        "gracias por nada, otra vez sin luz",
        "grazie per niente, ancora senza linea",
        "obrigado por nada, sem internet de novo",
        "great, another delay 🙃")) {
      assertThat(ServiceCalibration.hasSarcasmMarker(text, PhraseMatcher.words(text)))
          .as(text).isTrue();
      assertThat(features(text)[16]).isEqualTo(1);
    }
    for (String text : List.of("thanks so much, great service", "Danke, alles bestens",
        "merci beaucoup, super service")) {
      assertThat(ServiceCalibration.hasSarcasmMarker(text, PhraseMatcher.words(text)))
          .as(text).isFalse();
    }
  }

  @Test
  void aCalibrationShouldLearnThatSarcasmIsNotPraise() {
    // model probabilities that read every message positive; only the marker tells complaints
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    double[] positive = {0.1, 0.2, 0.7};
    for (int i = 0; i < 60; i++) {
      String sarcastic = "thanks for nothing, day " + i;
      String praise = "thanks a lot, day " + i;
      x.add(ServiceCalibration.features(positive, sarcastic, PhraseMatcher.words(sarcastic), false, true));
      y.add(0);
      x.add(ServiceCalibration.features(positive, praise, PhraseMatcher.words(praise), false, true));
      y.add(2);
    }
    ServiceCalibration cal =
        new ServiceCalibration(ServiceCalibration.weights(x, y.stream().mapToInt(i -> i).toArray()), 1);
    assertThat(ServiceCalibration.argmax(cal.apply(x.get(0)))).isZero();
    assertThat(ServiceCalibration.argmax(cal.apply(x.get(1)))).isEqualTo(2);
  }

  @Test
  void aCalibrationFileOfTheEarlierFourteenFeaturesShouldStillBeRead() throws IOException {
    StringBuilder sb = new StringBuilder("positive-scale\t0.5\n");
    for (String label : SentimentModel.LABELS) {
      sb.append(label);
      for (int j = 0; j < 14; j++) {
        sb.append('\t').append(j == 1 + List.of(SentimentModel.LABELS).indexOf(label) ? 1 : 0);
      }
      sb.append('\n');
    }
    ServiceCalibration cal = ServiceCalibration.read(
        new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(cal.positiveScale()).isEqualTo(0.5);
    double[] p = cal.apply(features("nothing like a delay"));
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));

    Path file = dir.resolve(ServiceCalibration.FILE);
    cal.write(file, "test");
    assertThat(java.nio.file.Files.readAllLines(file))
        .filteredOn(l -> l.startsWith("negative"))
        .allSatisfy(l -> assertThat(l.split("\t")).hasSize(ServiceCalibration.FEATURES + 1));
  }

  @Test
  void theCapShouldBeCheckedOnTheUpperBoundOfTheComplaintsTaggedPositive() {
    // Wilson's one-sided 90 % bound: 12 of 300 (4 %) may well be 5.7 % on new traffic
    assertThat(ServiceCalibration.upperBound(12, 300, 0.9))
        .isCloseTo(0.0572, org.assertj.core.data.Offset.offset(0.001));
    assertThat(ServiceCalibration.upperBound(0, 300, 0.9)).isPositive().isLessThan(0.01);
    assertThat(ServiceCalibration.upperBound(12, 300, 0)).isEqualTo(0.04);
    assertThat(ServiceCalibration.upperBound(0, 0, 0.9)).isZero();
    assertThat(ServiceCalibration.inverseNormal(0.9))
        .isCloseTo(1.2816, org.assertj.core.data.Offset.offset(1e-3));
  }
}
