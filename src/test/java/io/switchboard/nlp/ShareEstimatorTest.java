package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Adjusted classify and count on known confusions: the estimate undoes the model's errors. */
class ShareEstimatorTest {
  /** A tagger that reads 30 % of complaints as positive and 10 % of praise as negative. */
  private static final SentimentConfusion CAL =
      new SentimentConfusion(new long[][] {{600, 100, 300}, {100, 800, 100}, {100, 0, 900}});

  @Test
  void adjustedSharesShouldUndoTheKnownErrors() {
    // true mix 60 / 20 / 20 seen through that tagger: predicted shares are M p
    double[] p = {0.6, 0.2, 0.2};
    double[][] m = ShareEstimator.columns(CAL.counts(), null);
    long[] predicted = new long[3];
    for (int r = 0; r < 3; r++) {
      predicted[r] = Math.round(100_000 * (m[r][0] * p[0] + m[r][1] * p[1] + m[r][2] * p[2]));
    }
    // plain counting is off by 20 points of negative
    assertThat(predicted[0] / 100_000.0).isCloseTo(0.40, within(0.001));

    ShareEstimator.Shares s = new ShareEstimator(CAL).estimate(predicted);
    assertThat(s.n()).isEqualTo(100_000);
    assertThat(s.get("negative").estimate()).isCloseTo(0.6, within(0.001));
    assertThat(s.get("neutral").estimate()).isCloseTo(0.2, within(0.001));
    assertThat(s.get("positive").estimate()).isCloseTo(0.2, within(0.001));
    for (ShareEstimator.Share share : s.shares().values()) {
      assertThat(share.low()).isLessThanOrEqualTo(share.estimate());
      assertThat(share.high()).isGreaterThanOrEqualTo(share.estimate());
      // 3,000 calibration rows bound how sure the estimate can be: a few points, not zero
      assertThat(share.high() - share.low()).isBetween(0.005, 0.15);
    }
  }

  @Test
  void theIntervalShouldNarrowWithMoreTextsAndBeReproducible() {
    ShareEstimator e = new ShareEstimator(CAL);
    ShareEstimator.Share small = e.estimate(new long[] {46, 22, 32}).get("negative");
    ShareEstimator.Share large = e.estimate(new long[] {4600, 2200, 3200}).get("negative");
    assertThat(small.high() - small.low()).isGreaterThan(large.high() - large.low());
    assertThat(e.estimate(new long[] {46, 22, 32}).get("negative")).isEqualTo(small);
  }

  @Test
  void anIllConditionedConfusionShouldFallBackToLeastSquaresOnTheSimplex() {
    // neutral and positive are indistinguishable to this tagger: M is singular
    SentimentConfusion blind = new SentimentConfusion(new long[][] {{90, 5, 5}, {10, 45, 45}, {10, 45, 45}});
    ShareEstimator.Shares s = new ShareEstimator(blind).estimate(new long[] {50, 25, 25});
    double sum = s.shares().values().stream().mapToDouble(ShareEstimator.Share::estimate).sum();
    assertThat(sum).isCloseTo(1.0, within(1e-9));
    // 0.9 a + 0.1 (1 - a) = 0.5 -> a = 0.5
    assertThat(s.get("negative").estimate()).isCloseTo(0.5, within(1e-6));
    s.shares().values().forEach(v -> assertThat(v.estimate()).isBetween(0.0, 1.0));
  }

  @Test
  void predictedSharesOutsideWhatTheTaggerCanProduceShouldBeClippedAndRenormalised() {
    // more predicted positives than even an all-positive set would give
    ShareEstimator.Shares s = new ShareEstimator(CAL).estimate(new long[] {0, 0, 100});
    assertThat(s.get("positive").estimate()).isGreaterThan(0.95);
    assertThat(s.get("negative").estimate()).isZero();
    double sum = s.shares().values().stream().mapToDouble(ShareEstimator.Share::estimate).sum();
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void withoutCalibrationOrTextsTheSharesShouldBePlainOrEmpty() {
    ShareEstimator plain = new ShareEstimator(null);
    assertThat(plain.adjusts()).isFalse();
    assertThat(plain.estimate(new long[] {30, 50, 20}).get("neutral").estimate()).isEqualTo(0.5);
    assertThat(new ShareEstimator(CAL).estimate(new long[3]).n()).isZero();
  }

  @Test
  void theShippedCalibrationShouldBeMeasuredOnTheCustomerServiceSet() {
    SentimentConfusion shipped = SentimentConfusion.loadPackaged();
    assertThat(shipped).isNotNull();
    assertThat(shipped.total()).isGreaterThanOrEqualTo(600);
    assertThat(ShareEstimator.packaged().adjusts()).isTrue();
  }
}
