package io.switchboard.nlp;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import opennlp.tools.ml.model.AbstractModel;

/**
 * Does a classifier on MiniLM sentence vectors earn a place beside the n-gram sentiment model
 * (issue 20, item 5; ADR 0034)? Five folds of the training pool that {@code train} reads, split as
 * {@link HeldOut} splits them. For each fold: the n-gram model trained as {@code train} trains it,
 * without the fold; a {@link SoftmaxRegression} on the MiniLM vectors of the English training texts
 * (SemEval 2013–2016 and UCI) without the fold; and the mean of the two models' probabilities,
 * applied to English text only (language as the inbox detects it). Scored, macro-F1:
 *
 * <ul>
 *   <li>the fold's held-out SemEval tweets, against the n-gram model alone and with the shipped
 *       customer-service calibration (fitted on the whole development set, which is not tweets);
 *   <li>the English customer-service development set ({@code nlp/customer-service/en.tsv}), with
 *       the calibration cross-fitted as {@code train} does: each fifth of the set (by id) answered
 *       by a calibration fitted on the other four fifths, all languages;
 *   <li>TweetEval's test and validation splits, for reporting only: no choice here reads them.
 * </ul>
 *
 * Nothing is tuned: the head's settings and the plain mean are fixed before the first run. The
 * issue's rule: MiniLM is used only if the mean gains clearly, at least 0.02 macro-F1 on held-out
 * data over several folds.
 *
 * <pre>
 * bench/nlp/minilm.sh [FOLD[,FOLD...]] [--max-english N]
 * bench/nlp/minilm.sh --service-only
 * </pre>
 *
 * {@code --service-only} trains no n-gram model: see {@link #serviceFolds}.
 *
 * Vectors are cached in {@code target/minilm/vectors.bin} ({@code -Dminilm.cache=FILE}), so a
 * second run embeds nothing. {@code --max-english N} keeps a fixed pseudo-random N of the English
 * pool texts (by a hash of the text) for the MiniLM head and the tweet folds, for a slower machine.
 */
public final class MiniLmHeldOut {
  /** The head's L2 cost, on standardised vectors, and its passes over the data: fixed. */
  static final double L2 = 1e-3;

  static final int EPOCHS = 12;

  /** One fold's macro-F1 figures. */
  record Fold(int fold, int heldOut, double tweetsNgram, double tweetsMini, double tweetsMean,
      double tweetsShipped, double tweetsShippedMean, double csShipped, double csMini,
      double csMean, double csPositiveShipped, double csPositiveMean, double testShipped,
      double testMean, double valShipped, double valMean) {}

  private MiniLmHeldOut() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: MiniLmHeldOut <shared data dir> [FOLD[,FOLD...]] [--max-english N]");
      System.exit(2);
    }
    Set<Integer> folds = new LinkedHashSet<>();
    int maxEnglish = 0;
    boolean serviceOnly = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--service-only")) {
        serviceOnly = true;
      } else if (args[i].equals("--max-english")) {
        maxEnglish = Integer.parseInt(args[++i]);
      } else {
        for (String f : args[i].split(",")) {
          folds.add(Integer.parseInt(f.strip()));
        }
      }
    }
    if (folds.isEmpty()) {
      for (int f = 0; f < HeldOut.FOLDS; f++) {
        folds.add(f);
      }
    }
    Path cache = Path.of(System.getProperty("minilm.cache", "target/minilm/vectors.bin"));
    if (serviceOnly) {
      serviceFolds(Path.of(args[0]), maxEnglish, cache, System.out);
    } else {
      run(Path.of(args[0]), folds, maxEnglish, cache, System.out);
    }
  }

  static List<Fold> run(Path sharedData, Set<Integer> folds, int maxEnglish, Path cache,
      PrintStream out) throws IOException {
    QuietLogs.quietOpenNlp();
    Map<String, List<SentimentData.Example>> pool = SentimentData.trainingSets(sharedData);
    List<SentimentData.Example> english = new ArrayList<>();
    for (SentimentData.Example e : pool.get(SentimentData.SEMEVAL)) {
      if (keep(e.text(), maxEnglish, pool.get(SentimentData.SEMEVAL).size())) {
        english.add(e);
      }
    }
    int tweets = english.size();
    english.addAll(pool.get(SentimentData.UCI));
    Map<String, List<SentimentData.Example>> validation = SentimentData.validation(sharedData);
    List<SentimentData.Example> test = validation.get("tweeteval-test");
    List<SentimentData.Example> val = validation.get("tweeteval-val");
    List<CustomerServiceSet.Row> service = CustomerServiceSet.load();
    LanguageDetector detector = LanguageDetector.load();

    List<float[]> eng;
    List<float[]> testV;
    List<float[]> valV;
    List<float[]> serviceV;
    try (MiniLmVectors vectors = new MiniLmVectors(cache)) {
      // the rate on TweetEval validation tweets, uncached: 100 to warm up, 500 timed
      List<String> sample = val.stream().map(SentimentData.Example::text).limit(600).toList();
      int warm = sample.size() / 6;
      vectors.embedUncached(sample.subList(0, warm));
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      vectors.embedUncached(sample.subList(warm, sample.size()));
      double s = (System.nanoTime() - t0) / 1e9;
      out.printf(Locale.ROOT,
          "MiniLM-L6-v2 (quantized, in-process): %.0f embeddings/s on %d cores (load average "
              + "%.1f), %.1f ms of CPU each (all threads); %d vectors cached%n",
          (sample.size() - warm) / s, Runtime.getRuntime().availableProcessors(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          (cpuNanos() - cpu0) / 1e6 / (sample.size() - warm), vectors.cached());
      eng = vectors.vectors(english.stream().map(SentimentData.Example::text).toList(), out);
      testV = vectors.vectors(test.stream().map(SentimentData.Example::text).toList(), out);
      valV = vectors.vectors(val.stream().map(SentimentData.Example::text).toList(), out);
      // English only: the other languages' rows keep the n-gram answer
      serviceV = vectors.vectors(service.stream()
          .map(r -> r.language().equals("en") ? r.text() : "").toList(), out);
    }
    out.printf(Locale.ROOT, "English pool for the MiniLM head: %d SemEval tweets%s + %d UCI "
        + "sentences%n", tweets, maxEnglish > 0 ? " (of " + pool.get(SentimentData.SEMEVAL).size()
        + ", --max-english)" : "", english.size() - tweets);

    String[] testLang = languages(detector, test.stream().map(SentimentData.Example::text).toList());
    String[] valLang = languages(detector, val.stream().map(SentimentData.Example::text).toList());
    String[] engLang = languages(detector, english.stream().map(SentimentData.Example::text).toList());
    String[] serviceLang = new String[service.size()];
    for (int i = 0; i < service.size(); i++) {
      serviceLang[i] = detector.detect(service.get(i).text(), service.get(i).language()).language();
    }

    List<Fold> results = new ArrayList<>();
    for (int k : folds) {
      long start = System.nanoTime();
      List<SentimentData.Example> training = new ArrayList<>();
      for (Map.Entry<String, List<SentimentData.Example>> set : pool.entrySet()) {
        boolean uci = set.getKey().equals(SentimentData.UCI);
        for (SentimentData.Example e : set.getValue()) {
          if (uci || HeldOut.fold(e.text()) != k) {
            training.add(e);
          }
        }
      }
      SentimentModel ngram =
          new SentimentModel((AbstractModel) Trainer.trainSentiment(training).getMaxentModel());
      double ngramSeconds = (System.nanoTime() - start) / 1e9;

      List<float[]> mx = new ArrayList<>();
      List<Integer> my = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < english.size(); i++) {
        if (i < tweets && HeldOut.fold(english.get(i).text()) == k) {
          held.add(i);
        } else {
          mx.add(eng.get(i));
          my.add(Evaluator.labelIndex(english.get(i).label()));
        }
      }
      start = System.nanoTime();
      SoftmaxRegression mini = SoftmaxRegression.fit(
          mx, my.stream().mapToInt(Integer::intValue).toArray(), null, L2, EPOCHS, 17 + k);
      double miniSeconds = (System.nanoTime() - start) / 1e9;

      // the customer-service calibration: on the whole set for tweets, cross-fitted for the set
      NlpTagger tagger = new NlpTagger(detector, ngram, UrgencyRules.load(), null);
      CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, service);
      SentimentModel shipped = ngram.withCalibration(ServiceCalibration.fit(f.x(), f.y()));

      int[][][] tw = new int[5][3][3];
      for (int i : held) {
        SentimentData.Example e = english.get(i);
        int truth = Evaluator.labelIndex(e.label());
        boolean en = engLang[i].equals("en");
        double[] pm = mini.probabilities(eng.get(i));
        double[] pn = distribution(ngram, e.text(), engLang[i]);
        double[] ps = distribution(shipped, e.text(), engLang[i]);
        tw[0][truth][argmax(pn)]++;
        tw[1][truth][argmax(pm)]++;
        tw[2][truth][argmax(en ? mean(pn, pm) : pn)]++;
        tw[3][truth][argmax(ps)]++;
        tw[4][truth][argmax(en ? mean(ps, pm) : ps)]++;
      }

      int[][][] cs = new int[3][3][3];
      for (int j = 0; j < ServiceCalibration.FOLDS; j++) {
        SentimentModel calibrated = calibratedWithout(ngram, f, j);
        for (int i = 0; i < service.size(); i++) {
          CustomerServiceSet.Row r = service.get(i);
          if (f.folds()[i] != j || !r.language().equals("en")) {
            continue;
          }
          int truth = f.y()[i];
          double[] ps = distribution(calibrated, r.text(), serviceLang[i]);
          double[] pm = mini.probabilities(serviceV.get(i));
          cs[0][truth][argmax(ps)]++;
          cs[1][truth][argmax(pm)]++;
          cs[2][truth][argmax(serviceLang[i].equals("en") ? mean(ps, pm) : ps)]++;
        }
      }

      int[][][] te = score(shipped, mini, test, testV, testLang);
      int[][][] tv = score(shipped, mini, val, valV, valLang);
      Fold r = new Fold(k, held.size(), Evaluator.macroF1(tw[0]), Evaluator.macroF1(tw[1]),
          Evaluator.macroF1(tw[2]), Evaluator.macroF1(tw[3]), Evaluator.macroF1(tw[4]),
          Evaluator.macroF1(cs[0]), Evaluator.macroF1(cs[1]), Evaluator.macroF1(cs[2]),
          positiveShare(cs[0]), positiveShare(cs[2]), Evaluator.macroF1(te[0]),
          Evaluator.macroF1(te[2]), Evaluator.macroF1(tv[0]), Evaluator.macroF1(tv[2]));
      results.add(r);
      out.printf(Locale.ROOT, "fold %d: n-gram model %.0f s, MiniLM head %.0f s on %d vectors%n",
          k, ngramSeconds, miniSeconds, mx.size());
      out.printf(Locale.ROOT, "  held-out tweets (%d): n-gram %.3f  MiniLM %.3f  mean %.3f (%+.3f)"
              + " | calibrated %.3f  mean %.3f (%+.3f)%n", r.heldOut(), r.tweetsNgram(),
          r.tweetsMini(), r.tweetsMean(), r.tweetsMean() - r.tweetsNgram(), r.tweetsShipped(),
          r.tweetsShippedMean(), r.tweetsShippedMean() - r.tweetsShipped());
      out.printf(Locale.ROOT, "  customer-service en (%d, out-of-fold): calibrated %.3f  MiniLM"
              + " %.3f  mean %.3f (%+.3f); complaints tagged positive %.1f %% -> %.1f %%%n",
          count(cs[0]), r.csShipped(), r.csMini(), r.csMean(), r.csMean() - r.csShipped(),
          100 * r.csPositiveShipped(), 100 * r.csPositiveMean());
      out.printf(Locale.ROOT, "  TweetEval test %.3f -> %.3f (%+.3f), validation %.3f -> %.3f "
              + "(%+.3f)   [reporting only; MiniLM alone %.3f / %.3f]%n", r.testShipped(),
          r.testMean(), r.testMean() - r.testShipped(), r.valShipped(), r.valMean(),
          r.valMean() - r.valShipped(), Evaluator.macroF1(te[1]), Evaluator.macroF1(tv[1]));
      out.printf("  confusion of the mean on customer-service en (rows truth: neg neu pos) %s%n",
          Evaluator.rows(cs[2]));
    }
    summary(results, out);
    return results;
  }

  /**
   * The quick check, without training n-gram models: the shipped n-gram model (which never saw the
   * customer-service set) and a MiniLM head on the whole English pool, scored on each fifth of the
   * English customer-service set with the calibration fitted on the other four fifths. Returns the
   * gain of the mean per fifth.
   */
  static double[] serviceFolds(Path sharedData, int maxEnglish, Path cache, PrintStream out)
      throws IOException {
    QuietLogs.quietOpenNlp();
    Map<String, List<SentimentData.Example>> pool = SentimentData.trainingSets(sharedData);
    List<SentimentData.Example> english = new ArrayList<>();
    for (SentimentData.Example e : pool.get(SentimentData.SEMEVAL)) {
      if (keep(e.text(), maxEnglish, pool.get(SentimentData.SEMEVAL).size())) {
        english.add(e);
      }
    }
    english.addAll(pool.get(SentimentData.UCI));
    List<CustomerServiceSet.Row> service = CustomerServiceSet.load();
    List<float[]> eng;
    List<float[]> serviceV;
    try (MiniLmVectors vectors = new MiniLmVectors(cache)) {
      eng = vectors.vectors(english.stream().map(SentimentData.Example::text).toList(), out);
      serviceV = vectors.vectors(service.stream()
          .map(r -> r.language().equals("en") ? r.text() : "").toList(), out);
    }
    SoftmaxRegression mini = SoftmaxRegression.fit(eng,
        english.stream().mapToInt(e -> Evaluator.labelIndex(e.label())).toArray(), null, L2,
        EPOCHS, 17);
    LanguageDetector detector = LanguageDetector.load();
    SentimentModel ngram = SentimentModel.load().withCalibration(null);
    NlpTagger tagger = new NlpTagger(detector, ngram, UrgencyRules.load(), null);
    CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, service);
    out.printf(Locale.ROOT, "shipped n-gram model; MiniLM head on %d English texts; customer-service"
        + " en by fifth (calibration fitted on the other fifths):%n", english.size());
    double[] gains = new double[ServiceCalibration.FOLDS];
    int[][][] all = new int[3][3][3];
    List<int[]> answered = new ArrayList<>(); // truth, calibrated, mean: for the bootstrap
    for (int j = 0; j < ServiceCalibration.FOLDS; j++) {
      SentimentModel calibrated = calibratedWithout(ngram, f, j);
      int[][][] c = new int[3][3][3];
      for (int i = 0; i < service.size(); i++) {
        CustomerServiceSet.Row r = service.get(i);
        if (f.folds()[i] != j || !r.language().equals("en")) {
          continue;
        }
        String lang = detector.detect(r.text(), r.language()).language();
        double[] ps = distribution(calibrated, r.text(), lang);
        double[] pm = mini.probabilities(serviceV.get(i));
        int[] answers = {argmax(ps), argmax(pm), argmax(lang.equals("en") ? mean(ps, pm) : ps)};
        for (int v = 0; v < 3; v++) {
          c[v][f.y()[i]][answers[v]]++;
          all[v][f.y()[i]][answers[v]]++;
        }
        answered.add(new int[] {f.y()[i], answers[0], answers[2]});
      }
      gains[j] = Evaluator.macroF1(c[2]) - Evaluator.macroF1(c[0]);
      out.printf(Locale.ROOT, "  fifth %d (%d): calibrated %.3f  MiniLM %.3f  mean %.3f (%+.3f);"
              + " complaints tagged positive %.1f %% -> %.1f %%%n", j, count(c[0]),
          Evaluator.macroF1(c[0]), Evaluator.macroF1(c[1]), Evaluator.macroF1(c[2]), gains[j],
          100 * positiveShare(c[0]), 100 * positiveShare(c[2]));
    }
    out.printf(Locale.ROOT, "  all (%d): calibrated %.3f  MiniLM %.3f  mean %.3f (%+.3f);"
            + " complaints tagged positive %.1f %% -> %.1f %%%n", count(all[0]),
        Evaluator.macroF1(all[0]), Evaluator.macroF1(all[1]), Evaluator.macroF1(all[2]),
        Evaluator.macroF1(all[2]) - Evaluator.macroF1(all[0]), 100 * positiveShare(all[0]),
        100 * positiveShare(all[2]));
    double[] boot = bootstrap(answered, 2000, 5);
    out.printf(Locale.ROOT, "  gain of the mean, paired bootstrap over the %d messages (2,000 "
        + "resamples): 90 %% interval %+.3f to %+.3f; at least +0.02 in %.0f %% of resamples%n",
        answered.size(), boot[0], boot[1], 100 * boot[2]);
    return gains;
  }

  /**
   * Resamples the answered rows with replacement: the 5th and 95th percentile of the macro-F1 gain
   * of the second answer over the first, and the share of resamples where it is at least 0.02.
   */
  static double[] bootstrap(List<int[]> rows, int resamples, long seed) {
    java.util.Random random = new java.util.Random(seed);
    double[] gains = new double[resamples];
    int atLeast = 0;
    for (int b = 0; b < resamples; b++) {
      int[][] first = new int[3][3];
      int[][] second = new int[3][3];
      for (int n = 0; n < rows.size(); n++) {
        int[] r = rows.get(random.nextInt(rows.size()));
        first[r[0]][r[1]]++;
        second[r[0]][r[2]]++;
      }
      gains[b] = Evaluator.macroF1(second) - Evaluator.macroF1(first);
      atLeast += gains[b] >= 0.02 ? 1 : 0;
    }
    java.util.Arrays.sort(gains);
    return new double[] {gains[(int) (0.05 * resamples)], gains[(int) (0.95 * resamples) - 1],
        atLeast / (double) resamples};
  }

  /**
   * The gain of the mean per fold and set, and for each set whether it is at least 0.02 on
   * average and positive in every fold. The decision weighs these with the bootstrap of {@link
   * #serviceFolds} (ADR 0034); no single line decides it.
   */
  private static void summary(List<Fold> results, PrintStream out) {
    Map<String, java.util.function.ToDoubleFunction<Fold>> gains = new LinkedHashMap<>();
    gains.put("held-out tweets, n-gram alone", r -> r.tweetsMean() - r.tweetsNgram());
    gains.put("held-out tweets, calibrated", r -> r.tweetsShippedMean() - r.tweetsShipped());
    gains.put("customer-service en", r -> r.csMean() - r.csShipped());
    out.println("gain of the mean over the n-gram model, macro-F1, by fold:");
    for (Map.Entry<String, java.util.function.ToDoubleFunction<Fold>> g : gains.entrySet()) {
      StringBuilder sb = new StringBuilder();
      double sum = 0;
      double min = Double.MAX_VALUE;
      for (Fold r : results) {
        double v = g.getValue().applyAsDouble(r);
        sb.append(String.format(Locale.ROOT, " %+.3f", v));
        sum += v;
        min = Math.min(min, v);
      }
      double avg = sum / results.size();
      out.printf(Locale.ROOT, "  %-30s%s   mean %+.3f; at least +0.02 on average and above 0 in"
          + " every fold: %s%n", g.getKey(), sb, avg, avg >= 0.02 && min > 0 ? "yes" : "no");
    }
  }

  private static int[][][] score(SentimentModel model, SoftmaxRegression mini,
      List<SentimentData.Example> set, List<float[]> v, String[] lang) {
    int[][][] c = new int[3][3][3];
    for (int i = 0; i < set.size(); i++) {
      int truth = Evaluator.labelIndex(set.get(i).label());
      double[] ps = distribution(model, set.get(i).text(), lang[i]);
      double[] pm = mini.probabilities(v.get(i));
      c[0][truth][argmax(ps)]++;
      c[1][truth][argmax(pm)]++;
      c[2][truth][argmax(lang[i].equals("en") ? mean(ps, pm) : ps)]++;
    }
    return c;
  }

  /** The model's probabilities for a text, as {@link NlpTagger} asks for them. */
  static double[] distribution(SentimentModel model, String text, String language) {
    List<String> words = PhraseMatcher.words(text);
    return model.distribution(
        text, words, ComplaintEvents.DEFAULT.find(words).orElse(null), language);
  }

  static double[] mean(double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      m[i] = (a[i] + b[i]) / 2;
    }
    return m;
  }

  static int argmax(double[] p) {
    return ServiceCalibration.argmax(p);
  }

  private static String[] languages(LanguageDetector detector, List<String> texts) {
    String[] out = new String[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      out[i] = detector.detect(texts.get(i), "en").language();
    }
    return out;
  }

  private static boolean keep(String text, int max, int size) {
    if (max <= 0 || max >= size) {
      return true;
    }
    int bucket = Math.floorMod(SentimentData.key(text).hashCode() * 0x9E3779B1, 100_000);
    return bucket < 100_000L * max / size;
  }

  private static double positiveShare(int[][] c) {
    int n = c[0][0] + c[0][1] + c[0][2];
    return n == 0 ? 0 : c[0][2] / (double) n;
  }

  private static int count(int[][] c) {
    int n = 0;
    for (int[] row : c) {
      for (int v : row) {
        n += v;
      }
    }
    return n;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** {@code model} with the customer-service calibration fitted on every fold but {@code fold}. */
  private static SentimentModel calibratedWithout(SentimentModel model, CustomerServiceSet.Features f, int fold) {
    List<double[]> fx = new ArrayList<>();
    List<Integer> fy = new ArrayList<>();
    for (int i = 0; i < f.y().length; i++) {
      if (f.folds()[i] != fold) {
        fx.add(f.x().get(i));
        fy.add(f.y()[i]);
      }
    }
    return model.withCalibration(ServiceCalibration.fit(fx, fy.stream().mapToInt(Integer::intValue).toArray()));
  }
}
