package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held-out measuring on the tiny data set of {@link TinySharedData}: no shared data needed. */
class HeldOutTest {
  @TempDir Path dir;

  @Test
  void theHeldOutFoldShouldBeScoredAndNotTrainedOn() throws IOException {
    Path data = TinySharedData.write(dir.resolve("data"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<HeldOut.Score> scores =
        HeldOut.run(data, Set.of(1, 3), false, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    Map<String, List<SentimentData.Example>> sets = SentimentData.trainingSets(data);
    long expected =
        sets.get(SentimentData.SEMEVAL).stream().filter(e -> Set.of(1, 3).contains(HeldOut.fold(e.text()))).count();
    HeldOut.Score tweets = scores.stream().filter(s -> s.set().equals(SentimentData.SEMEVAL)).findFirst().orElseThrow();
    assertThat(tweets.size()).isEqualTo((int) expected).isPositive();
    // the tiny set's three kinds of tweet are told apart after training on the other folds
    assertThat(tweets.macroF1()).isGreaterThan(0.9);
    // UCI is trained on unless held out
    assertThat(scores).extracting(HeldOut.Score::set).doesNotContain(SentimentData.UCI);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("held out folds [", SentimentData.SEMEVAL, "mean of the");
  }

  @Test
  void uciOutShouldScoreTheReviewSentencesOnTwoClasses() throws IOException {
    Path data = TinySharedData.write(dir.resolve("data"));
    List<HeldOut.Score> scores =
        HeldOut.run(data, Set.of(0), true, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    HeldOut.Score uci = scores.stream().filter(s -> s.set().equals(SentimentData.UCI)).findFirst().orElseThrow();
    assertThat(uci.size()).isEqualTo(6);
    assertThat(uci.confusion()[1]).containsExactly(0, 0, 0);
    int[][] c = uci.confusion();
    assertThat(uci.macroF1()).isEqualTo(Evaluator.macroF1(c, new int[] {0, 2}));
  }

  @Test
  void aFoldOutOfRangeShouldBeRefused() {
    assertThatThrownBy(() -> HeldOut.run(dir, Set.of(5), false, System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fold 5");
  }

  @Test
  void foldsShouldSplitTextsEvenlyAndAlwaysTheSameWay() {
    int[] counts = new int[HeldOut.FOLDS];
    for (int i = 0; i < 5000; i++) {
      counts[HeldOut.fold("tweet number " + i)]++;
    }
    for (int n : counts) {
      assertThat(n).isBetween(850, 1150);
    }
    assertThat(HeldOut.fold("Same Text ")).isEqualTo(HeldOut.fold("same   text"));
  }

  @Test
  void theTimeSplitShouldHoldOutThe2016TestFileWholeAndTheSavedModelShouldLoadBack()
      throws IOException {
    Path data = TinySharedData.write(dir.resolve("data"));
    Path saved = dir.resolve("raw.bin");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<HeldOut.Score> scores = HeldOut.run(data,
        new HeldOut.Options(Set.of(0), false, true, saved, null, List.of()),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    // the tiny 2016 test file holds one tweet of the pool: that one is held out, the rest trains
    HeldOut.Score split = scores.stream().filter(s -> s.set().equals(HeldOut.TIME_SPLIT_SET))
        .findFirst().orElseThrow();
    assertThat(split.size()).isEqualTo(1);
    assertThat(split.confusion()[0][0]).isEqualTo(1);
    assertThat(scores).extracting(HeldOut.Score::set).doesNotContain(SentimentData.SEMEVAL);
    assertThat(saved).exists();

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    List<HeldOut.Score> loaded = HeldOut.run(data,
        new HeldOut.Options(Set.of(0), false, true, null, saved, List.of()),
        new PrintStream(again, true, StandardCharsets.UTF_8));
    assertThat(loaded).extracting(HeldOut.Score::confusion)
        .containsExactlyElementsOf(scores.stream().map(HeldOut.Score::confusion).toList());
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("loaded");
  }

  @Test
  void theVariantsShouldBeScoredOneByOneWithTheCustomerServiceSet() throws IOException {
    Path data = TinySharedData.write(dir.resolve("data"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Trainer.Adjustment> variants =
        List.of(Trainer.Adjustment.SHIPPED, new Trainer.Adjustment(1, 0.5, 0.5));
    HeldOut.run(data, new HeldOut.Options(Set.of(0), false, true, null, null, variants),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("adjustment: prior 0.50 neutral +0.00 lexicon 1.00",
        "adjustment: prior 1.00 neutral +0.50 lexicon 0.50");
    assertThat(out.split("customer-service development set", -1)).hasSize(3);
    assertThat(HeldOut.VARIANTS).contains(Trainer.Adjustment.SHIPPED).hasSize(18);
  }
}
