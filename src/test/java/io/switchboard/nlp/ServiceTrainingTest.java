package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customer-service training rows: read apart from the development set, never overlapping it. */
class ServiceTrainingTest {
  @TempDir Path dir;

  private static CustomerServiceSet.Row row(String id, String sentiment, String text) {
    return new CustomerServiceSet.Row(id, "en", "x", "complaint-event", sentiment, "normal", text);
  }

  @Test
  void rowsAlsoInTheDevelopmentSetShouldBeSkippedAndTheRestCopiedByWeight() {
    List<CustomerServiceSet.Row> dev =
        List.of(row("en-0001", "negative", "@Shop my parcel never arrived, order 4411"));
    List<CustomerServiceSet.Row> train = List.of(
        // the development row again, spacing, case and the mention changed
        row("ta-0001", "negative", "@OtherShop  My parcel never ARRIVED, order 4411"),
        row("ta-0002", "negative", "charged twice for one ticket"),
        row("tb-0001", "negative", "Charged twice for one ticket "),
        row("ta-0003", "neutral", "do you ship to Malta?"),
        row("ta-0004", "", "no label here"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<SentimentData.Example> examples = SentimentData.serviceTraining(train, dev, 3,
        new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(examples).hasSize(2 * 3);
    assertThat(examples).extracting(SentimentData.Example::text)
        .containsOnly("charged twice for one ticket", "do you ship to Malta?");
    assertThat(examples).filteredOn(e -> e.text().startsWith("charged"))
        .extracting(SentimentData.Example::label).containsOnly("negative");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("2 kept x 3", "1 also in the development set", "1 repeated", "1 without a label");
  }

  @Test
  void weightZeroShouldTrainOnNoServiceRows() {
    assertThat(SentimentData.serviceTraining(0, System.out)).isEmpty();
  }

  @Test
  void theDevelopmentSetShouldNeverHoldATrainingRow() {
    List<CustomerServiceSet.Row> dev = CustomerServiceSet.load();
    List<CustomerServiceSet.Row> train = CustomerServiceSet.trainingRows();
    Set<String> devIds = new HashSet<>();
    Set<String> devTexts = new HashSet<>();
    for (CustomerServiceSet.Row r : dev) {
      devIds.add(r.id());
      devTexts.add(SentimentData.key(r.text()));
    }
    assertThat(dev).hasSizeGreaterThanOrEqualTo(600);
    assertThat(train).extracting(CustomerServiceSet.Row::id).noneMatch(devIds::contains);
    // what training reads of them never repeats a development text
    List<SentimentData.Example> examples = SentimentData.serviceTraining(train, dev, 1,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(examples).extracting(e -> SentimentData.key(e.text())).noneMatch(devTexts::contains);
  }

  @Test
  void theWeightComparisonShouldScoreEveryWeightOnTheHeldOutAndDevelopmentSets()
      throws IOException {
    Path data = TinySharedData.write(dir.resolve("data"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    HeldOut.Options o =
        new HeldOut.Options(Set.of(0), false, true, dir.resolve("raw.bin"), null, List.of(),
            List.of(0, 2));
    List<HeldOut.WeightScore> scores = HeldOut.compareServiceTrain(HeldOut.split(data, o), o,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(scores).extracting(HeldOut.WeightScore::weight).containsExactly(0, 2);
    for (HeldOut.WeightScore s : scores) {
      assertThat(s.tweetSet(HeldOut.TIME_SPLIT_SET).size()).isEqualTo(1);
      assertThat(s.serviceSet("cs-all").size()).isEqualTo(CustomerServiceSet.load().size());
      assertThat(s.service()).extracting(Evaluator.SentimentScore::set)
          .contains("cs-en", "cs-de", "cs-pt");
    }
    assertThat(dir.resolve("raw-w0.bin")).exists();
    assertThat(dir.resolve("raw-w2.bin")).exists();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("service-train weights");
  }

  @Test
  void aWeightsModelFileShouldCarryTheWeightBeforeItsExtension() {
    assertThat(HeldOut.withWeight(Path.of("target", "ts-raw.bin"), 3))
        .isEqualTo(Path.of("target", "ts-raw-w3.bin"));
  }
}
