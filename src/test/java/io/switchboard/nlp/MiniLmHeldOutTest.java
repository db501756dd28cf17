package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MiniLM measurement of ADR 0034 on the tiny data set of {@link TinySharedData}, with the real
 * encoder: no shared data needed.
 */
class MiniLmHeldOutTest {
  @TempDir Path dir;

  @Test
  void softmaxRegressionShouldSeparateThreeClusters() {
    Random random = new Random(3);
    List<float[]> x = new ArrayList<>();
    int[] y = new int[600];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
      float[] v = new float[8];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (random.nextGaussian() * 0.5 + (j == y[i] ? 2 : 0));
      }
      x.add(v);
    }
    SoftmaxRegression model = SoftmaxRegression.fit(x, y, null, 1e-3, 20, 1);
    int right = 0;
    for (int i = 0; i < y.length; i++) {
      double[] p = model.probabilities(x.get(i));
      assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      right += MiniLmHeldOut.argmax(p) == y[i] ? 1 : 0;
    }
    assertThat(right / (double) y.length).isGreaterThan(0.95);
  }

  @Test
  void theBootstrapShouldBracketTheGainOfTheSecondAnswer() {
    List<int[]> same = new ArrayList<>();
    List<int[]> better = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int truth = i % 3;
      int wrong = (truth + 1) % 3;
      same.add(new int[] {truth, i % 5 == 0 ? wrong : truth, i % 5 == 0 ? wrong : truth});
      // the second answer is right where the first is wrong, on one message in five
      better.add(new int[] {truth, i % 5 == 0 ? wrong : truth, truth});
    }
    assertThat(MiniLmHeldOut.bootstrap(same, 500, 1)).containsExactly(0.0, 0.0, 0.0);
    double[] b = MiniLmHeldOut.bootstrap(better, 500, 1);
    assertThat(b[0]).isGreaterThan(0.1);
    assertThat(b[1]).isGreaterThan(b[0]).isLessThan(0.3);
    assertThat(b[2]).isEqualTo(1.0);
  }

  @Test
  void vectorsShouldPlaceSimilarComplaintsTogetherAndBeCachedByText() throws IOException {
    Path cache = dir.resolve("vectors.bin");
    List<String> texts = List.of("my parcel never arrived", "the package was not delivered",
        "what a lovely sunny morning");
    List<float[]> first;
    try (MiniLmVectors vectors = new MiniLmVectors(cache)) {
      first = vectors.vectors(texts, new PrintStream(new ByteArrayOutputStream()));
    }
    assertThat(first).allSatisfy(v -> assertThat(v).hasSize(MiniLmVectors.DIM));
    assertThat(cosine(first.get(0), first.get(1))).isGreaterThan(cosine(first.get(0), first.get(2)));
    assertThat(Files.size(cache)).isPositive();
    try (MiniLmVectors again = new MiniLmVectors(cache)) {
      assertThat(again.cached()).isEqualTo(3);
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      List<float[]> second = again.vectors(texts, new PrintStream(log));
      assertThat(second.get(2)).containsExactly(first.get(2));
      assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("embedded");
    }
  }

  @Test
  void aFoldShouldBeScoredOnItsHeldOutTweetsAndTheServiceSet() throws IOException {
    Path data = TinySharedData.write(dir.resolve("data"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<MiniLmHeldOut.Fold> folds = MiniLmHeldOut.run(data, Set.of(3), 0,
        dir.resolve("vectors.bin"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(folds).extracting(MiniLmHeldOut.Fold::fold).containsExactly(3);
    for (MiniLmHeldOut.Fold f : folds) {
      long expected = SentimentData.trainingSets(data).get(SentimentData.SEMEVAL).stream()
          .filter(e -> HeldOut.fold(e.text()) == f.fold()).count();
      assertThat(f.heldOut()).isEqualTo((int) expected).isPositive();
      // the tiny set's three kinds of tweet are told apart by both models, alone and together
      assertThat(f.tweetsNgram()).isGreaterThan(0.9);
      assertThat(f.tweetsMini()).isGreaterThan(0.9);
      assertThat(f.tweetsMean()).isGreaterThan(0.9);
      assertThat(f.csShipped()).isBetween(0.0, 1.0);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("embeddings/s", "customer-service en (", "gain of the mean", "every fold: ");
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
