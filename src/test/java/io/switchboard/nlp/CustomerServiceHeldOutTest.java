package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The held-out customer-service set (ADR 0061): packaged with the code, read apart from the
 * development set and the training rows, never trained or calibrated on, and measured by {@code
 * eval}. Needs only the repository.
 */
class CustomerServiceHeldOutTest {
  private static List<CustomerServiceSet.Row> heldOut;
  private static Map<String, List<CustomerServiceSet.Row>> sets;

  @BeforeAll
  static void load() {
    heldOut = CustomerServiceSet.heldOutRows();
    sets = CustomerServiceSet.heldOutSets();
  }

  @Test
  void tdShouldHoldSevenHundredLabelledRowsInThreeLanguages() {
    List<CustomerServiceSet.Row> td = sets.get("td");
    assertThat(td).hasSize(700);
    assertThat(td).extracting(CustomerServiceSet.Row::language).containsOnly("en", "de", "es");
    assertThat(td).filteredOn(r -> r.language().equals("en")).hasSize(500);
  }

  @Test
  void tfShouldBeReadAsItsOwnSetAfterTdAndTe() {
    assertThat(sets.keySet()).containsSubsequence("td", "te", "tf");
    List<CustomerServiceSet.Row> tf = sets.get("tf");
    assertThat(tf).hasSize(700);
    assertThat(tf).extracting(CustomerServiceSet.Row::language)
        .containsOnly("en", "de", "es", "it");
    assertThat(tf).filteredOn(r -> r.language().equals("en")).hasSize(400);
  }

  @Test
  void tgShouldBeReadAsItsOwnSetAfterTfInFourLanguages() {
    assertThat(sets.keySet()).containsSubsequence("tf", "tg");
    List<CustomerServiceSet.Row> tg = sets.get("tg");
    assertThat(tg).hasSize(700);
    assertThat(tg).extracting(CustomerServiceSet.Row::language)
        .containsOnly("en", "fr", "it", "pt");
    assertThat(tg).filteredOn(r -> r.language().equals("en")).hasSize(400);
  }

  @Test
  void everyHeldOutSetShouldBeLabelledAndReadFileByFile() {
    assertThat(sets).containsKey("td");
    assertThat(sets.values().stream().mapToInt(List::size).sum()).isEqualTo(heldOut.size());
    assertThat(heldOut).extracting(CustomerServiceSet.Row::sentiment)
        .allMatch(ShareEstimator.LABELS::contains);
    assertThat(heldOut).extracting(CustomerServiceSet.Row::urgency)
        .allMatch(UrgencyEval.LEVELS::contains);
    assertThat(heldOut).extracting(CustomerServiceSet.Row::text).noneMatch(String::isBlank);
    assertThat(heldOut).extracting(CustomerServiceSet.Row::id).doesNotHaveDuplicates();
  }

  @Test
  void heldOutRowsShouldNeverBeTrainedNorCalibratedOn() {
    Set<String> ids = new HashSet<>();
    Set<String> texts = new HashSet<>();
    for (CustomerServiceSet.Row r : heldOut) {
      ids.add(r.id());
      texts.add(SentimentData.key(r.text()));
    }
    // the calibration (ServiceCalibration and the share calibration) is fitted on load()'s rows
    List<CustomerServiceSet.Row> calibration = CustomerServiceSet.load();
    assertThat(calibration).extracting(CustomerServiceSet.Row::id).noneMatch(ids::contains);
    assertThat(calibration).extracting(r -> SentimentData.key(r.text()))
        .noneMatch(texts::contains);
    // the packaged share calibration holds exactly one posterior per development row
    assertThat(ShareEstimator.packaged().calibration().size()).isEqualTo(calibration.size());
    // the tweet model trains on trainingRows() through serviceTraining
    List<CustomerServiceSet.Row> training = CustomerServiceSet.trainingRows();
    assertThat(training).isNotEmpty();
    assertThat(training).extracting(CustomerServiceSet.Row::id).noneMatch(ids::contains);
    List<SentimentData.Example> examples = SentimentData.serviceTraining(1,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(examples).isNotEmpty();
    assertThat(examples).extracting(e -> SentimentData.key(e.text())).noneMatch(texts::contains);
  }

  @Test
  void evalShouldPrintTheHeldOutSetsTagsUrgencyAndShares() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // fewer samples than eval's: the section's shape, not its figures
    int resamples = 1;
    Evaluator.HeldOutScore score = Evaluator.evalHeldOut("td", sets.get("td"), NlpTagger.load(),
        ShareEstimator.packaged(), resamples, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(printed);

    assertThat(score.sentiment()).extracting(Evaluator.SentimentScore::set)
        .containsExactly("ho-td-en", "ho-td-de", "ho-td-es", "ho-td-all");
    Evaluator.SentimentScore all = score.sentiment().get(3);
    assertThat(all.size()).isEqualTo(700);
    assertThat(all.macroF1()).isBetween(0.0, 1.0);
    assertThat(score.urgency()).extracting(UrgencyEval.Score::language)
        .containsExactly("en", "de", "es", "all");
    assertThat(score.urgency().get(3).size()).isEqualTo(700);
    // the whole set, then every sample at every mix
    assertThat(score.shares()).hasSize(1 + SharesHeldOut.MIXES.size() * resamples);
    assertThat(score.shares().get(0).n()).isEqualTo(700);
    assertThat(score.shares().subList(1, score.shares().size()))
        .allSatisfy(r -> assertThat(r.n()).isEqualTo(Evaluator.SHARE_SAMPLE));
    assertThat(score.shares().get(0).truth()[0]).isCloseTo(416 / 700.0,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(printed).contains("held-out customer-service set td", "ho-td-all", "negAsPos",
        "cs-heldout-td", "every text (n 700)", "63/21/16", "20/60/20", "90 % holds");
  }
}
