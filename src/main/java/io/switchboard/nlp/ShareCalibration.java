package io.switchboard.nlp;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Labelled calibration texts as the share estimators see them: each text's true class and the
 * tagger's posterior on it, measured out of sample ({@link SentimentConfusion}). A confusion matrix
 * of counts is the special case where every posterior is one-hot. Immutable.
 */
public final class ShareCalibration {
  private static final int K = SentimentConfusion.LABELS.size();
  private final int[] truth;
  private final double[][] posteriors;

  /**
   * @param truth each text's true class index
   * @param posteriors each text's posterior (negative, neutral, positive)
   */
  public ShareCalibration(int[] truth, double[][] posteriors) {
    if (truth.length != posteriors.length) {
      throw new IllegalArgumentException("one posterior per text is needed");
    }
    this.truth = truth.clone();
    this.posteriors = new double[posteriors.length][];
    for (int i = 0; i < posteriors.length; i++) {
      this.posteriors[i] = posteriors[i].clone();
    }
  }

  /** From a confusion matrix {@code counts[true][predicted]}: one-hot posteriors. */
  public static ShareCalibration ofCounts(long[][] counts) {
    int n = (int) Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    int[] t = new int[n];
    double[][] p = new double[n][];
    int i = 0;
    for (int a = 0; a < K; a++) {
      for (int b = 0; b < K; b++) {
        for (long c = 0; c < counts[a][b]; c++, i++) {
          t[i] = a;
          p[i] = oneHot(b);
        }
      }
    }
    return new ShareCalibration(t, p);
  }

  public int size() {
    return truth.length;
  }

  int truth(int i) {
    return truth[i];
  }

  double[] posterior(int i) {
    return posteriors[i].clone();
  }

  /** {@code counts[true][predicted]}, the predicted class being the posterior's largest. */
  public long[][] counts() {
    long[][] c = new long[K][K];
    for (int i = 0; i < truth.length; i++) {
      c[truth[i]][ServiceCalibration.argmax(posteriors[i])]++;
    }
    return c;
  }

  /**
   * {@code M[c][t]}: the mean over texts of true class {@code t} of the posterior of {@code c}, or
   * with {@code hard} the share of them predicted {@code c}. A class with no texts predicts itself.
   */
  double[][] matrix(boolean hard) {
    double[][] m = new double[K][K];
    long[] n = new long[K];
    for (int i = 0; i < truth.length; i++) {
      double[] p = hard ? oneHot(ServiceCalibration.argmax(posteriors[i])) : posteriors[i];
      n[truth[i]]++;
      for (int c = 0; c < K; c++) {
        m[c][truth[i]] += p[c];
      }
    }
    for (int t = 0; t < K; t++) {
      for (int c = 0; c < K; c++) {
        m[c][t] = n[t] == 0 ? (c == t ? 1 : 0) : m[c][t] / n[t];
      }
    }
    return m;
  }

  /** The mean posterior over all texts. */
  double[] meanPosterior() {
    double[] m = new double[K];
    for (double[] p : posteriors) {
      for (int c = 0; c < K; c++) {
        m[c] += p[c] / posteriors.length;
      }
    }
    return m;
  }

  /**
   * The mean posterior of the texts predicted {@code label}, to stand for a text of which only the
   * predicted label and (when {@code score} is not NaN) that label's probability are known: the
   * rest is split as it is, on average, among the calibration texts with that prediction.
   */
  double[] typicalPosterior(int label, double score) {
    double[] m = new double[K];
    int n = 0;
    for (double[] p : posteriors) {
      if (ServiceCalibration.argmax(p) == label) {
        n++;
        for (int c = 0; c < K; c++) {
          m[c] += p[c];
        }
      }
    }
    if (n == 0) {
      m = oneHot(label);
    } else {
      for (int c = 0; c < K; c++) {
        m[c] /= n;
      }
    }
    if (Double.isNaN(score)) {
      return m;
    }
    double rest = 1 - m[label];
    double[] out = new double[K];
    for (int c = 0; c < K; c++) {
      out[c] = c == label ? score : rest <= 0 ? (1 - score) / (K - 1) : (1 - score) * m[c] / rest;
    }
    return out;
  }

  /** A bootstrap replicate: as many texts, drawn with replacement. */
  ShareCalibration resample(SplittableRandom random) {
    int n = truth.length;
    int[] t = new int[n];
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      int j = random.nextInt(n);
      t[i] = truth[j];
      p[i] = posteriors[j];
    }
    return new ShareCalibration(t, p);
  }

  static double[] oneHot(int c) {
    double[] p = new double[K];
    p[c] = 1;
    return p;
  }
}
