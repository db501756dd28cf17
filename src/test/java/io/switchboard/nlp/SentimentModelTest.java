package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.FeatureGenerator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentimentModelTest {
  private static SentimentModel model;

  @BeforeAll
  static void load() {
    model = SentimentModel.load();
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | negative | This is the worst service ever, I am so angry.",
        "en | positive | Thank you so much, great service, I love it!",
        "de | negative | Ganz schlechter Service, ich bin total enttäuscht und wütend.",
        "de | positive | Vielen Dank, super Service, ich bin sehr zufrieden!",
        "fr | negative | Service horrible, je suis très déçu et en colère.",
        "fr | positive | Merci beaucoup, service excellent, je suis ravi !",
        "es | negative | Servicio pésimo, estoy muy decepcionado y enfadado.",
        "es | positive | Muchas gracias, servicio excelente, estoy encantado.",
        "it | negative | Servizio pessimo, sono molto deluso e arrabbiato.",
        "it | positive | Grazie mille, servizio ottimo, sono molto soddisfatto!",
        "pt | negative | Atendimento péssimo, estou muito decepcionado e irritado.",
        "pt | positive | Muito obrigado, atendimento excelente, estou muito satisfeito!",
      })
  void clearTextShouldGetItsPolarityInEveryLanguage(String lang, String label, String text) {
    SentimentModel.Sentiment s = model.classify(text, lang);
    assertThat(s.label()).isEqualTo(label);
    assertThat(s.score()).isBetween(0.34, 1.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Still waiting for my refund.",
        "I have been on hold for 2 hours.",
        "My flight was cancelled again.",
        "Three emails and no response.",
        "Ich warte immer noch auf die Erstattung.",
        "Toujours pas reçu mon colis.",
        "Sigo esperando el reembolso.",
      })
  void serviceComplaintPhrasingShouldBeNegative(String text) {
    assertThat(model.classify(text, null).label()).isEqualTo(SentimentModel.NEGATIVE);
  }

  @Test
  void negationShouldTurnPraiseNegative() {
    assertThat(model.classify("The support was good.", "en").label())
        .isEqualTo(SentimentModel.POSITIVE);
    assertThat(model.classify("The support was not good at all.", "en").label())
        .isNotEqualTo(SentimentModel.POSITIVE);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "negative | The refund process was horrific, I am heartbroken.",
        "negative | Miserable experience with the courier.",
        "positive | What a splendid and delightful surprise.",
        "positive | Marvelous support, the agent was superb.",
      })
  void ratedValenceWordsShouldCarryPolarity(String label, String text) {
    assertThat(model.classify(text, "en").label()).isEqualTo(label);
  }

  @Test
  void emojiAloneShouldCarryPolarity() {
    assertThat(model.classify("😡😡😡", null).label()).isEqualTo(SentimentModel.NEGATIVE);
    assertThat(model.classify("😍👍", null).label()).isEqualTo(SentimentModel.POSITIVE);
  }

  @Test
  void unknownLanguageShouldUseTheSharedWeights() {
    SentimentModel.Sentiment s = model.classify("Great service, thank you!", "und");
    assertThat(s.label()).isEqualTo(SentimentModel.POSITIVE);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | I'm NOT happy, still waiting soooo long :( @brand http://x.co #fail",
        "en | Thanks!! Works great now 👍😍",
        "de | Die Lieferung ist nicht angekommen, leider kein Ersatz.",
        "fr | Je ne suis pas content du tout, l'avion est en retard !",
        "es | No me gusta nada, pero el servicio fue bueno.",
        "it | Non è mai arrivato, che schifo 😡",
        "pt | Não recebi nada até agora...",
        "nl | Ik ben erg tevreden, dank je wel",
        "und | ok",
        "en | ''",
      })
  void directEvaluationShouldGiveOpenNlpsProbabilities(String lang, String text) throws Exception {
    DocumentCategorizerME opennlp;
    try (var in = SentimentModel.class.getResourceAsStream(SentimentModel.RESOURCE)) {
      DoccatModel doccat = new DoccatModel(in);
      doccat.getFactory().setFeatureGenerators(new FeatureGenerator[] {new SentimentFeatures()});
      opennlp = new DocumentCategorizerME(doccat);
    }
    String known = lang.equals("und") ? null : lang;
    String[] tokens = TextNormalizer.tokens(text, known).toArray(new String[0]);
    double[] expected =
        opennlp.categorize(tokens, SentimentFeatures.extra(text, known));
    double[] direct = model.probabilities(text, lang);
    for (int i = 0; i < direct.length; i++) {
      assertThat(direct[i])
          .isCloseTo(expected[opennlp.getIndex(SentimentModel.LABELS[i])], Offset.offset(1e-9));
    }
  }

  @Test
  void concurrentCallersShouldGetTheSameAnswers() {
    List<String> texts =
        List.of("Still waiting for my refund.", "Great service!", "Where is the shop?");
    List<SentimentModel.Sentiment> sequential =
        texts.stream().map(t -> model.classify(t, "en")).toList();
    List<List<SentimentModel.Sentiment>> parallel =
        IntStream.range(0, 200)
            .parallel()
            .mapToObj(i -> texts.stream().map(t -> model.classify(t, "en")).toList())
            .toList();
    assertThat(parallel).allSatisfy(r -> assertThat(r).isEqualTo(sequential));
  }
}
