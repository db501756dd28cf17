package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeatureWeightsTest {
  @Test
  void continuedHashesShouldFindTheConcatenatedFeature() {
    FeatureWeights table = new FeatureWeights(3, 3);
    table.put("de|kaputt", new double[] {1, 2, 3});
    table.put("not working", new double[] {0.5, 0, -0.5});
    double[] sum = new double[3];
    long de = FeatureWeights.hash(FeatureWeights.START, "de|");
    table.addTo(FeatureWeights.hash(de, "kaputt"), sum);
    long bigram = FeatureWeights.hash(
        FeatureWeights.hash(FeatureWeights.hash(FeatureWeights.START, "not"), ' '), "working");
    table.addTo(bigram, sum);
    table.addTo(FeatureWeights.hash(FeatureWeights.START, "unknown"), sum);
    assertThat(sum).containsExactly(1.5, 2.0, 2.5);
  }

  @Test
  void aFeaturePutTwiceShouldBeRefused() {
    FeatureWeights table = new FeatureWeights(2, 1);
    table.put("x", new double[] {1});
    assertThatThrownBy(() -> table.put("x", new double[] {2}))
        .isInstanceOf(IllegalStateException.class);
  }
}
