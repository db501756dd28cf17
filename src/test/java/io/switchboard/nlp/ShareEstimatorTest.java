package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The share estimators on synthetic taggers whose errors and true mixes are known. */
class ShareEstimatorTest {
  /** A tagger that reads 30 % of complaints as positive and 10 % of praise as negative. */
  private static final SentimentConfusion CAL =
      new SentimentConfusion(new long[][] {{600, 100, 300}, {100, 800, 100}, {100, 0, 900}});

  /**
   * A synthetic tagger: a text of true class {@code t} gets the posterior softmax({@code
   * centres[t]} + Gaussian noise). Its posteriors are biased (complaints lean positive) but the
   * same on calibration and counted texts, which is what PACC and ACC assume.
   */
  private static final double[][] CENTRES = {{1.2, 0.0, 0.6}, {0.2, 1.0, 0.0}, {0.0, 0.0, 1.4}};

  private static double[] posterior(SplittableRandom r, int t) {
    double[] z = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      z[c] = Math.exp(CENTRES[t][c] + 0.9 * r.nextGaussian());
      sum += z[c];
    }
    for (int c = 0; c < 3; c++) {
      z[c] /= sum;
    }
    return z;
  }

  private static ShareCalibration calibration(SplittableRandom r, int perClass) {
    int[] t = new int[3 * perClass];
    double[][] p = new double[t.length][];
    for (int i = 0; i < t.length; i++) {
      t[i] = i % 3;
      p[i] = posterior(r, t[i]);
    }
    return new ShareCalibration(t, p);
  }

  private static ShareEstimator.Answers texts(SplittableRandom r, int[] counts) {
    List<double[]> p = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < counts[t]; i++) {
        p.add(posterior(r, t));
      }
    }
    return ShareEstimator.Answers.of(p);
  }

  @Test
  void onSyntheticMixesPaccShouldFindTheTrueSharesWherePlainCountingIsFarOff() {
    SplittableRandom r = new SplittableRandom(43);
    ShareCalibration cal = calibration(r, 3000);
    int[][] mixes = {{6300, 2100, 1600}, {3333, 3333, 3334}, {2000, 6000, 2000}, {1000, 1000, 8000}};
    for (int[] mix : mixes) {
      ShareEstimator.Answers a = texts(r, mix);
      double[] truth = {mix[0] / 10_000.0, mix[1] / 10_000.0, mix[2] / 10_000.0};
      double[] pacc = Quantifier.PACC.estimate(cal, a);
      double[] acc = Quantifier.ACC.estimate(cal, a);
      double[] cc = Quantifier.CC.estimate(cal, a);
      assertThat(maxError(pacc, truth)).as("pacc at %s", (Object) mix).isLessThan(0.02);
      assertThat(maxError(acc, truth)).as("acc at %s", (Object) mix).isLessThan(0.03);
      assertThat(maxError(cc, truth)).as("plain counting at %s", (Object) mix).isGreaterThan(0.05);
      assertThat(pacc[0] + pacc[1] + pacc[2]).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void theShippedIntervalShouldHoldTheTrueShareAboutNineTimesInTen() {
    SplittableRandom r = new SplittableRandom(7);
    int covered = 0;
    int runs = 40;
    for (int run = 0; run < runs; run++) {
      ShareCalibration cal = calibration(r, 130);
      ShareEstimator.Shares s = new ShareEstimator(cal, Quantifier.PACC).estimate(texts(r, new int[] {189, 63, 48}));
      double low = s.get("negative").low(), high = s.get("negative").high();
      if (low <= 0.63 && 0.63 <= high) {
        covered++;
      }
      assertThat(high - low).isBetween(0.02, 0.40);
    }
    assertThat(covered).isBetween(31, 40);
  }

  @Test
  void slDShouldRecoverNewPriorsFromCalibratedPosteriors() {
    // posteriors by Bayes' rule from known likelihoods, under equal priors: calibrated by construction
    SplittableRandom r = new SplittableRandom(11);
    double[] means = {-1.5, 0, 1.5};
    int[] truth = new int[9000];
    double[][] cal = new double[truth.length][];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = i % 3;
      cal[i] = bayes(means, means[truth[i]] + r.nextGaussian());
    }
    List<double[]> counted = new ArrayList<>();
    int[] mix = {6300, 2100, 1600};
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < mix[t]; i++) {
        counted.add(bayes(means, means[t] + r.nextGaussian()));
      }
    }
    double[] p = Quantifier.SLD.estimate(new ShareCalibration(truth, cal), ShareEstimator.Answers.of(counted));
    assertThat(maxError(p, new double[] {0.63, 0.21, 0.16})).isLessThan(0.03);
  }

  private static double[] bayes(double[] means, double x) {
    double[] p = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      p[c] = Math.exp(-0.5 * (x - means[c]) * (x - means[c]));
      sum += p[c];
    }
    for (int c = 0; c < 3; c++) {
      p[c] /= sum;
    }
    return p;
  }

  @Test
  void adjustedCountsShouldUndoTheKnownErrors() {
    // true mix 60 / 20 / 20 seen through that tagger: predicted shares are M p
    double[] p = {0.6, 0.2, 0.2};
    double[][] m = CAL.calibration().matrix(true);
    long[] predicted = new long[3];
    for (int r = 0; r < 3; r++) {
      predicted[r] = Math.round(100_000 * (m[r][0] * p[0] + m[r][1] * p[1] + m[r][2] * p[2]));
    }
    assertThat(predicted[0] / 100_000.0).as("plain counting is 20 points off").isCloseTo(0.40, within(0.001));
    ShareEstimator.Shares s = new ShareEstimator(CAL.calibration(), Quantifier.ACC).estimate(predicted);
    assertThat(s.n()).isEqualTo(100_000);
    assertThat(s.estimates()).containsExactly(new double[] {0.6, 0.2, 0.2}, within(0.001));
    for (ShareEstimator.Share share : s.shares().values()) {
      assertThat(share.low()).isLessThanOrEqualTo(share.estimate());
      assertThat(share.high()).isGreaterThanOrEqualTo(share.estimate());
      // 3,000 calibration rows bound how sure the estimate can be: a few points, not zero
      assertThat(share.high() - share.low()).isBetween(0.005, 0.15);
    }
  }

  @Test
  void theIntervalShouldNarrowWithMoreTextsAndBeReproducible() {
    ShareEstimator e = new ShareEstimator(CAL.calibration(), Quantifier.PACC);
    ShareEstimator.Share small = e.estimate(new long[] {46, 22, 32}).get("negative");
    ShareEstimator.Share large = e.estimate(new long[] {4600, 2200, 3200}).get("negative");
    assertThat(small.high() - small.low()).isGreaterThan(large.high() - large.low());
    assertThat(e.estimate(new long[] {46, 22, 32}).get("negative")).isEqualTo(small);
  }

  @Test
  void anIllConditionedTaggerShouldGiveTheIdentifiablePartAndAnHonestInterval() {
    // neutral and positive look the same to this tagger: M is singular, yet negative is identifiable
    SplittableRandom r = new SplittableRandom(5);
    int[] truth = new int[1500];
    double[][] cal = new double[truth.length][];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = i % 3;
      cal[i] = blind(r, truth[i]);
    }
    List<double[]> counted = new ArrayList<>();
    int[] mix = {500, 300, 200};
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < mix[t]; i++) {
        counted.add(blind(r, t));
      }
    }
    ShareCalibration c = new ShareCalibration(truth, cal);
    double[][] m = c.matrix(false);
    assertThat(Math.abs(m[1][1] - m[1][2])).as("columns of neutral and positive alike").isLessThan(0.03);
    ShareEstimator.Shares s = new ShareEstimator(c, Quantifier.PACC).estimate(ShareEstimator.Answers.of(counted));
    double[] p = s.estimates();
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-9));
    assertThat(p[0]).isCloseTo(0.5, within(0.03));
    for (double v : p) {
      assertThat(v).isBetween(0.0, 1.0);
    }
    // what the tagger cannot tell apart, the interval says it cannot: wide, and holding the truth
    ShareEstimator.Share neutral = s.get("neutral");
    assertThat(neutral.high() - neutral.low()).isGreaterThan(0.2);
    assertThat(0.3).isBetween(neutral.low(), neutral.high());
    assertThat(s.get("negative").high() - s.get("negative").low()).isLessThan(0.1);
  }

  /** Negative is recognised; neutral and positive both look like (0.2, 0.4, 0.4) plus noise. */
  private static double[] blind(SplittableRandom r, int t) {
    double[] base = t == 0 ? new double[] {0.8, 0.1, 0.1} : new double[] {0.2, 0.4, 0.4};
    double[] p = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      p[c] = base[c] * Math.exp(0.5 * r.nextGaussian());
      sum += p[c];
    }
    for (int c = 0; c < 3; c++) {
      p[c] /= sum;
    }
    return p;
  }

  @Test
  void leastSquaresOnTheSimplexShouldGiveTheClosestDistributionWhenTheInverseIsNotOne() {
    // more predicted positives than even an all-positive set would give
    double[] p = Simplex.leastSquares(CAL.calibration().matrix(true), new double[] {0, 0, 1});
    assertThat(p[2]).isGreaterThan(0.95);
    assertThat(p[0]).isZero();
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void withoutCalibrationOrTextsTheSharesShouldBePlainOrEmpty() {
    ShareEstimator plain = new ShareEstimator(null, Quantifier.PACC);
    assertThat(plain.adjusts()).isFalse();
    assertThat(plain.estimate(new long[] {30, 50, 20}).get("neutral").estimate()).isEqualTo(0.5);
    assertThat(new ShareEstimator(CAL.calibration(), Quantifier.PACC).estimate(new long[3]).n()).isZero();
  }

  @Test
  void digestCountsWithScoresShouldStandForTheTextsTheyCount() {
    ShareCalibration cal = calibration(new SplittableRandom(3), 1000);
    double[] typical = cal.typicalPosterior(2, 0.9);
    assertThat(typical[2]).isEqualTo(0.9);
    assertThat(typical[0] + typical[1] + typical[2]).isCloseTo(1.0, within(1e-9));
    ShareEstimator.Answers a = ShareEstimator.Answers.grouped(new long[] {10, 0, 30}, new double[] {8, 0, 27}, cal);
    assertThat(a.n()).isEqualTo(40);
    assertThat(a.posteriors()[0][0]).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void theShippedCalibrationShouldBeOutOfSamplePosteriorsOnTheCustomerServiceSet() {
    SentimentConfusion shipped = SentimentConfusion.loadPackaged();
    assertThat(shipped).isNotNull();
    assertThat(shipped.hasPosteriors()).isTrue();
    assertThat(shipped.total()).isGreaterThanOrEqualTo(600);
    assertThat(ShareEstimator.packaged().adjusts()).isTrue();
  }

  private static double maxError(double[] p, double[] truth) {
    double max = 0;
    for (int i = 0; i < 3; i++) {
      max = Math.max(max, Math.abs(p[i] - truth[i]));
    }
    return max;
  }
}
