package io.switchboard.nlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Measures every {@link Quantifier} where it matters: on held-out texts whose class mix differs
 * from the calibration's, against the true shares. Each comparison calibrates on one part and
 * estimates the other, never the same texts:
 *
 * <ul>
 *   <li>customer-service set cut in two random halves (stratified by label), the estimated half
 *       resampled without replacement to each of {@link #MIXES};
 *   <li>customer-service set, each language and each channel estimated with a calibration on the
 *       others (leave one out);
 *   <li>TweetEval's test split (when the shared data is there): calibrated on half of it, estimated
 *       on the other half resampled to the customer-service mix. Reported, never used to
 *       choose (ADR 0043).
 * </ul>
 *
 * Customer-service posteriors are out of sample ({@link SentimentConfusion#outOfFold}). Every
 * estimator runs on both paths it is used on: on each text's posterior, as {@code classify
 * --shares} does ({@code acc}, {@code pacc}, ...), and on each predicted label's count and summed
 * score, as the digest does ({@link ShareEstimator.Answers#grouped}; {@code acc-digest}, {@code
 * pacc-digest}, ...). The rule judges an estimator on the worse of the two (ADR 0060). {@code
 * SharesHeldOut [shared-data-folder]} prints every line and the choice.
 */
public final class SharesHeldOut {
  /** The customer-service mix of the held-out tweets: negative, neutral, positive. */
  static final double[] SERVICE_MIX = {0.63, 0.21, 0.16};

  /** The mixes the customer-service halves are resampled to. */
  static final List<double[]> MIXES =
      List.of(SERVICE_MIX, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, new double[] {0.40, 0.20, 0.40},
          new double[] {0.20, 0.60, 0.20});

  static final int HALVES = 20;
  static final int RESAMPLE = 2000;

  /** Estimators within this many points of the best count as tied; the least biased is chosen. */
  static final double TIE = 0.0025;

  /** The largest mean signed error, per class and mix, an estimator may have (ADR 0048). */
  static final double MAX_BIAS = 0.02;

  /** What the digest path's estimates are named after the estimator's name. */
  static final String DIGEST_SUFFIX = "-digest";

  /** PACC as the digest runs it (ADR 0043's column). */
  static final String DIGEST = digest(Quantifier.PACC.name());
  private static final long SEED = 2028;

  /** A labelled text with the tagger's posterior on it. */
  record Tagged(SentimentConfusion.Row row, double[] posterior) {
    int truth() {
      return ShareEstimator.LABELS.indexOf(row.label());
    }

    int predicted() {
      return ServiceCalibration.argmax(posterior);
    }
  }

  /**
   * One comparison: the true shares, every estimator's point estimate on both paths (by name, the
   * digest's with {@link #DIGEST_SUFFIX}) and the shipped estimator's shares with their intervals on
   * both paths.
   */
  public record Result(
      String group, String name, int calibrationRows, long n, double[] truth,
      Map<String, double[]> estimates, ShareEstimator.Shares shipped, ShareEstimator.Shares shippedDigest) {
    /** The largest of the three errors of an estimator, as a fraction. */
    public double error(String method) {
      double[] p = estimates.get(method);
      double max = 0;
      for (int i = 0; i < 3; i++) {
        max = Math.max(max, Math.abs(p[i] - truth[i]));
      }
      return max;
    }

    public double plainError() {
      return error(Quantifier.CC.name());
    }

    public double adjustedError() {
      return error(ShareEstimator.SHIPPED.name());
    }

    /** Whether the shipped interval of class {@code k}, on each text's posterior, holds the true share. */
    public boolean covers(int k) {
      return covers(shipped, k);
    }

    /** Whether the shipped interval of class {@code k}, as the digest computes it, holds the true share. */
    public boolean digestCovers(int k) {
      return covers(shippedDigest, k);
    }

    private boolean covers(ShareEstimator.Shares shares, int k) {
      ShareEstimator.Share s = shares.get(ShareEstimator.LABELS.get(k));
      return s.low() <= truth[k] + 1e-12 && truth[k] <= s.high() + 1e-12;
    }

    /** One line: shares as percent, negative/neutral/positive, and each estimator's error. */
    public String line() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-46s cal %4d n %5d true %s", name,
          calibrationRows, n, pct(truth)));
      for (String m : estimates.keySet()) {
        s.append(String.format(Locale.ROOT, "  %s %s (%.1f)", m, pct(estimates.get(m)), 100 * error(m)));
      }
      ShareEstimator.Share neg = shipped.get("negative");
      s.append(String.format(Locale.ROOT, "  %s negative [%.1f-%.1f]", ShareEstimator.SHIPPED.name(), 100 * neg.low(),
          100 * neg.high()));
      return s.toString();
    }

    private static String pct(double[] p) {
      return String.format(Locale.ROOT, "%.1f/%.1f/%.1f", 100 * p[0], 100 * p[1], 100 * p[2]);
    }
  }

  private final NlpTagger nlp;
  private List<Tagged> customerService;

  SharesHeldOut(NlpTagger nlp) {
    this.nlp = nlp;
  }

  /** With the shipped tagger. */
  public static SharesHeldOut shipped() {
    QuietLogs.quietOpenNlp();
    return new SharesHeldOut(NlpTagger.load());
  }

  /** The customer-service set with out-of-sample posteriors, as in the shipped calibration file. */
  synchronized List<Tagged> customerServiceTagged() {
    if (customerService == null) {
      customerService = SentimentConfusion.outOfFold(nlp).stream()
          .map(s -> new Tagged(s.row(), s.posterior()))
          .toList();
    }
    return customerService;
  }

  /** Calibrates on {@code calibration}, estimates {@code held} with every estimator. */
  static Result compare(String group, String name, List<Tagged> calibration, List<Tagged> held) {
    ShareCalibration cal = new ShareCalibration(
        calibration.stream().mapToInt(Tagged::truth).toArray(),
        calibration.stream().map(Tagged::posterior).toArray(double[][]::new));
    return compare(group, name, cal, held);
  }

  /** Estimates {@code held} with every estimator on the calibration {@code cal}. */
  static Result compare(String group, String name, ShareCalibration cal, List<Tagged> held) {
    ShareEstimator.Answers answers = ShareEstimator.Answers.of(held.stream().map(Tagged::posterior).toList());
    long[] truth = new long[3];
    long[] predicted = new long[3];
    double[] scores = new double[3];
    for (Tagged t : held) {
      truth[t.truth()]++;
      predicted[t.predicted()]++;
      scores[t.predicted()] += t.posterior()[t.predicted()];
    }
    // as the digest stores them: each predicted label's count and summed score
    ShareEstimator.Answers grouped = ShareEstimator.Answers.grouped(predicted, scores, cal);
    Map<String, double[]> estimates = new LinkedHashMap<>();
    for (Quantifier q : Quantifier.ALL) {
      estimates.put(q.name(), q.estimate(cal, answers));
    }
    for (Quantifier q : Quantifier.ALL) {
      estimates.put(digest(q.name()), q.estimate(cal, grouped));
    }
    ShareEstimator shipped = new ShareEstimator(cal, ShareEstimator.SHIPPED);
    return new Result(group, name, cal.size(), held.size(), shares(truth), estimates,
        shipped.estimate(answers), shipped.estimate(grouped));
  }

  static Result split(String group, String name, List<Tagged> all, Predicate<Tagged> calibrate) {
    return compare(group, name, all.stream().filter(calibrate).toList(),
        all.stream().filter(calibrate.negate()).toList());
  }

  /**
   * A held-out set that nothing was calibrated or chosen on, estimated with the shipped calibration
   * {@code cal}: the whole set at its own mix, then {@code resamples} draws of {@code n} texts at
   * each of {@link #MIXES}, each class drawn with replacement (seeded), so every mix has the same
   * size whatever the set's own class counts.
   */
  static List<Result> heldOutSet(
      String set, List<Tagged> held, ShareCalibration cal, int resamples, int n) {
    List<Result> out = new ArrayList<>();
    out.add(compare(set + " at its own mix", set + ": every text", cal, held));
    List<List<Tagged>> byClass = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    held.forEach(t -> byClass.get(t.truth()).add(t));
    SplittableRandom random = new SplittableRandom(SEED);
    for (double[] mix : MIXES) {
      String m = mixName(mix);
      for (int s = 0; s < resamples; s++) {
        List<Tagged> sample = new ArrayList<>(n);
        for (int k = 0; k < 3; k++) {
          List<Tagged> pool = byClass.get(k);
          long want = Math.round(n * mix[k]);
          for (long i = 0; i < want && !pool.isEmpty(); i++) {
            sample.add(pool.get(random.nextInt(pool.size())));
          }
        }
        out.add(compare(set + " at " + m, set + ": sample " + (s + 1) + " at " + m, cal, sample));
      }
    }
    return out;
  }

  /** Each language and each channel estimated with a calibration on the others. */
  public List<Result> leaveOneOut() {
    List<Tagged> all = customerServiceTagged();
    List<Result> out = new ArrayList<>();
    for (String lang : all.stream().map(t -> t.row().language()).distinct().sorted().toList()) {
      out.add(split("cs leave one language out", "cs: " + lang + ", calibrated on the other languages", all,
          t -> !lang.equals(t.row().language())));
    }
    for (String ch : all.stream().map(t -> t.row().channel()).distinct().sorted().toList()) {
      out.add(split("cs leave one channel out", "cs: " + ch + ", calibrated on the other channels", all,
          t -> !ch.equals(t.row().channel())));
    }
    return out;
  }

  /**
   * The customer-service set cut in two halves at random (stratified by label), {@code splits}
   * times: calibrated on one half, estimated on the other resampled without replacement to {@code
   * mix}, as large as the half allows.
   */
  public List<Result> customerServiceResampled(int splits, double[] mix) {
    List<Tagged> all = customerServiceTagged();
    List<Result> out = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(SEED);
    String m = mixName(mix);
    for (int s = 0; s < splits; s++) {
      List<Tagged> cal = new ArrayList<>();
      List<List<Tagged>> held = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int k = 0; k < 3; k++) {
        int kk = k;
        List<Tagged> pool = new ArrayList<>(all.stream().filter(t -> t.truth() == kk).toList());
        Collections.shuffle(pool, new Random(random.nextLong()));
        cal.addAll(pool.subList(0, pool.size() / 2));
        held.get(k).addAll(pool.subList(pool.size() / 2, pool.size()));
      }
      double n = Double.POSITIVE_INFINITY;
      for (int k = 0; k < 3; k++) {
        n = Math.min(n, held.get(k).size() / mix[k]);
      }
      List<Tagged> sample = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        sample.addAll(held.get(k).subList(0, (int) Math.floor(n * mix[k] + 1e-9)));
      }
      out.add(compare("cs halves at " + m, "cs: random half " + (s + 1) + " resampled to " + m, cal, sample));
    }
    return out;
  }

  /** Every customer-service comparison: the halves at each mix, then leave one out. */
  public List<Result> allCustomerService() {
    List<Result> out = new ArrayList<>();
    for (double[] mix : MIXES) {
      out.addAll(customerServiceResampled(HALVES, mix));
    }
    out.addAll(leaveOneOut());
    return out;
  }

  /**
   * TweetEval's test split: calibrated on the half with an even line number, estimated on a
   * resample of the other half to {@code mix}.
   */
  public Result tweetEval(Path shared, double[] mix) throws IOException {
    Path dir = shared.resolve("sentiment").resolve("tweeteval");
    List<String> texts = Files.readAllLines(dir.resolve("test_text.txt"), StandardCharsets.UTF_8);
    List<String> labels = Files.readAllLines(dir.resolve("test_labels.txt"), StandardCharsets.UTF_8);
    List<Tagged> cal = new ArrayList<>();
    List<List<SentimentConfusion.Row>> byClass = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < Math.min(texts.size(), labels.size()); i++) {
      int k = Integer.parseInt(labels.get(i).strip());
      SentimentConfusion.Row row =
          new SentimentConfusion.Row("te-" + i, "en", "x", ShareEstimator.LABELS.get(k), texts.get(i));
      if (i % 2 == 0) {
        cal.add(tag(row));
      } else {
        byClass.get(k).add(row);
      }
    }
    SplittableRandom random = new SplittableRandom(SEED);
    List<Tagged> sample = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      List<SentimentConfusion.Row> pool = new ArrayList<>(byClass.get(k));
      int want = (int) Math.round(RESAMPLE * mix[k]);
      for (int i = 0; i < want && !pool.isEmpty(); i++) {
        sample.add(tag(pool.remove(random.nextInt(pool.size()))));
      }
    }
    return compare("tweeteval", "tweeteval test: half resampled to " + mixName(mix), cal, sample);
  }

  private Tagged tag(SentimentConfusion.Row row) {
    return new Tagged(row, nlp.sentimentDistribution(row.text()));
  }

  /** Mean largest error of {@code method} over each group's results, by group, in order met. */
  public static Map<String, Double> meanErrorByGroup(List<Result> results, String method) {
    return results.stream().collect(Collectors.groupingBy(Result::group, LinkedHashMap::new,
        Collectors.averagingDouble(r -> r.error(method))));
  }

  /** The mean over groups of each group's mean largest error: what the choice minimises. */
  public static double score(List<Result> results, String method) {
    return meanErrorByGroup(results, method).values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /**
   * The largest mean signed error, over every class and every mix of the customer-service halves,
   * of {@code method}: how far it is off on average, not by chance. A fraction.
   */
  public static double bias(List<Result> customerService, String method) {
    double worst = 0;
    for (double[] mix : MIXES) {
      String group = "cs halves at " + mixName(mix);
      List<Result> halves = customerService.stream().filter(r -> r.group().equals(group)).toList();
      for (int k = 0; k < 3 && !halves.isEmpty(); k++) {
        int kk = k;
        double mean = halves.stream()
            .mapToDouble(r -> r.estimates().get(method)[kk] - r.truth()[kk])
            .average()
            .orElseThrow();
        worst = Math.max(worst, Math.abs(mean));
      }
    }
    return worst;
  }

  /** The name of {@code method}'s estimates as the digest runs it. */
  static String digest(String method) {
    return method + DIGEST_SUFFIX;
  }

  /** The names of {@code q}'s estimates on both paths: each text's posterior, then the digest's. */
  static List<String> paths(Quantifier q) {
    return List.of(q.name(), digest(q.name()));
  }

  /** {@link #score} of {@code q} on the worse of its two paths (ADR 0060). */
  public static double score(List<Result> results, Quantifier q) {
    return paths(q).stream().mapToDouble(m -> score(results, m)).max().orElseThrow();
  }

  /** {@link #bias} of {@code q} on the worse of its two paths (ADR 0060). */
  public static double bias(List<Result> customerService, Quantifier q) {
    return paths(q).stream().mapToDouble(m -> bias(customerService, m)).max().orElseThrow();
  }

  /**
   * Whether {@code q} passes the bias check on both paths it is run on: on the customer-service
   * halves at every mix, the mean signed error of every class is within {@link #MAX_BIAS}, on each
   * text's posterior ({@code classify --shares}) and on the grouped answers the digest keeps. An
   * estimator that is off the same way at every sample is off on every digest; noise averages out
   * over a week's digests, bias does not.
   */
  public static boolean unbiased(List<Result> customerService, Quantifier q) {
    return bias(customerService, q) <= MAX_BIAS + 1e-12;
  }

  /**
   * The rule (ADR 0060, ADR 0048's judged on both paths): among the estimators that pass the bias
   * check on both paths ({@link #unbiased}) on the out-of-sample customer-service rows, the one with
   * the lowest {@link #score} on its worse path; among those within {@link #TIE} of it, the least
   * biased on its worse path, so a simpler estimator that is both more off and more biased does not
   * win on a tie. When none passes, the least biased.
   */
  public static Quantifier choose(List<Result> customerService) {
    java.util.Comparator<Quantifier> byBias =
        java.util.Comparator.comparingDouble(q -> bias(customerService, q));
    List<Quantifier> unbiased =
        Quantifier.ALL.stream().filter(q -> unbiased(customerService, q)).toList();
    if (unbiased.isEmpty()) {
      return Quantifier.ALL.stream().min(byBias).orElseThrow();
    }
    double best = unbiased.stream().mapToDouble(q -> score(customerService, q)).min().orElseThrow();
    return unbiased.stream()
        .filter(q -> score(customerService, q) <= best + TIE)
        .min(byBias)
        .orElseThrow();
  }

  static String mixName(double[] mix) {
    return String.format(Locale.ROOT, "%.0f/%.0f/%.0f", 100 * mix[0], 100 * mix[1], 100 * mix[2]);
  }

  private static double[] shares(long[] counts) {
    long n = counts[0] + counts[1] + counts[2];
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      p[i] = n == 0 ? 0 : (double) counts[i] / n;
    }
    return p;
  }

  /** Prints a summary table: per group, each estimator's mean largest error in points. */
  static void summary(List<Result> results, List<String> methods) {
    summary(results, methods, System.out);
  }

  /** {@link #summary(List, List)} on {@code out}. */
  static void summary(List<Result> results, List<String> methods, java.io.PrintStream out) {
    out.printf(Locale.ROOT, "%-36s %4s", "group (mean largest error, points)", "runs");
    methods.forEach(m -> out.printf(Locale.ROOT, " %11s", m));
    out.println();
    Map<String, List<Result>> groups =
        results.stream().collect(Collectors.groupingBy(Result::group, LinkedHashMap::new, Collectors.toList()));
    for (var g : groups.entrySet()) {
      out.printf(Locale.ROOT, "%-36s %4d", g.getKey(), g.getValue().size());
      for (String m : methods) {
        out.printf(Locale.ROOT, " %11.1f", 100 * g.getValue().stream().mapToDouble(r -> r.error(m)).average().orElse(0));
      }
      out.println();
    }
  }

  /** Prints each estimator's score and bias per path and on its worse path, then the rule's choice. */
  static void printRule(List<Result> cs) {
    System.out.printf(Locale.ROOT, "%-6s %23s %23s %23s %s%n", "", "per text: score / bias", "digest: score / bias",
        "worse: score / bias", "bias check");
    for (Quantifier q : Quantifier.ALL) {
      System.out.printf(Locale.ROOT, "%-6s %15.2f / %5.2f %15.2f / %5.2f %15.2f / %5.2f %s%n", q.name(),
          100 * score(cs, q.name()), 100 * bias(cs, q.name()), 100 * score(cs, digest(q.name())),
          100 * bias(cs, digest(q.name())), 100 * score(cs, q), 100 * bias(cs, q),
          unbiased(cs, q) ? "passes" : "fails");
    }
    System.out.printf(Locale.ROOT, "chosen by the rule: %s (shipped: %s)%n", choose(cs).name(),
        ShareEstimator.SHIPPED.name());
  }

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    SharesHeldOut h = shipped();
    List<Result> cs = h.allCustomerService();
    cs.forEach(r -> System.out.println(r.line()));
    List<String> methods = new ArrayList<>(cs.get(0).estimates().keySet());
    summary(cs, methods);
    printRule(cs);
    for (int k = 0; k < 3; k++) {
      int kk = k;
      long covered = cs.stream().filter(r -> r.covers(kk)).count();
      long digestCovered = cs.stream().filter(r -> r.digestCovers(kk)).count();
      System.out.printf(Locale.ROOT,
          "shipped 90 %% interval of %s holds the true share in %d of %d (as the digest computes it: %d)%n",
          ShareEstimator.LABELS.get(k), covered, cs.size(), digestCovered);
    }
    if (Files.isDirectory(shared.resolve("sentiment").resolve("tweeteval"))) {
      List<Result> te = List.of(h.tweetEval(shared, SERVICE_MIX), h.tweetEval(shared, MIXES.get(1)));
      te.forEach(r -> System.out.println(r.line()));
      summary(te, methods);
    }
  }
}
