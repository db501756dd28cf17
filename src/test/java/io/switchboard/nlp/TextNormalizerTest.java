package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | the app is not good at all         | NEG_good",
        "en | I don't like the new update          | NEG_like",
        "en | never again reliable                 | NEG_reliable",
        "de | die Lieferung war nicht pünktlich    | NEG_pünktlich",
        "de | kein guter Service                   | NEG_guter",
        "fr | je ne suis pas content du tout       | NEG_content",
        "fr | le colis n'est jamais arrivé         | NEG_arrivé",
        "es | no me gusta nada este producto       | NEG_gusta",
        "es | nunca responden los correos          | NEG_responden",
        "it | non mi piace per niente              | NEG_piace",
        "it | mai ricevuto il pacco                | NEG_ricevuto",
        "pt | não gostei do atendimento            | NEG_gostei",
        "pt | nunca recebi o reembolso             | NEG_recebi",
      })
  void negationShouldPrefixTheFollowingWords(String lang, String text, String expected) {
    assertThat(TextNormalizer.tokens(text, lang)).contains(expected);
  }

  @Test
  void negationScopeShouldEndAtPunctuationAndContrast() {
    assertThat(TextNormalizer.tokens("not cheap, great quality", "en"))
        .contains("NEG_cheap", "great")
        .doesNotContain("NEG_great");
    assertThat(TextNormalizer.tokens("nicht billig aber gut", "de"))
        .contains("NEG_billig", "gut")
        .doesNotContain("NEG_gut");
  }

  @Test
  void negationScopeShouldCoverOnlyAFewWords() {
    assertThat(TextNormalizer.tokens("not one two three four five", "en"))
        .containsExactly("not", "NEG_one", "NEG_two", "NEG_three", "four", "five");
  }

  @Test
  void emojiAndEmoticonsShouldBecomeSentimentTokens() {
    assertThat(TextNormalizer.tokens("love it 😍", "en")).contains("😍", "EMO_POS");
    assertThat(TextNormalizer.tokens("still broken 😡😡", "en"))
        .containsSubsequence("😡", "EMO_NEG", "😡", "EMO_NEG");
    assertThat(TextNormalizer.tokens("thanks :-)", "en")).contains("EMO_POS");
    assertThat(TextNormalizer.tokens("parcel lost :(", "en")).contains("EMO_NEG");
    assertThat(TextNormalizer.tokens("ok 👍🏽", "en")).containsExactly("ok", "👍", "EMO_POS");
  }

  @Test
  void elongationShouldBeShortenedAndMarked() {
    assertThat(TextNormalizer.tokens("soooo slowwww", "en"))
        .containsExactly("soo", "ELONG", "sloww", "ELONG");
  }

  @Test
  void shoutingShouldAddOneAllCapsMarker() {
    assertThat(TextNormalizer.tokens("WHERE IS MY PARCEL", "en"))
        .containsExactly("where", "is", "my", "parcel", "ALLCAPS");
    assertThat(TextNormalizer.tokens("I ordered from UPS", "en")).doesNotContain("ALLCAPS");
  }

  @Test
  void mentionsLinksNumbersAndAddressesShouldBecomeTokens() {
    assertThat(
            TextNormalizer.tokens(
                "@acme see https://acme.example/x?id=1 or mail help@acme.example, order 12345",
                "en"))
        .containsExactly("USER", "see", "URL", "or", "mail", "EMAIL", "order", "NUM");
  }

  @Test
  void hashtagsShouldKeepTheirWordAndTextShouldBeLowerCased() {
    assertThat(TextNormalizer.tokens("Great #CustomerService", "en"))
        .containsExactly("great", "customerservice");
  }

  @Test
  void elisionsShouldBeSplit() {
    assertThat(TextNormalizer.tokens("l'avion dell'ordine", "fr"))
        .containsExactly("l'", "avion", "dell'", "ordine");
  }

  @Test
  void htmlEntitiesShouldNotBecomeWords() {
    assertThat(TextNormalizer.tokens("fast &amp; cheap &lt;3", "en"))
        .containsExactly("fast", "cheap", "EMO_POS");
  }

  @Test
  void emptyTextShouldGiveNoTokens() {
    assertThat(TextNormalizer.tokens("", "en")).isEmpty();
    assertThat(TextNormalizer.tokens(null, null)).isEmpty();
  }
}
