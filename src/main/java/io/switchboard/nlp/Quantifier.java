package io.switchboard.nlp;

import java.util.List;

/**
 * One way to estimate the class shares of a set of texts from the tagger's answers on them and
 * its answers on labelled calibration texts (quantification). {@link ShareEstimator} runs one of
 * these for the point estimate and again for every bootstrap replicate of its interval.
 *
 * <p>Shares, posteriors and rows are always in the order of {@link SentimentConfusion#LABELS}.
 * Implementations are stateless and thread-safe.
 */
public interface Quantifier {
  /** A short name for reports ({@code acc}, {@code pacc}, ...). */
  String name();

  /**
   * The estimated shares (non-negative, summing to one).
   *
   * @param calibration labelled texts with the tagger's posteriors on them (out of sample)
   * @param answers the tagger's posteriors on the texts whose shares are wanted
   */
  double[] estimate(ShareCalibration calibration, ShareEstimator.Answers answers);

  /** Classify and count: the shares of the predicted labels, no correction. */
  Quantifier CC = named("cc", (cal, a) -> a.mean(true));

  /** Probabilistic classify and count: the mean posterior, no correction (Bella et al. 2010). */
  Quantifier PCC = named("pcc", (cal, a) -> a.mean(false));

  /**
   * Adjusted classify and count (Forman 2008): {@code M p = q} with {@code q} the predicted labels'
   * shares and {@code M[p][t] = P(predicted p | true t)}, solved by least squares on the simplex.
   */
  Quantifier ACC = named("acc", (cal, a) -> Simplex.leastSquares(cal.matrix(true), a.mean(true)));

  /**
   * Probabilistic adjusted classify and count (Bella, Ferri, Hernández-Orallo and Ramírez-Quintana,
   * ICDM 2010): as {@link #ACC}, with {@code q} the mean posterior and {@code M[c][t]} the mean
   * posterior of class {@code c} over calibration texts of true class {@code t}. Posteriors carry
   * how sure the tagger is, so {@code M} is estimated with less noise and is better conditioned.
   */
  Quantifier PACC = named("pacc", (cal, a) -> Simplex.leastSquares(cal.matrix(false), a.mean(false)));

  /**
   * The EM prior adjustment of Saerens, Latinne and Decaestecker (Neural Computation 2002): the
   * posteriors are re-weighted by the ratio of new to old priors until the priors are the mean of
   * the re-weighted posteriors. The old priors are the calibration texts' mean posterior, which is
   * what the tagger's posteriors imply on a set of known mix; SLD assumes they are calibrated.
   */
  Quantifier SLD = named("sld", Sld::estimate);

  /** Every estimator measured, simplest first (ADR 0043). */
  List<Quantifier> ALL = List.of(CC, PCC, ACC, PACC, SLD);

  /** The estimator called {@code name}. */
  static Quantifier byName(String name) {
    return ALL.stream()
        .filter(q -> q.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no estimator " + name));
  }

  /** The function of an estimator. */
  interface Estimate {
    double[] apply(ShareCalibration calibration, ShareEstimator.Answers answers);
  }

  private static Quantifier named(String name, Estimate f) {
    return new Quantifier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double[] estimate(ShareCalibration calibration, ShareEstimator.Answers answers) {
        return f.apply(calibration, answers);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** Saerens-Latinne-Decaestecker EM. */
  final class Sld {
    private static final int MAX_ITERATIONS = 1000;
    private static final double TOLERANCE = 1e-8;

    private Sld() {}

    static double[] estimate(ShareCalibration calibration, ShareEstimator.Answers answers) {
      double[] old = calibration.meanPosterior();
      int k = old.length;
      double[] prior = old.clone();
      double[][] post = answers.posteriors();
      long[] w = answers.weights();
      double total = 0;
      for (long x : w) {
        total += x;
      }
      for (int it = 0; it < MAX_ITERATIONS; it++) {
        double[] next = new double[k];
        for (int i = 0; i < post.length; i++) {
          double[] r = new double[k];
          double s = 0;
          for (int c = 0; c < k; c++) {
            r[c] = old[c] <= 0 ? 0 : prior[c] / old[c] * post[i][c];
            s += r[c];
          }
          for (int c = 0; c < k && s > 0; c++) {
            next[c] += w[i] * r[c] / s;
          }
        }
        double change = 0;
        for (int c = 0; c < k; c++) {
          next[c] /= total;
          change = Math.max(change, Math.abs(next[c] - prior[c]));
        }
        prior = next;
        if (change < TOLERANCE) {
          break;
        }
      }
      return prior;
    }
  }
}
