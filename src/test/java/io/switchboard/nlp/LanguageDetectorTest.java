package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageDetectorTest {
  private static LanguageDetector detector;

  @BeforeAll
  static void load() {
    detector = LanguageDetector.load();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | Where is my refund? I have been waiting for three weeks now.",
        "de | Meine Bestellung ist immer noch nicht angekommen, bitte helfen Sie mir.",
        "fr | Ma commande n'est toujours pas arrivée, pouvez-vous m'aider ?",
        "es | Mi pedido todavía no ha llegado, ¿me pueden ayudar por favor?",
        "it | Il mio ordine non è ancora arrivato, potete aiutarmi per favore?",
        "pt | O meu pedido ainda não chegou, podem ajudar-me por favor?",
      })
  void shouldAnswerIso6391ForEachInboxLanguage(String expected, String text) {
    LanguageDetector.Detection d = detector.detect(text);
    assertThat(d.language()).isEqualTo(expected);
    assertThat(d.confidence()).isBetween(LanguageDetector.MIN_CONFIDENCE, 1.0);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "es | Es para mi hermana.",
        "es | Eso no es lo que pedí.",
        "es | Hasta el lunes, por favor.",
        "pt | A caixa veio partida.",
      })
  void shortSentenceOfACloseLanguageShouldBeToldByItsFunctionWords(String expected, String text) {
    LanguageDetector.Detection d = detector.detect(text);
    assertThat(d.language()).isEqualTo(expected);
    assertThat(d.confidence()).isGreaterThan(0.7);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nl | Dit is niet wat ik besteld heb.",
        "ca | Això no és el que vaig demanar.",
      })
  void languagesOutsideTheInboxShouldStillBeNamed(String expected, String text) {
    assertThat(detector.detect(text).language()).isEqualTo(expected);
  }

  @Test
  void aLongTextShouldBeJudgedByItsBeginning() {
    String german = "Meine Bestellung ist immer noch nicht angekommen, bitte helfen Sie mir. ";
    String english = "Where is my refund? I have been waiting for three weeks now. ";
    String text = german.repeat(10) + english.repeat(200);
    assertThat(detector.detect(text).language()).isEqualTo("de");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "😡😡😡", "👍", "!!!", "12345 678", "https://acme.example/x"})
  void emptyOrEmojiOnlyTextShouldBeUndetermined(String text) {
    assertThat(detector.detect(text)).isEqualTo(LanguageDetector.Detection.UNDETERMINED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ok thx", "gracias", "danke!", "merci", "@acme ??"})
  void veryShortTextShouldBeUndetermined(String text) {
    assertThat(detector.detect(text).language()).isEqualTo("und");
  }

  @Test
  void shortTextShouldFallBackToTheCallersLanguage() {
    assertThat(detector.detect("ok thx", "de"))
        .isEqualTo(new LanguageDetector.Detection("de", 0.0));
    assertThat(detector.detect("ok thx", null).language()).isEqualTo("und");
  }

  @Test
  void fallbackShouldNotOverrideAClearAnswer() {
    assertThat(detector.detect("Das Paket ist leider beschädigt angekommen.", "en").language())
        .isEqualTo("de");
  }

  @Test
  void concurrentCallersShouldGetTheSameAnswers() {
    List<String> texts =
        List.of(
            "Where is my refund? I have been waiting for three weeks now.",
            "Mi pedido todavía no ha llegado, ¿me pueden ayudar?",
            "Il mio ordine non è ancora arrivato.");
    List<String> sequential = texts.stream().map(t -> detector.detect(t).language()).toList();
    List<List<String>> parallel =
        IntStream.range(0, 200)
            .parallel()
            .mapToObj(i -> texts.stream().map(t -> detector.detect(t).language()).toList())
            .toList();
    assertThat(parallel).allSatisfy(r -> assertThat(r).isEqualTo(sequential));
  }
}
