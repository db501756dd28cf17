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
 * the text), then scores that fifth per set, tagged as the inbox tags (the language detected, the
 * set's language as the fallback). With {@code --uci-out} the UCI review sentences are left out of
 * training too and scored as a second domain: macro-F1 over negative and positive, a neutral
 * answer counting as a miss. Choices about the model are made on these figures; {@code eval}'s
 * validation splits only confirm them (ADR 0023, ADR 0025).
 *
 * <pre>
 * java -cp target/classes:$(cat cp.txt) io.switchboard.nlp.HeldOut ../shared/data [FOLD[,FOLD...]] [--uci-out]
 *     [--time-split] [--save FILE | --load FILE] [--variants]
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
 * fold with its calibration refitted as {@code train} does.
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
      List<Trainer.Adjustment> variants) {}

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
          + "[--time-split] [--save FILE | --load FILE] [--variants]");
      System.exit(2);
    }
    Set<Integer> folds = new LinkedHashSet<>();
    boolean uciOut = false;
    boolean timeSplit = false;
    boolean variants = false;
    Path save = null;
    Path load = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--uci-out" -> uciOut = true;
        case "--time-split" -> timeSplit = true;
        case "--variants" -> variants = true;
        case "--save" -> save = Path.of(args[++i]);
        case "--load" -> load = Path.of(args[++i]);
        default -> {
          for (String f : args[i].split(",")) {
            folds.add(Integer.parseInt(f.strip()));
          }
        }
      }
    }
    run(Path.of(args[0]),
        new Options(folds.isEmpty() ? Set.of(0) : folds, uciOut, timeSplit, save, load,
            variants ? VARIANTS : List.of()),
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
    double tweets = 0;
    int tweetSets = 0;
    for (Map.Entry<String, List<SentimentData.Example>> set : held.entrySet()) {
      int[][] confusion = new int[3][3];
      for (SentimentData.Example e : set.getValue()) {
        String language = detector.detect(e.text(), e.language()).language();
        confusion[Evaluator.labelIndex(e.label())]
            [Evaluator.labelIndex(model.classify(e.text(), language).label())]++;
      }
      boolean uci = set.getKey().equals(SentimentData.UCI);
      double f1 = uci ? Evaluator.macroF1(confusion, new int[] {0, 2}) : Evaluator.macroF1(confusion);
      if (!uci && !set.getKey().equals(TIME_SPLIT_SET)) {
        tweets += f1;
        tweetSets++;
      }
      Score s = new Score(set.getKey(), set.getValue().size(), f1, confusion);
      scores.add(s);
      out.printf(Locale.ROOT, "  %-16s %5d %8.3f   %s%n", s.set(), s.size(), s.macroF1(),
          Evaluator.rows(confusion));
    }
    if (tweetSets > 0) {
      out.printf(Locale.ROOT, "  mean of the %d fold tweet sets %.3f%n", tweetSets,
          tweets / tweetSets);
    }
    return scores;
  }

  /**
   * The customer-service set tagged as the inbox tags with {@code model} under a calibration
   * refitted for it, out of fold (as {@code eval} reports it).
   */
  private static void serviceSet(
      SentimentModel model, LanguageDetector detector, PrintStream out) {
    NlpTagger tagger = new NlpTagger(detector, model, UrgencyRules.load(), null);
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, rows);
    int[] answers = ServiceCalibration.crossFitted(f.x(), f.y(), f.folds());
    int[][] c = new int[3][3];
    for (int i = 0; i < answers.length; i++) {
      c[f.y()[i]][answers[i]]++;
    }
    out.printf(Locale.ROOT, "  %-16s %5d %8.3f   %s   complaints positive %.1f %%%n",
        "customer-service", rows.size(), Evaluator.macroF1(c), Evaluator.rows(c),
        100.0 * c[0][2] / Math.max(1, c[0][0] + c[0][1] + c[0][2]));
  }
}
