package io.switchboard.nlp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Class shares of a set of texts, corrected for the tagger's known errors on customer service, with
 * a 90 % interval: the digest's shares and {@code classify --shares}.
 *
 * <p>The point estimate is one {@link Quantifier}'s, from the tagger's posteriors on the texts and
 * its out-of-sample posteriors on the customer-service development set ({@link ShareCalibration},
 * written by {@link SentimentConfusion}). The shipped one, {@link #SHIPPED}, was chosen by a rule
 * fixed before the final figures (ADR 0043; since ADR 0048 only estimators that pass a bias check
 * compete, since ADR 0060 on both paths they run on: each text's posterior and the digest's grouped
 * answers).
 *
 * <p>The interval is a percentile bootstrap over both sources of error: each of {@value
 * #REPLICATES} replicates resamples the texts counted and the calibration texts, with replacement,
 * and estimates again. Seeded, so the same answers always give the same interval. Immutable and
 * thread-safe.
 */
public final class ShareEstimator {
  public static final List<String> LABELS = SentimentConfusion.LABELS;

  /**
   * The estimator the digest and {@code classify --shares} use: the rule of ADR 0060 (ADR 0048's,
   * judged on both paths) on the shipped model's out-of-sample posteriors (ADR 0043, ADR 0048; ACC
   * since the retrain of ADR 0055, and again after ADR 0060's with the third set of rows; PACC since
   * the complaint gate shipped, ADR 0071; ACC again since the training rows of ADR 0085: within the
   * rule's tie of PACC and less biased).
   */
  public static final Quantifier SHIPPED = Quantifier.ACC;

  static final int REPLICATES = 1000;
  static final double LEVEL = 0.90;
  private static final long SEED = 0x5EED_2028L;

  /** Above this many draws (and unless it is skewed) a binomial comes from its normal approximation. */
  private static final long EXACT_DRAWS = 200;

  /** Answers given as this many groups or fewer are resampled multinomially, not one by one. */
  private static final int GROUPS = 16;

  /** One class's share and its 90 % interval, fractions in [0, 1]. */
  public record Share(double estimate, double low, double high) {}

  /** The shares of {@code n} texts by label, in the order of {@link #LABELS}. */
  public record Shares(long n, Map<String, Share> shares) {
    public Share get(String label) {
      return shares.get(label);
    }

    /** The point estimates in the order of {@link #LABELS}. */
    public double[] estimates() {
      return LABELS.stream().mapToDouble(l -> shares.get(l).estimate()).toArray();
    }
  }

  /**
   * The tagger's answers on the texts to count: posteriors (negative, neutral, positive), each
   * standing for {@code weights[i]} texts. One row a text, or one row a predicted label when only
   * counts (and summed scores) are stored, as in the digest.
   */
  public record Answers(double[][] posteriors, long[] weights) {
    /** One row a text. */
    public static Answers of(List<double[]> posteriors) {
      long[] w = new long[posteriors.size()];
      Arrays.fill(w, 1);
      return new Answers(posteriors.toArray(new double[0][]), w);
    }

    /**
     * From counts of predicted labels and, when known, the sum of the predicted label's
     * probability over those texts ({@code scoreSums}, null when unknown): each label's texts are
     * represented by the calibration's typical posterior for that prediction with that mean score.
     */
    public static Answers grouped(long[] counts, double[] scoreSums, ShareCalibration calibration) {
      int k = LABELS.size();
      double[][] p = new double[k][];
      for (int c = 0; c < k; c++) {
        double score = scoreSums == null || counts[c] == 0 ? Double.NaN
            : Math.max(0, Math.min(1, scoreSums[c] / counts[c]));
        p[c] = calibration == null ? ShareCalibration.oneHot(c) : calibration.typicalPosterior(c, score);
      }
      return new Answers(p, counts.clone());
    }

    public long n() {
      return Arrays.stream(weights).sum();
    }

    /** The weighted mean posterior, or with {@code hard} the shares of the predicted labels. */
    double[] mean(boolean hard) {
      int k = LABELS.size();
      double[] m = new double[k];
      double n = n();
      for (int i = 0; i < posteriors.length; i++) {
        if (hard) {
          m[ServiceCalibration.argmax(posteriors[i])] += weights[i] / n;
        } else {
          for (int c = 0; c < k; c++) {
            m[c] += weights[i] * posteriors[i][c] / n;
          }
        }
      }
      return m;
    }

    /** A bootstrap replicate: as many texts, drawn with replacement. */
    Answers resample(SplittableRandom random) {
      long n = n();
      if (posteriors.length <= GROUPS) {
        double[] share = new double[weights.length];
        for (int i = 0; i < share.length; i++) {
          share[i] = (double) weights[i] / n;
        }
        return new Answers(posteriors, multinomial(random, n, share));
      }
      long[] cumulative = new long[weights.length];
      long sum = 0;
      for (int i = 0; i < weights.length; i++) {
        sum += weights[i];
        cumulative[i] = sum;
      }
      long[] drawn = new long[weights.length];
      for (long d = 0; d < n; d++) {
        int i = Arrays.binarySearch(cumulative, random.nextLong(n) + 1);
        drawn[i < 0 ? -i - 1 : i]++;
      }
      return new Answers(posteriors, drawn);
    }
  }

  private final ShareCalibration calibration;
  private final Quantifier quantifier;

  /**
   * @param calibration the tagger's out-of-sample answers on labelled customer-service texts; null
   *     for none (plain counts)
   */
  public ShareEstimator(ShareCalibration calibration, Quantifier quantifier) {
    this.calibration = calibration == null || calibration.size() == 0 ? null : calibration;
    this.quantifier = quantifier;
  }

  /** The shipped estimator on the shipped calibration; without one, plain counts with a sampling interval. */
  public static ShareEstimator packaged() {
    SentimentConfusion c = SentimentConfusion.loadPackaged();
    return new ShareEstimator(c == null ? null : c.calibration(), SHIPPED);
  }

  /** Whether estimates are corrected, not plain counts. */
  public boolean adjusts() {
    return calibration != null && quantifier != Quantifier.CC;
  }

  public ShareCalibration calibration() {
    return calibration;
  }

  /** Shares from counts of predicted labels, {@code [negative, neutral, positive]}. */
  public Shares estimate(long[] predicted) {
    return estimate(Answers.grouped(predicted, null, calibration));
  }

  /** Shares from predicted labels (unknown ones are not counted). */
  public Shares estimate(List<String> predictedLabels) {
    return estimate(counts(predictedLabels));
  }

  /** Shares with their 90 % intervals. */
  public Shares estimate(Answers answers) {
    int k = LABELS.size();
    long n = answers.n();
    Map<String, Share> out = new LinkedHashMap<>();
    if (n == 0) {
      LABELS.forEach(l -> out.put(l, new Share(0, 0, 0)));
      return new Shares(0, out);
    }
    double[] point = point(answers);
    double[][] reps = new double[k][REPLICATES];
    SplittableRandom random = new SplittableRandom(SEED);
    for (int b = 0; b < REPLICATES; b++) {
      Answers ab = answers.resample(random);
      double[] pb = calibration == null ? ab.mean(true) : quantifier.estimate(calibration.resample(random), ab);
      for (int i = 0; i < k; i++) {
        reps[i][b] = pb[i];
      }
    }
    double tail = (1 - LEVEL) / 2;
    for (int i = 0; i < k; i++) {
      Arrays.sort(reps[i]);
      double low = Math.min(point[i], quantile(reps[i], tail));
      double high = Math.max(point[i], quantile(reps[i], 1 - tail));
      out.put(LABELS.get(i), new Share(point[i], low, high));
    }
    return new Shares(n, out);
  }

  /** The point estimates alone (no interval), in the order of {@link #LABELS}; zeros for no texts. */
  public double[] point(Answers answers) {
    if (answers.n() == 0) {
      return new double[LABELS.size()];
    }
    return calibration == null ? answers.mean(true) : quantifier.estimate(calibration, answers);
  }

  /** The point estimates from counts of predicted labels. */
  public double[] point(long[] predicted) {
    return point(Answers.grouped(predicted, null, calibration));
  }

  /** Counts of predicted labels in the order of {@link #LABELS}. */
  public static long[] counts(List<String> labels) {
    long[] c = new long[LABELS.size()];
    for (String l : labels) {
      int i = LABELS.indexOf(l);
      if (i >= 0) {
        c[i]++;
      }
    }
    return c;
  }

  static long[] multinomial(SplittableRandom random, long n, double[] p) {
    long[] out = new long[p.length];
    long left = n;
    double rest = 1;
    for (int i = 0; i < p.length - 1 && left > 0; i++) {
      double pi = rest <= 0 ? 0 : Math.min(1, p[i] / rest);
      out[i] = binomial(random, left, pi);
      left -= out[i];
      rest -= p[i];
    }
    out[p.length - 1] += left;
    return out;
  }

  private static long binomial(SplittableRandom random, long n, double p) {
    if (p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (n <= EXACT_DRAWS || n * p * (1 - p) < 25) {
      long x = 0;
      for (long i = 0; i < n; i++) {
        if (random.nextDouble() < p) {
          x++;
        }
      }
      return x;
    }
    double x = Math.rint(n * p + Math.sqrt(n * p * (1 - p)) * random.nextGaussian());
    return (long) Math.max(0, Math.min(n, x));
  }

  private static double quantile(double[] sorted, double f) {
    double pos = f * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
