package io.switchboard.nlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Measures {@link ShareEstimator} where it matters: on held-out texts whose class mix differs from
 * the calibration's, against the true shares and against plain counting of the tags. Each
 * comparison calibrates on one part and estimates the other, never the same texts:
 *
 * <ul>
 *   <li>customer-service set: English against the other five languages, both ways; X against the
 *       other channels, both ways;
 *   <li>TweetEval's test split (when the shared data is there): calibrated on half of it, estimated
 *       on the other half resampled to a customer-service mix (63 % negative, 21 % neutral, 16 %
 *       positive).
 * </ul>
 *
 * Customer-service answers are out-of-sample (cross-fitted, {@link #customerServiceTagged}).
 * {@code SharesHeldOut [shared-data-folder]} prints one line each.
 */
public final class SharesHeldOut {
  /** The customer-service mix of the held-out tweets: negative, neutral, positive. */
  static final double[] SERVICE_MIX = {0.63, 0.21, 0.16};
  static final int RESAMPLE = 2000;
  private static final long SEED = 2028;

  /** A labelled text with the tagger's label. */
  record Tagged(SentimentConfusion.Row row, String predicted) {}

  /** One comparison: true, plain and adjusted shares (negative, neutral, positive). */
  public record Result(
      String name, int calibrationRows, long n, double[] truth, double[] plain, ShareEstimator.Shares adjusted) {
    public double plainError() {
      return maxError(plain);
    }

    public double adjustedError() {
      double[] a = new double[3];
      for (int i = 0; i < 3; i++) {
        a[i] = adjusted.get(ShareEstimator.LABELS.get(i)).estimate();
      }
      return maxError(a);
    }

    private double maxError(double[] p) {
      double max = 0;
      for (int i = 0; i < 3; i++) {
        max = Math.max(max, Math.abs(p[i] - truth[i]));
      }
      return max;
    }

    /** One line: shares as percent, negative/neutral/positive. */
    public String line() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-44s cal %5d  n %5d  true %s  plain %s  adjusted",
          name, calibrationRows, n, pct(truth), pct(plain)));
      for (String l : ShareEstimator.LABELS) {
        ShareEstimator.Share e = adjusted.get(l);
        s.append(String.format(Locale.ROOT, " %4.1f [%4.1f-%4.1f]", 100 * e.estimate(), 100 * e.low(), 100 * e.high()));
      }
      s.append(String.format(Locale.ROOT, "  max error plain %4.1f adjusted %4.1f pts", 100 * plainError(), 100 * adjustedError()));
      return s.toString();
    }

    private static String pct(double[] p) {
      return String.format(Locale.ROOT, "%4.1f/%4.1f/%4.1f", 100 * p[0], 100 * p[1], 100 * p[2]);
    }
  }

  private final NlpTagger nlp;
  private final Function<String, String> tagger;

  SharesHeldOut(NlpTagger nlp) {
    this.nlp = nlp;
    this.tagger = text -> nlp.analyze(text).sentiment();
  }

  /** With the shipped tagger. */
  public static SharesHeldOut shipped() {
    QuietLogs.quietOpenNlp();
    return new SharesHeldOut(NlpTagger.load());
  }

  List<Tagged> tag(List<SentimentConfusion.Row> rows) {
    return rows.stream().map(r -> new Tagged(r, tagger.apply(r.text()))).toList();
  }

  /**
   * The customer-service set with out-of-sample answers: the shipped tagger's customer-service
   * calibration is fitted on this set, so each fifth is answered by one fitted on the other four
   * ({@link ServiceCalibration#crossFitted}), as for the shipped confusion file.
   */
  List<Tagged> customerServiceTagged() {
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    CustomerServiceSet.Features f = CustomerServiceSet.features(nlp, rows);
    int[] answers = ServiceCalibration.crossFitted(f.x(), f.y(), f.folds());
    List<Tagged> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      CustomerServiceSet.Row r = rows.get(i);
      out.add(new Tagged(
          new SentimentConfusion.Row(r.id(), r.language(), r.channel(), r.sentiment(), r.text()),
          ShareEstimator.LABELS.get(answers[i])));
    }
    return out;
  }

  /** Calibrates on the tagged rows {@code calibrate} accepts, estimates the others. */
  static Result split(String name, List<Tagged> all, Predicate<Tagged> calibrate) {
    List<Tagged> cal = all.stream().filter(calibrate).toList();
    List<Tagged> held = all.stream().filter(calibrate.negate()).toList();
    return compare(name, cal, held);
  }

  static Result compare(String name, List<Tagged> calibration, List<Tagged> held) {
    long[][] c = new long[3][3];
    for (Tagged t : calibration) {
      int i = ShareEstimator.LABELS.indexOf(t.row().label()), j = ShareEstimator.LABELS.indexOf(t.predicted());
      if (i >= 0 && j >= 0) {
        c[i][j]++;
      }
    }
    ShareEstimator estimator = new ShareEstimator(new SentimentConfusion(c));
    long[] truth = ShareEstimator.counts(held.stream().map(t -> t.row().label()).toList());
    long[] predicted = ShareEstimator.counts(held.stream().map(Tagged::predicted).toList());
    return new Result(name, calibration.size(), held.size(), shares(truth), shares(predicted), estimator.estimate(predicted));
  }

  /** The customer-service comparisons. */
  public List<Result> customerService() {
    List<Tagged> all = customerServiceTagged();
    List<Result> out = new ArrayList<>();
    out.add(split("cs: en, calibrated on de/fr/es/it/pt", all, t -> !"en".equals(t.row().language())));
    out.add(split("cs: de/fr/es/it/pt, calibrated on en", all, t -> "en".equals(t.row().language())));
    out.add(split("cs: other channels, calibrated on x", all, t -> "x".equals(t.row().channel())));
    out.add(split("cs: x, calibrated on other channels", all, t -> !"x".equals(t.row().channel())));
    return out;
  }

  /**
   * The customer-service set cut in two halves at random (stratified by label), {@code splits}
   * times: calibrated on one half, estimated on the other resampled (without replacement) to the
   * customer-service mix of {@link #SERVICE_MIX}. Returns each split's result.
   */
  public List<Result> customerServiceResampled(int splits) {
    List<Tagged> all = customerServiceTagged();
    List<Result> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(SEED);
    for (int s = 0; s < splits; s++) {
      List<Tagged> cal = new ArrayList<>();
      List<List<Tagged>> held = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int k = 0; k < 3; k++) {
        String label = ShareEstimator.LABELS.get(k);
        List<Tagged> pool = new ArrayList<>(all.stream().filter(t -> t.row().label().equals(label)).toList());
        java.util.Collections.shuffle(pool, new java.util.Random(random.nextLong()));
        cal.addAll(pool.subList(0, pool.size() / 2));
        held.get(k).addAll(pool.subList(pool.size() / 2, pool.size()));
      }
      // the largest sample of the mix the held-out half can give without drawing a text twice
      double n = Double.POSITIVE_INFINITY;
      for (int k = 0; k < 3; k++) {
        n = Math.min(n, held.get(k).size() / SERVICE_MIX[k]);
      }
      List<Tagged> sample = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        sample.addAll(held.get(k).subList(0, (int) Math.floor(n * SERVICE_MIX[k])));
      }
      out.add(compare("cs: random half " + (s + 1) + " resampled to 63/21/16", cal, sample));
    }
    return out;
  }

  /** Mean of each result's largest error over the three shares: plain, adjusted. */
  public static double[] meanErrors(List<Result> results) {
    double plain = results.stream().mapToDouble(Result::plainError).average().orElse(Double.NaN);
    double adjusted = results.stream().mapToDouble(Result::adjustedError).average().orElse(Double.NaN);
    return new double[] {plain, adjusted};
  }

  /**
   * TweetEval's test split: calibrated on the half with an even line number, estimated on a
   * resample of the other half to the customer-service mix.
   */
  public Result tweetEval(Path shared) throws IOException {
    Path dir = shared.resolve("sentiment").resolve("tweeteval");
    List<String> texts = Files.readAllLines(dir.resolve("test_text.txt"), StandardCharsets.UTF_8);
    List<String> labels = Files.readAllLines(dir.resolve("test_labels.txt"), StandardCharsets.UTF_8);
    List<Tagged> cal = new ArrayList<>();
    List<List<SentimentConfusion.Row>> byClass = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < Math.min(texts.size(), labels.size()); i++) {
      int k = Integer.parseInt(labels.get(i).strip());
      SentimentConfusion.Row row = new SentimentConfusion.Row("te-" + i, "en", "x", ShareEstimator.LABELS.get(k), texts.get(i));
      if (i % 2 == 0) {
        cal.add(new Tagged(row, tagger.apply(row.text())));
      } else {
        byClass.get(k).add(row);
      }
    }
    SplittableRandom random = new SplittableRandom(SEED);
    List<SentimentConfusion.Row> sample = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      List<SentimentConfusion.Row> pool = new ArrayList<>(byClass.get(k));
      int want = (int) Math.round(RESAMPLE * SERVICE_MIX[k]);
      for (int i = 0; i < want && !pool.isEmpty(); i++) {
        sample.add(pool.remove(random.nextInt(pool.size())));
      }
    }
    return compare("tweeteval test: half resampled to 63/21/16", cal, tag(sample));
  }

  private static double[] shares(long[] counts) {
    long n = counts[0] + counts[1] + counts[2];
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      p[i] = n == 0 ? 0 : (double) counts[i] / n;
    }
    return p;
  }

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    SharesHeldOut h = shipped();
    List<Result> results = new ArrayList<>(h.customerService());
    if (Files.isDirectory(shared.resolve("sentiment").resolve("tweeteval"))) {
      results.add(h.tweetEval(shared));
    }
    results.forEach(r -> System.out.println(r.line()));
    List<Result> halves = h.customerServiceResampled(20);
    halves.forEach(r -> System.out.println(r.line()));
    double[] mean = meanErrors(halves);
    System.out.printf(Locale.ROOT, "cs: 20 random halves resampled to 63/21/16: mean max error plain %.1f adjusted %.1f pts%n",
        100 * mean[0], 100 * mean[1]);
  }
}
