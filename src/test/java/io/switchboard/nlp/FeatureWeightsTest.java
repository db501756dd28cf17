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
  void addingAllAtOnceShouldGiveTheSameSumsAsOneByOne() {
    FeatureWeights table = new FeatureWeights(100, 3);
    for (int i = 0; i < 100; i++) {
      table.put("f" + i, new double[] {0.1 * i, -0.01 * i, 1.0 / (i + 1)});
    }
    long[] hashes = new long[150];
    double[] oneByOne = new double[3];
    for (int i = 0; i < hashes.length; i++) {
      // every third feature is unknown to the table
      String feature = (i % 3 == 0 ? "g" : "f") + (i * 7 % 100);
      hashes[i] = FeatureWeights.hash(FeatureWeights.START, feature);
      table.addTo(hashes[i], oneByOne);
    }
    double[] atOnce = new double[3];
    table.addAll(hashes, hashes.length, atOnce);
    assertThat(atOnce).containsExactly(oneByOne);
  }

  @Test
  void aFeaturePutTwiceShouldBeRefused() {
    FeatureWeights table = new FeatureWeights(2, 1);
    table.put("x", new double[] {1});
    assertThatThrownBy(() -> table.put("x", new double[] {2}))
        .isInstanceOf(IllegalStateException.class);
  }
}
