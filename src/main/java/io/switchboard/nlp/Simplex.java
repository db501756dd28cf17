package io.switchboard.nlp;

/**
 * Least squares on the probability simplex, for the share estimators: the {@code p >= 0}, {@code
 * sum p = 1} minimising {@code |M p - q|^2}. With three classes every support can be tried, so the
 * answer is exact (no iterative solver, no tolerance to tune). Where {@code M} is well conditioned
 * and {@code M^-1 q} is a distribution this is {@code M^-1 q}; otherwise it is the closest
 * distribution, not a clipped and renormalised one, and a singular {@code M} still gives an answer.
 */
final class Simplex {
  private Simplex() {}

  static double[] leastSquares(double[][] m, double[] q) {
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
      double[] p = onSupport(m, q, s);
      if (p == null) {
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

  /** The equality-constrained minimum on support {@code s} from its KKT system; null if negative or singular. */
  private static double[] onSupport(double[][] m, double[] q, int[] s) {
    int k = q.length;
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
      return null;
    }
    double[] p = new double[k];
    for (int i = 0; i < d; i++) {
      if (x[i] < -1e-12) {
        return null;
      }
      p[s[i]] = Math.max(0, x[i]);
    }
    return p;
  }

  /** Solves an augmented system {@code [A | b]} by Gaussian elimination; null when singular. */
  static double[] gauss(double[][] a) {
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
}
