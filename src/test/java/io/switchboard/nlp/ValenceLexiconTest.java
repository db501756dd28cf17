package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValenceLexiconTest {
  private final ValenceLexicon lexicon = ValenceLexicon.DEFAULT;

  @Test
  void ratedWordsShouldHaveTheirSideAndStrength() {
    assertThat(lexicon.strength("superb")).isEqualTo(2);
    assertThat(lexicon.strength("horrific")).isEqualTo(-2);
    assertThat(lexicon.strength("dreadful")).isEqualTo(-1);
    assertThat(lexicon.strength("parcel")).isZero();
  }

  @Test
  void negatedValenceWordsShouldGiveTheirOwnFeature() {
    List<String> features = new java.util.ArrayList<>();
    SentimentFeatures.features(
        TextNormalizer.tokens("not superb, just horrific", "en").toArray(new String[0]),
        "en",
        (feature, perLanguage) -> features.add(feature));
    assertThat(features).contains("NEG_V_POS2", "V_NEG2").doesNotContain("V_POS2");
  }
}
