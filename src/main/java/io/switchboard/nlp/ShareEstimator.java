package io.switchboard.nlp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Class shares of a set of texts, corrected for the tagger's known errors: adjusted classify and
 * count (Forman, "Quantifying counts and costs via classification", DMKD 2008).
 *
 * <p>With {@code q} the shares of the predicted labels and {@code M[p][t] = P(predicted p | true
 * t)} from the customer-service calibration ({@link SentimentConfusion}), the true shares solve
 * {@code M p = q}: {@code p = M^-1 q}, clipped to [0, 1] and renormalised. When {@code M} is
 * ill-conditioned (condition number above {@value #MAX_CONDITION}) the inverse amplifies noise, and
 * the estimate is instead the least-squares solution of {@code M p = q} on the simplex ({@code p >=
 * 0}, {@code sum p = 1}), found exactly by trying every support.
 *
 * <p>The 90 % interval is a percentile bootstrap over both sources of error: each of {@value
 * #REPLICATES} replicates resamples the texts counted (multinomially from {@code q}) and the
 * calibration rows (multinomially from its cells), and estimates again. Seeded, so the same counts
 * always give the same interval. Immutable and thread-safe.
 */
public final class ShareEstimator {
  public static final List<String> LABELS = SentimentConfusion.LABELS;
  static final double MAX_CONDITION = 50;
  static final int REPLICATES = 1000;
  static final double LEVEL = 0.90;
  private static final long SEED = 0x5EED_2028L;
  /** Above this many draws (and unless it is skewed) a binomial comes from its normal approximation. */
  private static final long EXACT_DRAWS = 200;

  /** One class's share and its 90 % interval, fractions in [0, 1]. */
  public record Share(double estimate, double low, double high) {}

  /** The shares of {@code n} texts by label, in the order of {@link #LABELS}. */
  public record Shares(long n, Map<String, Share> shares) {
    public Share get(String label) {
      return shares.get(label);
    }
  }

  private final SentimentConfusion calibration;

  /** @param calibration the model's confusion on held-out customer-service texts; null for none */
  public ShareEstimator(SentimentConfusion calibration) {
    this.calibration = calibration;
  }

  /** With the shipped calibration; without one, plain counts with a sampling interval. */
  public static ShareEstimator packaged() {
    return new ShareEstimator(SentimentConfusion.loadPackaged());
  }

  /** Whether estimates are corrected, not plain counts. */
  public boolean adjusts() {
    return calibration != null && calibration.total() > 0;
  }

  /** Shares from counts of predicted labels, {@code [negative, neutral, positive]}. */
  public Shares estimate(long[] predicted) {
    int k = LABELS.size();
    long n = Arrays.stream(predicted).sum();
    Map<String, Share> out = new LinkedHashMap<>();
    if (n == 0) {
      LABELS.forEach(l -> out.put(l, new Share(0, 0, 0)));
      return new Shares(0, out);
    }
    double[] q = normalise(predicted);
    long[][] cal = adjusts() ? calibration.counts() : null;
    double[] point = cal == null ? q : adjust(columns(cal, null), q);
    double[][] reps = new double[k][REPLICATES];
    SplittableRandom random = new SplittableRandom(SEED);
    long calTotal = cal == null ? 0 : calibration.total();
    double[] cells = cal == null ? null : normalise(flatten(cal));
    for (int b = 0; b < REPLICATES; b++) {
      double[] qb = normalise(multinomial(random, n, q));
      double[] pb = qb;
      if (cal != null) {
        long[] drawn = multinomial(random, calTotal, cells);
        pb = adjust(columns(unflatten(drawn, k), cal), qb);
      }
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
  public double[] point(long[] predicted) {
    if (Arrays.stream(predicted).sum() == 0) {
      return new double[LABELS.size()];
    }
    double[] q = normalise(predicted);
    return adjusts() ? adjust(columns(calibration.counts(), null), q) : q;
  }

  /** Shares from predicted labels (unknown ones are not counted). */
  public Shares estimate(List<String> predictedLabels) {
    return estimate(counts(predictedLabels));
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

  /**
   * {@code M[p][t] = P(predicted p | true t)}: each true class's row of {@code counts}, normalised.
   * A class with no rows takes its column from {@code fallback} (a bootstrap draw may miss a rare
   * class), or predicts itself.
   */
  static double[][] columns(long[][] counts, long[][] fallback) {
    int k = counts.length;
    double[][] m = new double[k][k];
    for (int t = 0; t < k; t++) {
      long[] row = counts[t];
      long sum = Arrays.stream(row).sum();
      if (sum == 0 && fallback != null) {
        row = fallback[t];
        sum = Arrays.stream(row).sum();
      }
      for (int p = 0; p < k; p++) {
        m[p][t] = sum == 0 ? (p == t ? 1 : 0) : (double) row[p] / sum;
      }
    }
    return m;
  }

  /** Solves {@code M p = q} on the simplex: the inverse when it is well conditioned, else least squares. */
  static double[] adjust(double[][] m, double[] q) {
    double[][] inverse = invert(m);
    if (inverse != null && norm1(m) * norm1(inverse) <= MAX_CONDITION) {
      double[] p = new double[q.length];
      double sum = 0;
      for (int i = 0; i < q.length; i++) {
        for (int j = 0; j < q.length; j++) {
          p[i] += inverse[i][j] * q[j];
        }
        p[i] = Math.max(0, Math.min(1, p[i]));
        sum += p[i];
      }
      if (sum > 0) {
        for (int i = 0; i < p.length; i++) {
          p[i] /= sum;
        }
        return p;
      }
    }
    return simplexLeastSquares(m, q);
  }

  /**
   * The {@code p >= 0}, {@code sum p = 1} minimising {@code |M p - q|^2}: for each support, the
   * equality-constrained solution from its KKT system; the best one that is non-negative.
   */
  static double[] simplexLeastSquares(double[][] m, double[] q) {
    int k = q.length;
    double[] best = null;
    double bestResidual = Double.POSITIVE_INFINITY;
    for (int mask = 1; mask < (1 << k); mask++) {
      int[] s = new int[Integer.bitCount(mask)];
      for (int i = 0, j = 0; i < k; i++) {
        if ((mask & (1 << i)) != 0) {
          s[j++] = i;
        }
      }
      int d = s.length;
      double[][] a = new double[d + 1][d + 2];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          double v = 0;
          for (int r = 0; r < k; r++) {
            v += m[r][s[i]] * m[r][s[j]];
          }
          a[i][j] = 2 * v;
        }
        a[i][d] = 1;
        a[d][i] = 1;
        double v = 0;
        for (int r = 0; r < k; r++) {
          v += m[r][s[i]] * q[r];
        }
        a[i][d + 1] = 2 * v;
      }
      a[d][d + 1] = 1;
      double[] x = gauss(a);
      if (x == null) {
        continue;
      }
      double[] p = new double[k];
      boolean feasible = true;
      for (int i = 0; i < d; i++) {
        if (x[i] < -1e-12) {
          feasible = false;
        }
        p[s[i]] = Math.max(0, x[i]);
      }
      if (!feasible) {
        continue;
      }
      double residual = 0;
      for (int r = 0; r < k; r++) {
        double v = -q[r];
        for (int c = 0; c < k; c++) {
          v += m[r][c] * p[c];
        }
        residual += v * v;
      }
      if (residual < bestResidual - 1e-15) {
        bestResidual = residual;
        best = p;
      }
    }
    return best;
  }

  /** Solves an augmented system {@code [A | b]} by Gaussian elimination; null when singular. */
  private static double[] gauss(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        return null;
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c <= n; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i][n] / a[i][i];
    }
    return x;
  }

  static double[][] invert(double[][] m) {
    int k = m.length;
    double[][] inv = new double[k][];
    for (int j = 0; j < k; j++) {
      double[][] a = new double[k][k + 1];
      for (int r = 0; r < k; r++) {
        System.arraycopy(m[r], 0, a[r], 0, k);
        a[r][k] = r == j ? 1 : 0;
      }
      double[] x = gauss(a);
      if (x == null) {
        return null;
      }
      inv[j] = x;
    }
    // inv[j] is column j
    double[][] out = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        out[r][c] = inv[c][r];
      }
    }
    return out;
  }

  /** The largest column sum of absolute values. */
  private static double norm1(double[][] m) {
    double max = 0;
    for (int c = 0; c < m.length; c++) {
      double s = 0;
      for (double[] row : m) {
        s += Math.abs(row[c]);
      }
      max = Math.max(max, s);
    }
    return max;
  }

  private static double[] normalise(long[] counts) {
    long n = Arrays.stream(counts).sum();
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = n == 0 ? 0 : (double) counts[i] / n;
    }
    return p;
  }

  private static long[] flatten(long[][] c) {
    return Arrays.stream(c).flatMapToLong(Arrays::stream).toArray();
  }

  private static long[][] unflatten(long[] cells, int k) {
    long[][] c = new long[k][k];
    for (int i = 0; i < cells.length; i++) {
      c[i / k][i % k] = cells[i];
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
