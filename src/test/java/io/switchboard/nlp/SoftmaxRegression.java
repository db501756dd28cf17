package io.switchboard.nlp;

import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over dense vectors (MiniLM's 384 dimensions), L2-regularised,
 * trained by mini-batch gradient descent with Adam; features standardised on the training rows.
 * Written here rather than taken from a library: OpenNLP's maxent takes named binary (or
 * per-name real) features and would need 384 made-up names per text, and the Java libraries that
 * fit this directly (Smile, Tribuo) are far larger than these 100 lines for one measurement
 * (ADR 0034). After fitting, half of the training mix is taken out of the bias, as {@link
 * Trainer#balancePriors} does for the n-gram model.
 */
final class SoftmaxRegression {
  static final int CLASSES = 3;

  private final double[] mean;
  private final double[] scale;
  /** [class][dimension], the last column the bias. */
  private final double[][] w;

  private SoftmaxRegression(double[] mean, double[] scale, double[][] w) {
    this.mean = mean;
    this.scale = scale;
    this.w = w;
  }

  /**
   * @param x rows, all of one length
   * @param y labels 0 to {@value #CLASSES} - 1
   * @param weight each row's weight (null: 1)
   */
  static SoftmaxRegression fit(List<float[]> x, int[] y, double[] weight, double l2, int epochs,
      long seed) {
    int n = x.size();
    int d = x.get(0).length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (float[] v : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (float[] v : x) {
      for (int j = 0; j < d; j++) {
        double c = v[j] - mean[j];
        scale[j] += c * c;
      }
    }
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(scale[j] / n);
      scale[j] = sd > 1e-9 ? 1 / sd : 0;
    }
    double[][] w = new double[CLASSES][d + 1];
    double[][] m = new double[CLASSES][d + 1];
    double[][] s = new double[CLASSES][d + 1];
    double[][] g = new double[CLASSES][d + 1];
    double[] z = new double[d];
    double[] p = new double[CLASSES];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    int batch = 128;
    double rate = 0.005;
    double b1 = 0.9;
    double b2 = 0.999;
    int step = 0;
    SoftmaxRegression model = new SoftmaxRegression(mean, scale, w);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int k = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        double total = 0;
        for (double[] row : g) {
          java.util.Arrays.fill(row, 0);
        }
        for (int b = from; b < to; b++) {
          int i = order[b];
          double wi = weight == null ? 1 : weight[i];
          total += wi;
          model.standardise(x.get(i), z);
          model.softmax(z, p);
          for (int c = 0; c < CLASSES; c++) {
            double err = wi * (p[c] - (y[i] == c ? 1 : 0));
            double[] gc = g[c];
            for (int j = 0; j < d; j++) {
              gc[j] += err * z[j];
            }
            gc[d] += err;
          }
        }
        step++;
        double c1 = 1 - Math.pow(b1, step);
        double c2 = 1 - Math.pow(b2, step);
        for (int c = 0; c < CLASSES; c++) {
          for (int j = 0; j <= d; j++) {
            double grad = g[c][j] / total + (j < d ? l2 * w[c][j] : 0);
            m[c][j] = b1 * m[c][j] + (1 - b1) * grad;
            s[c][j] = b2 * s[c][j] + (1 - b2) * grad * grad;
            w[c][j] -= rate * (m[c][j] / c1) / (Math.sqrt(s[c][j] / c2) + 1e-8);
          }
        }
      }
    }
    double[] prior = new double[CLASSES];
    for (int i = 0; i < n; i++) {
      prior[y[i]] += weight == null ? 1 : weight[i];
    }
    double sum = prior[0] + prior[1] + prior[2];
    double[] offset = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      offset[c] = prior[c] > 0 ? -Trainer.PRIOR_BALANCE * Math.log(prior[c] / sum) : 0;
    }
    double mid = (offset[0] + offset[1] + offset[2]) / CLASSES;
    for (int c = 0; c < CLASSES; c++) {
      w[c][d] += offset[c] - mid;
    }
    return model;
  }

  /** Probabilities (negative, neutral, positive) for {@code v}. */
  double[] probabilities(float[] v) {
    double[] z = new double[mean.length];
    double[] p = new double[CLASSES];
    standardise(v, z);
    softmax(z, p);
    return p;
  }

  private void standardise(float[] v, double[] z) {
    for (int j = 0; j < z.length; j++) {
      z[j] = (v[j] - mean[j]) * scale[j];
    }
  }

  private void softmax(double[] z, double[] p) {
    int d = z.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CLASSES; c++) {
      double a = w[c][d];
      double[] wc = w[c];
      for (int j = 0; j < d; j++) {
        a += wc[j] * z[j];
      }
      p[c] = a;
      max = Math.max(max, a);
    }
    double sum = 0;
    for (int c = 0; c < CLASSES; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < CLASSES; c++) {
      p[c] /= sum;
    }
  }
}
