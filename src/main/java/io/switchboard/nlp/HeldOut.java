package io.switchboard.nlp;

import java.io.IOException;
import java.io.PrintStream;
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
 * </pre>
 *
 * FOLD is 0 to 4 (default 0); several folds are held out together.
 */
public final class HeldOut {
  static final int FOLDS = 5;

  /** One set's held-out part: its size, macro-F1 and confusion (rows truth, columns answer). */
  record Score(String set, int size, double macroF1, int[][] confusion) {}

  private HeldOut() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: HeldOut <shared data dir> [FOLD[,FOLD...]] [--uci-out]");
      System.exit(2);
    }
    Set<Integer> folds = new LinkedHashSet<>();
    boolean uciOut = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--uci-out")) {
        uciOut = true;
      } else {
        for (String f : args[i].split(",")) {
          folds.add(Integer.parseInt(f.strip()));
        }
      }
    }
    run(Path.of(args[0]), folds.isEmpty() ? Set.of(0) : folds, uciOut, System.out);
  }

  /** The fold of a training text, 0 to {@value #FOLDS} - 1: the same on every run. */
  static int fold(String text) {
    return Math.floorMod(SentimentData.key(text).hashCode(), FOLDS);
  }

  static List<Score> run(Path sharedData, Set<Integer> folds, boolean uciOut, PrintStream out)
      throws IOException {
    for (int f : folds) {
      if (f < 0 || f >= FOLDS) {
        throw new IllegalArgumentException("fold " + f + " is not 0 to " + (FOLDS - 1));
      }
    }
    QuietLogs.quietOpenNlp();
    List<SentimentData.Example> training = new ArrayList<>();
    Map<String, List<SentimentData.Example>> held = new LinkedHashMap<>();
    for (Map.Entry<String, List<SentimentData.Example>> set :
        SentimentData.trainingSets(sharedData).entrySet()) {
      boolean uci = set.getKey().equals(SentimentData.UCI);
      for (SentimentData.Example e : set.getValue()) {
        if (uci ? uciOut : folds.contains(fold(e.text()))) {
          held.computeIfAbsent(set.getKey(), k -> new ArrayList<>()).add(e);
        } else {
          training.add(e);
        }
      }
    }
    long start = System.nanoTime();
    SentimentModel model =
        new SentimentModel((AbstractModel) Trainer.trainSentiment(training).getMaxentModel());
    out.printf(Locale.ROOT, "held out folds %s of %d%s; trained on %d examples in %.1f s%n",
        folds, FOLDS, uciOut ? " and the UCI sentences" : "", training.size(),
        (System.nanoTime() - start) / 1e9);
    LanguageDetector detector = LanguageDetector.load();
    List<Score> scores = new ArrayList<>();
    out.printf("  %-14s %5s %8s   %s%n", "set", "n", "macroF1", "confusion (rows truth: neg neu pos)");
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
      if (!uci) {
        tweets += f1;
        tweetSets++;
      }
      Score s = new Score(set.getKey(), set.getValue().size(), f1, confusion);
      scores.add(s);
      out.printf(Locale.ROOT, "  %-14s %5d %8.3f   %s%n", s.set(), s.size(), s.macroF1(),
          Evaluator.rows(confusion));
    }
    if (tweetSets > 0) {
      out.printf(Locale.ROOT, "  mean of the %d tweet sets %.3f%n", tweetSets, tweets / tweetSets);
    }
    return scores;
  }
}
