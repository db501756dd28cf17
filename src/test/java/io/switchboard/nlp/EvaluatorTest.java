package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Runs the evaluation on ../shared/data; skipped where that folder is absent. */
class EvaluatorTest {
  private static final Path SHARED = Path.of("../shared/data");
  private static Evaluator.Report report;
  private static String printed;

  @BeforeAll
  static void evaluate() throws Exception {
    assumeTrue(Files.isDirectory(SHARED.resolve("sentiment")), "no ../shared/data");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // no samples at the mixes (CustomerServiceHeldOutTest checks them; eval draws 200)
    report = Evaluator.eval(SHARED, new PrintStream(bytes, true, StandardCharsets.UTF_8), 0);
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void languageAccuracyShouldReachNinetySevenPercentOnInboxLanguages() {
    assertThat(report.languageAccuracy()).isGreaterThanOrEqualTo(0.97);
  }

  /** Floors under the measured figures of the tweet model (ADR 0027): catch it getting worse. */
  @Test
  void tweetModelShouldKeepItsMeasuredLevels() {
    assertThat(report.sentiment("tweeteval-val").macroF1()).isGreaterThanOrEqualTo(0.64);
    assertThat(report.sentiment("tweeteval-test").macroF1()).isGreaterThanOrEqualTo(0.52);
    for (String lang : Evaluator.LANGUAGES) {
      assertThat(report.sentiment("umsab-" + lang).macroF1())
          .as("umsab-" + lang)
          .isGreaterThanOrEqualTo(0.55);
    }
  }

  @Disabled("target not met: SemEval-2017's test split measures 0.530 macro-F1 (0.599 macro-recall, "
      + "under the published bag-of-words SVM's 0.629); its neutral topic tweets read as "
      + "negative (ADR 0027)")
  @Test
  void tweetEvalTestShouldReachTheTargetMacroF1() {
    assertThat(report.sentiment("tweeteval-test").macroF1()).isGreaterThanOrEqualTo(0.66);
  }

  @Disabled("target not met for Italian (0.573) and Portuguese (0.561) (ADRs 0027, 0060)")
  @Test
  void everyUmsabInboxLanguageShouldReachTheTargetMacroF1() {
    for (String lang : Evaluator.LANGUAGES) {
      assertThat(report.sentiment("umsab-" + lang).macroF1())
          .as("umsab-" + lang)
          .isGreaterThanOrEqualTo(0.58);
    }
  }

  /** Out-of-fold figures on the customer-service development set (measured 0.860, ADR 0060). */
  @Test
  void customerServiceSetShouldReachItsMeasuredMacroF1InEveryLanguage() {
    assertThat(report.customerService()).extracting(Evaluator.SentimentScore::set)
        .contains("cs-en", "cs-de", "cs-fr", "cs-es", "cs-it", "cs-pt", "cs-all");
    assertThat(report.customerService()).allSatisfy(
        s -> assertThat(s.macroF1()).as(s.set()).isGreaterThanOrEqualTo(0.70));
  }

  // met since the complaint gate shipped: 1.8 %, out of fold (ADR 0071; 3.8 % before)
  @Test
  void complaintsShouldRarelyBeTaggedPositive() {
    Evaluator.SentimentScore all = report.customerService().stream()
        .filter(s -> s.set().equals("cs-all")).findFirst().orElseThrow();
    assertThat(all.negativeAsPositive()).isLessThanOrEqualTo(0.03);
  }

  @Test
  void reportShouldPrintConfusionMatricesAndTicketAgreement() {
    assertThat(printed).contains("tweeteval-test", "tweeteval-val", "umsab-pt", "macroF1",
        "macroRec", "RoBERTa 0.73", "cs-all", "negAsPos", "tickets-de.csv", "ho-td-all",
        "cs-heldout-td");
    // each held-out file on its own (ADR 0066)
    assertThat(report.heldOut()).extracting(Evaluator.HeldOutScore::name)
        .containsExactlyElementsOf(CustomerServiceSet.heldOutSets().keySet());
    assertThat(report.heldOut("td").sentiment()).extracting(Evaluator.SentimentScore::set)
        .contains("ho-td-all");
    assertThat(report.urgency()).isNotEmpty();
    assertThat(report.urgency())
        .allSatisfy(u -> assertThat(u.agreement()).isBetween(0.0, 1.0));
  }
}
