package io.switchboard.nlp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.AbstractModel;

/**
 * Measures a change to the sentiment model without the validation splits: trains, as {@code
 * train} does, on the training sets less a held-out fifth of every tweet set (picked by a hash of
 * the text) plus the customer-service training rows at the shipped weight, then scores that
 * fifth per set, tagged as the inbox tags (the language detected, the set's language as the
 * fallback). With {@code --uci-out} the UCI review sentences are left out of
 * training too and scored as a second domain: macro-F1 over negative and positive, a neutral
 * answer counting as a miss. Choices about the model are made on these figures; {@code eval}'s
 * validation splits only confirm them (ADR 0023, ADR 0025).
 *
 * <pre>
 * java -cp target/classes:$(cat cp.txt) io.switchboard.nlp.HeldOut ../shared/data [FOLD[,FOLD...]] [--uci-out]
 *     [--time-split] [--save FILE | --load FILE] [--variants] [--service-train W[,W...]]
 * </pre>
 *
 * FOLD is 0 to 4 (default 0); several folds are held out together. With {@code --time-split} the
 * English held-out set is not a fifth of the SemEval pool but its last file, {@value
 * #TIME_SPLIT_FILE} (the SemEval-2016 test tweets, the latest topics of the pool), and the rest
 * of the pool trains: topics the model never saw, as TweetEval's test split (SemEval-2017) has
 * (ADR 0042). The folds still pick the other languages' held-out fifths. {@code --save} keeps the
 * model as trained, before {@link Trainer#afterTraining}, and {@code --load} reads it back instead
 * of training (same split and folds only). {@code --variants} then scores every {@link
 * Trainer.Adjustment} of a small grid on the held-out sets and on the customer-service set, out of
 * fold with its calibration refitted as {@code train} does. {@code --service-train} compares
 * weights of the customer-service training rows instead ({@link #compareServiceTrain}, ADR 0055).
 */
public final class HeldOut {
  static final int FOLDS = 5;

  /** The SemEval pool's file held out whole by {@code --time-split}. */
  static final String TIME_SPLIT_FILE = "twitter-2016test-A.tsv";

  /** The name of the time-split held-out set. */
  static final String TIME_SPLIT_SET = "semeval-2016test";

  /** One set's held-out part: its size, macro-F1 and confusion (rows truth, columns answer). */
  record Score(String set, int size, double macroF1, int[][] confusion) {}

  /**
   * What to hold out and what to do with the trained model; {@code variants} empty scores the
   * shipped adjustment alone, without the customer-service set.
   */
  record Options(Set<Integer> folds, boolean uciOut, boolean timeSplit, Path save, Path load,
      List<Trainer.Adjustment> variants, List<Integer> serviceTrain) {
    Options(Set<Integer> folds, boolean uciOut, boolean timeSplit, Path save, Path load,
        List<Trainer.Adjustment> variants) {
      this(folds, uciOut, timeSplit, save, load, variants, List.of());
    }
  }

  /**
   * What {@code --service-train} measures for one weight: the held-out tweet sets and the
   * customer-service development set as the inbox tags it, per language and "cs-all".
   */
  record WeightScore(int weight, List<Score> tweets, List<Evaluator.SentimentScore> service) {
    Score tweetSet(String name) {
      return tweets.stream().filter(s -> s.set().equals(name)).findFirst().orElse(null);
    }

    Evaluator.SentimentScore serviceSet(String name) {
      return service.stream().filter(s -> s.set().equals(name)).findFirst().orElse(null);
    }
  }

  /** The post-training adjustments {@code --variants} tries (ADR 0042). */
  static final List<Trainer.Adjustment> VARIANTS = variants();

  private static List<Trainer.Adjustment> variants() {
    List<Trainer.Adjustment> v = new ArrayList<>();
    for (double lexicon : new double[] {1, 0.5}) {
      for (double prior : new double[] {0.5, 0, 1}) {
        for (double neutral : new double[] {0, 0.5, 1}) {
          v.add(new Trainer.Adjustment(prior, neutral, lexicon));
        }
      }
    }
    return List.copyOf(v);
  }

  private HeldOut() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: HeldOut <shared data dir> [FOLD[,FOLD...]] [--uci-out] "
          + "[--time-split] [--save FILE | --load FILE] [--variants] [--service-train W[,W...]]");
      System.exit(2);
    }
    Set<Integer> folds = new LinkedHashSet<>();
    boolean uciOut = false;
    boolean timeSplit = false;
    boolean variants = false;
    List<Integer> serviceTrain = new ArrayList<>();
    Path save = null;
    Path load = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--uci-out" -> uciOut = true;
        case "--time-split" -> timeSplit = true;
        case "--variants" -> variants = true;
        case "--save" -> save = Path.of(args[++i]);
        case "--load" -> load = Path.of(args[++i]);
        case "--service-train" -> {
          for (String w : args[++i].split(",")) {
            serviceTrain.add(Integer.parseInt(w.strip()));
          }
        }
        default -> {
          for (String f : args[i].split(",")) {
            folds.add(Integer.parseInt(f.strip()));
          }
        }
      }
    }
    run(Path.of(args[0]),
        new Options(folds.isEmpty() ? Set.of(0) : folds, uciOut, timeSplit, save, load,
            variants ? VARIANTS : List.of(), List.copyOf(serviceTrain)),
        System.out);
  }

  /** The fold of a training text, 0 to {@value #FOLDS} - 1: the same on every run. */
  static int fold(String text) {
    return Math.floorMod(SentimentData.key(text).hashCode(), FOLDS);
  }

  static List<Score> run(Path sharedData, Set<Integer> folds, boolean uciOut, PrintStream out)
      throws IOException {
    return run(sharedData, new Options(folds, uciOut, false, null, null, List.of()), out);
  }

  /**
   * Scores of the shipped adjustment (of the last variant when none is the shipped one); every
   * variant is printed.
   */
  static List<Score> run(Path sharedData, Options o, PrintStream out) throws IOException {
    for (int f : o.folds()) {
      if (f < 0 || f >= FOLDS) {
        throw new IllegalArgumentException("fold " + f + " is not 0 to " + (FOLDS - 1));
      }
    }
    QuietLogs.quietOpenNlp();
    Split split = split(sharedData, o);
    if (!o.serviceTrain().isEmpty()) {
      compareServiceTrain(split, o, out);
      return List.of();
    }
    // as train does: the customer-service training rows at the shipped weight
    List<SentimentData.Example> training = new ArrayList<>(split.training());
    training.addAll(SentimentData.serviceTraining(Trainer.serviceTrainWeight(), out));
    Map<String, List<SentimentData.Example>> held = split.held();
    long start = System.nanoTime();
    DoccatModel trained;
    if (o.load() != null) {
      trained = new DoccatModel(o.load());
    } else {
      trained = Trainer.trainRaw(training);
      if (o.save() != null) {
        trained.serialize(o.save());
      }
    }
    out.printf(Locale.ROOT, "held out%s folds %s of %d%s; %s %d examples in %.1f s%n",
        o.timeSplit() ? " " + TIME_SPLIT_FILE + " and" : "", o.folds(), FOLDS,
        o.uciOut() ? " and the UCI sentences" : "", o.load() != null ? "loaded, trained on"
            : "trained on", training.size(), (System.nanoTime() - start) / 1e9);
    LanguageDetector detector = LanguageDetector.load();
    List<Score> shipped = null;
    boolean variants = !o.variants().isEmpty();
    for (Trainer.Adjustment a : variants ? o.variants() : List.of(Trainer.Adjustment.SHIPPED)) {
      AbstractModel maxent =
          (AbstractModel) (variants || o.save() != null || o.load() != null
              ? reread(serialized(trained)).getMaxentModel()
              : trained.getMaxentModel());
      Trainer.afterTraining(maxent, training, a);
      out.println("adjustment: " + a);
      List<Score> scores = score(new SentimentModel(maxent), held, detector, out);
      if (variants) {
        serviceSet(new SentimentModel(maxent), detector, out);
      }
      if (shipped == null || a.equals(Trainer.Adjustment.SHIPPED)) {
        shipped = scores;
      }
    }
    return shipped;
  }

  /** The training examples and the held-out sets by name. */
  record Split(List<SentimentData.Example> training,
      Map<String, List<SentimentData.Example>> held) {}

  static Split split(Path sharedData, Options o) throws IOException {
    Set<String> timeSplit = o.timeSplit() ? timeSplitKeys(sharedData) : Set.of();
    List<SentimentData.Example> training = new ArrayList<>();
    Map<String, List<SentimentData.Example>> held = new LinkedHashMap<>();
    for (Map.Entry<String, List<SentimentData.Example>> set :
        SentimentData.trainingSets(sharedData).entrySet()) {
      boolean uci = set.getKey().equals(SentimentData.UCI);
      boolean pool = set.getKey().equals(SentimentData.SEMEVAL);
      for (SentimentData.Example e : set.getValue()) {
        if (pool && o.timeSplit()) {
          if (timeSplit.contains(SentimentData.key(e.text()))) {
            held.computeIfAbsent(TIME_SPLIT_SET, k -> new ArrayList<>()).add(e);
          } else {
            training.add(e);
          }
        } else if (uci ? o.uciOut() : o.folds().contains(fold(e.text()))) {
          held.computeIfAbsent(set.getKey(), k -> new ArrayList<>()).add(e);
        } else {
          training.add(e);
        }
      }
    }
    return new Split(training, held);
  }

  /**
   * {@code --service-train}: for each weight, trains on the split's training examples plus that
   * many copies of each customer-service training row ({@link SentimentData#serviceTraining}),
   * applies the shipped adjustment, and scores the held-out sets and the development set (out of
   * fold, calibration refitted, as {@code eval} reports it). With {@code --load FILE} a weight's
   * model is read from FILE with "-wW" before its extension when that file exists; with {@code
   * --save FILE} the models trained are written there. Ends with a table of the weights.
   */
  static List<WeightScore> compareServiceTrain(Split split, Options o, PrintStream out)
      throws IOException {
    LanguageDetector detector = LanguageDetector.load();
    List<WeightScore> results = new ArrayList<>();
    for (int weight : o.serviceTrain()) {
      List<SentimentData.Example> training = new ArrayList<>(split.training());
      training.addAll(SentimentData.serviceTraining(weight, out));
      Path load = o.load() == null ? null : withWeight(o.load(), weight);
      long start = System.nanoTime();
      double cpu = cpuSeconds();
      DoccatModel trained;
      if (load != null && Files.isRegularFile(load)) {
        trained = new DoccatModel(load);
      } else {
        load = null;
        trained = Trainer.trainRaw(training);
        if (o.save() != null) {
          trained.serialize(withWeight(o.save(), weight));
        }
      }
      out.printf(Locale.ROOT,
          "service-train weight %d: %s %d examples in %.1f s (%.1f CPU s)%n", weight,
          load != null ? "loaded, trained on" : "trained on", training.size(),
          (System.nanoTime() - start) / 1e9, cpuSeconds() - cpu);
      AbstractModel maxent = (AbstractModel) trained.getMaxentModel();
      Trainer.afterTraining(maxent, training, Trainer.Adjustment.SHIPPED);
      List<Score> tweets = score(new SentimentModel(maxent), split.held(), detector, out);
      results.add(new WeightScore(weight, tweets,
          serviceSet(new SentimentModel(maxent), detector, out)));
    }
    printWeights(results, out);
    return results;
  }

  private static void printWeights(List<WeightScore> results, PrintStream out) {
    out.println("service-train weights (held-out 2016 test, mean of the fold tweet sets; "
        + "development set out of fold: macro-F1, complaints tagged positive, macro-F1 by language)");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %6s %9s %9s %8s %9s",
        "weight", "2016test", "foldmean", "cs-all", "negAsPos"));
    for (String lang : Evaluator.LANGUAGES) {
      head.append(String.format(Locale.ROOT, " %6s", lang));
    }
    out.println(head);
    for (WeightScore r : results) {
      Score test = r.tweetSet(TIME_SPLIT_SET);
      Evaluator.SentimentScore all = r.serviceSet("cs-all");
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "  %6d %9s %9.3f %8.3f %8.1f%%", r.weight(),
          test == null ? "-" : String.format(Locale.ROOT, "%.3f", test.macroF1()),
          tweetMean(r.tweets()), all.macroF1(), 100 * all.negativeAsPositive()));
      for (String lang : Evaluator.LANGUAGES) {
        Evaluator.SentimentScore s = r.serviceSet("cs-" + lang);
        line.append(s == null ? String.format("%7s", "-")
            : String.format(Locale.ROOT, " %6.3f", s.macroF1()));
      }
      out.println(line);
    }
  }

  /** {@code file} with "-w" and the weight before its extension: raw.bin, 3 to raw-w3.bin. */
  static Path withWeight(Path file, int weight) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String named = dot < 0 ? name + "-w" + weight
        : name.substring(0, dot) + "-w" + weight + name.substring(dot);
    return file.resolveSibling(named);
  }

  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  /** The mean macro-F1 of the held-out fifths of the tweet sets (not UCI, not the time split). */
  static double tweetMean(List<Score> scores) {
    return scores.stream()
        .filter(s -> !s.set().equals(SentimentData.UCI) && !s.set().equals(TIME_SPLIT_SET))
        .mapToDouble(Score::macroF1).average().orElse(Double.NaN);
  }

  private static byte[] serialized(DoccatModel model) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    model.serialize(bytes);
    return bytes.toByteArray();
  }

  private static DoccatModel reread(byte[] bytes) throws IOException {
    return new DoccatModel(new java.io.ByteArrayInputStream(bytes));
  }

  /** The keys ({@link SentimentData#key}) of the texts of {@value #TIME_SPLIT_FILE}. */
  static Set<String> timeSplitKeys(Path sharedData) throws IOException {
    Path file = sharedData.resolve("sentiment").resolve(SentimentData.SEMEVAL_DIR)
        .resolve(TIME_SPLIT_FILE);
    Set<String> keys = new HashSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t", -1);
      if (parts.length >= 3) {
        keys.add(SentimentData.key(SentimentData.clean(parts[2])));
      }
    }
    return keys;
  }

  private static List<Score> score(SentimentModel model,
      Map<String, List<SentimentData.Example>> held, LanguageDetector detector, PrintStream out) {
    List<Score> scores = new ArrayList<>();
    out.printf("  %-16s %5s %8s   %s%n", "set", "n", "macroF1", "confusion (rows truth: neg neu pos)");
    for (Map.Entry<String, List<SentimentData.Example>> set : held.entrySet()) {
      int[][] confusion = new int[3][3];
      for (SentimentData.Example e : set.getValue()) {
        String language = detector.detect(e.text(), e.language()).language();
        confusion[Evaluator.labelIndex(e.label())]
            [Evaluator.labelIndex(model.classify(e.text(), language).label())]++;
      }
      boolean uci = set.getKey().equals(SentimentData.UCI);
      double f1 = uci ? Evaluator.macroF1(confusion, new int[] {0, 2}) : Evaluator.macroF1(confusion);
      Score s = new Score(set.getKey(), set.getValue().size(), f1, confusion);
      scores.add(s);
      out.printf(Locale.ROOT, "  %-16s %5d %8.3f   %s%n", s.set(), s.size(), s.macroF1(),
          Evaluator.rows(confusion));
    }
    long tweetSets = scores.stream()
        .filter(s -> !s.set().equals(SentimentData.UCI) && !s.set().equals(TIME_SPLIT_SET))
        .count();
    if (tweetSets > 0) {
      out.printf(Locale.ROOT, "  mean of the %d fold tweet sets %.3f%n", tweetSets,
          tweetMean(scores));
    }
    return scores;
  }

  /**
   * The customer-service set tagged as the inbox tags with {@code model} under a calibration
   * refitted for it, out of fold (as {@code eval} reports it): one score a language and "cs-all".
   */
  private static List<Evaluator.SentimentScore> serviceSet(
      SentimentModel model, LanguageDetector detector, PrintStream out) {
    NlpTagger tagger = new NlpTagger(detector, model, UrgencyRules.load(), null);
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    out.println("  customer-service development set, out of fold (calibration refitted):");
    return Evaluator.printCustomerService(rows, Evaluator.crossFittedAnswers(tagger, rows), out);
  }
}
