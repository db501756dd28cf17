package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains on a tiny data set in the shared layout, built here: no shared data needed. A training
 * run takes seconds (the customer-service rows and their calibration folds are full size), so the
 * class trains two models once, one without corrections and one with every test's corrections,
 * and each test reads the one it needs.
 */
class TrainerTest {
  /** The corrected sentiment of {@link #trainShouldWriteALoadableModelThatLearnsCorrections}. */
  private static final String SIDEWAYS = "parcel arrived sideways";

  /** Corrected to negative and urgent: praise with a complaint in it. */
  private static final String PRAISE_WITH_A_COMPLAINT =
      "Wonderful lovely product, the box came sideways";

  /** Corrected to low urgency: a threat the rules call urgent. */
  private static final String THREAT = "I will sue you if my parcel does not arrive today";

  @TempDir static Path trained;
  @TempDir Path dir;

  /** Trained on the tiny data without corrections. */
  private static Path plain;

  /** Trained on the same data with the corrections of every test in this class. */
  private static Path corrected;

  @BeforeAll
  static void trainBoth() throws IOException {
    Path data = TinySharedData.write(trained.resolve("data"));
    plain = trained.resolve("plain");
    Trainer.train(data, plain, List.of());
    corrected = trained.resolve("corrected");
    Trainer.train(data, corrected, List.of(
        new Correction(SIDEWAYS, "en", "negative", null),
        new Correction(PRAISE_WITH_A_COMPLAINT, "en", "negative", null),
        new Correction(PRAISE_WITH_A_COMPLAINT, "en", null, "urgent"),
        new Correction(THREAT, "en", null, "low")));
  }

  private Path tinySharedData() throws IOException {
    return TinySharedData.write(dir.resolve("data"));
  }

  @Test
  void trainingShouldSkipValidationTextsAndUmsabEnglish() throws IOException {
    List<SentimentData.Example> examples = SentimentData.training(tinySharedData());
    assertThat(examples).extracting(SentimentData.Example::text).doesNotContain("held out tweet");
    // the SemEval pool: listed ids dropped, texts once, TweetEval's test tweets (SemEval-2017's,
    // matched with the mention folded and the link dropped) left to evaluation
    assertThat(examples).extracting(SentimentData.Example::text)
        .doesNotContain("dropped validation tweet")
        .noneMatch(t -> t.startsWith("a SemEval-2017 test tweet"));
    assertThat(examples).filteredOn(e -> e.text().equals("awful terrible product 0")).hasSize(1);
    assertThat(examples).filteredOn(e -> e.language().equals("en")).hasSize(60 + 6);
    assertThat(examples)
        .filteredOn(e -> e.text().equals("schrecklich"))
        .extracting(SentimentData.Example::language)
        .hasSize(SentimentData.UMSAB_LANGUAGES.size() - 1)
        .doesNotContain("en");
  }

  @Test
  void trainShouldWriteALoadableModelThatLearnsCorrections() throws IOException {
    SentimentModel model = SentimentModel.load(corrected.resolve("sentiment.bin"));
    assertThat(model.classify("awful terrible", "en").label()).isEqualTo("negative");
    assertThat(model.classify("wonderful lovely", "en").label()).isEqualTo("positive");
    assertThat(model.classify(SIDEWAYS, "en").label()).isEqualTo("negative");
  }

  @Test
  void aCorrectionShouldChangeTheNextTrainedModelsAnswerOnThatMessage() throws IOException {
    String text = PRAISE_WITH_A_COMPLAINT;
    NlpTagger.Analysis was = NlpTagger.load(plain, ConversationFacts.NONE).analyze(text);
    assertThat(was.sentiment()).isEqualTo("positive");
    assertThat(was.urgency()).isEqualTo("low");
    assertThat(plain.resolve(CorrectionMemory.FILE)).doesNotExist();

    NlpTagger tagger = NlpTagger.load(corrected, ConversationFacts.NONE);
    NlpTagger.Analysis now = tagger.analyze(text);
    assertThat(now.sentiment()).isEqualTo("negative");
    assertThat(now.urgency()).isEqualTo("urgent");
    assertThat(now.reasons()).containsExactly(CorrectionMemory.REASON);
    // the same complaint written a little differently counts as the corrected one
    NlpTagger.Analysis similar =
        tagger.analyze("wonderful lovely product the box came sideways!!");
    assertThat(similar.urgency()).isEqualTo("urgent");
    // an unrelated message keeps the rules' answer
    assertThat(tagger.analyze("wonderful lovely product").urgency()).isEqualTo("low");
  }

  @Test
  void anUrgencyCorrectionShouldLowerAnAnswerButLetConversationFactsCount() throws IOException {
    String text = THREAT;
    assertThat(NlpTagger.load(plain, ConversationFacts.NONE).analyze(text).urgency())
        .as("the rules' answer before the correction").isNotEqualTo("low");
    NlpTagger tagger = NlpTagger.load(corrected, ConversationFacts.NONE);
    assertThat(tagger.analyze(text).urgency()).isEqualTo("low");
    ConversationFacts.Facts thirdMessage =
        new ConversationFacts.Facts(2, java.time.Instant.parse("2026-01-01T10:00:00Z"), java.util.Set.of(), "en");
    NlpTagger.Analysis repeated =
        tagger.analyze(text, null, thirdMessage, false, java.time.Instant.parse("2026-01-01T11:00:00Z"));
    assertThat(repeated.urgency()).isEqualTo("high");
    assertThat(repeated.reasons())
        .containsExactly(CorrectionMemory.REASON, "3rd message in 60 minutes without an answer");
  }

  @Test
  void aLanguagesClassMixShouldNotDecideForTextItKnowsNothingAbout() throws IOException {
    List<SentimentData.Example> examples = new ArrayList<>();
    String[] labels = {"negative", "neutral", "positive"};
    for (int i = 0; i < 150; i++) {
      // words seen once fall under the cutoff: only the language's bias learns from these, and it
      // learns that 80 % of English texts are negative
      String label = i < 120 ? "negative" : labels[1 + i % 2];
      examples.add(new SentimentData.Example(uniqueWord(i) + " " + uniqueWord(i + 1000), "en",
          label));
    }
    for (int i = 0; i < 10; i++) {
      examples.add(new SentimentData.Example("awful parcel", "en", "negative"));
      examples.add(new SentimentData.Example("the shop opens", "en", "neutral"));
      examples.add(new SentimentData.Example("lovely product", "en", "positive"));
    }
    Path file = dir.resolve("sentiment.bin");
    Trainer.trainSentiment(examples).serialize(file);
    SentimentModel model = SentimentModel.load(file);
    double[] p = model.probabilities("zyx qwv", "en");
    // half the mix is taken out (Trainer.PRIOR_BALANCE): 80 % negative becomes about 59 %
    assertThat(p[0]).isBetween(0.4, 0.7);
    assertThat(p[1]).isBetween(0.15, 0.35);
    assertThat(p[2]).isBetween(0.15, 0.35);
    assertThat(model.classify("lovely product", "en").label()).isEqualTo("positive");
    assertThat(model.classify("the shop opens", "en").label()).isEqualTo("neutral");
    assertThat(model.classify("awful parcel", "en").label()).isEqualTo("negative");
  }

  /** A word of letters only (digits would become NUM), different for every {@code n}. */
  private static String uniqueWord(int n) {
    StringBuilder sb = new StringBuilder("w");
    for (int k = n; k > 0; k /= 26) {
      sb.append((char) ('a' + k % 26));
    }
    return sb.toString();
  }

  @Test
  void trainShouldWriteTheCalibrationAndAnOutOfSampleConfusionOfTheCustomerServiceSet()
      throws IOException {
    Path out = plain;
    List<String> lines = java.nio.file.Files.readAllLines(out.resolve(Trainer.CONFUSION_FILE));
    assertThat(lines.get(0)).startsWith("#");
    List<String[]> counts = lines.stream().filter(l -> !l.startsWith("#"))
        .map(l -> l.split("\t")).toList();
    assertThat(counts).hasSize(9).allSatisfy(f -> assertThat(f).hasSize(3));
    assertThat(counts.stream().mapToInt(f -> Integer.parseInt(f[2])).sum())
        .isEqualTo(CustomerServiceSet.load().size());
    assertThat(SentimentModel.load(out.resolve(Trainer.SENTIMENT_FILE)).isCalibrated()).isTrue();
  }

  @Test
  void cleanShouldUndoCsvQuotingAndUnicodeEscapes() {
    assertThat(SentimentData.clean("\"say \"\"hi\"\" \\u2019now\\u002c ok\""))
        .isEqualTo("say \"hi\" ’now, ok");
  }
}
