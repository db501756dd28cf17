package io.switchboard.nlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Rebuilds the shipped sentiment model, {@code src/main/resources/nlp/sentiment.bin}, from the
 * shared data ({@link SentimentData#training}: the SemEval 2013–2016 tweets, UMSAB's non-English
 * train splits, the UCI review sentences), the project's customer-service training rows ({@link
 * #SERVICE_TRAIN_WEIGHT} copies each, never the development set) and people's corrections. Never
 * the evaluation splits: {@link Evaluator} measures on those. Beside it go the {@link
 * ComplaintGate} ({@code complaint-gate.bin}, trained on the customer-service training rows alone),
 * the customer-service calibration and its out-of-fold confusion.
 *
 * <pre>
 * java -cp target/classes:$(cat cp.txt) io.switchboard.nlp.Trainer ../shared/data src/main/resources/nlp
 * </pre>
 *
 * Corrections also go, whole, into a {@link CorrectionMemory} written next to the model: a message
 * nearly the same as a corrected one then gets the agent's sentiment and urgency. Urgency is
 * otherwise rules; corrections of urgency are checked against the rules and the disagreements
 * printed, for whoever edits {@code /nlp/urgency-phrases.txt}.
 */
public final class Trainer {
  /** A correction counts as much as this many data set examples. */
  static final int CORRECTION_WEIGHT = 3;

  /**
   * How many copies of each customer-service training row ({@code nlp/customer-service/train/})
   * go into the training examples unless {@code -Dnlp.serviceTrainWeight} says otherwise; 0
   * leaves them out (ADR 0055).
   */
  static final int SERVICE_TRAIN_WEIGHT = 1;

  /** The sentiment model's file name in the output folder. */
  static final String SENTIMENT_FILE = "sentiment.bin";

  /** The file of the model's out-of-sample confusion on the customer-service set. */
  static final String CONFUSION_FILE = "sentiment-confusion.tsv";

  private Trainer() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Trainer <shared data dir> <output dir> [--calibrate-only]");
      System.exit(2);
    }
    if (args.length > 2 && args[2].equals("--calibrate-only")) {
      // refits the customer-service calibration of the sentiment.bin already in the output dir
      Path out = Path.of(args[1]);
      ComplaintGate gate = trainGate(out);
      calibrate(SentimentModel.load(out.resolve(SENTIMENT_FILE)).withCalibration(null)
          .withGate(gate), out);
      return;
    }
    train(Path.of(args[0]), Path.of(args[1]), List.of());
  }

  /** Trains and writes {@code outDir/sentiment.bin}; returns nothing, prints a short summary. */
  public static void train(Path sharedData, Path outDir, List<Correction> corrections)
      throws IOException {
    QuietLogs.quietOpenNlp();
    List<SentimentData.Example> examples = new ArrayList<>(SentimentData.training(sharedData));
    examples.addAll(SentimentData.serviceTraining(serviceTrainWeight(), System.out));
    LanguageDetector detector = corrections.isEmpty() ? null : LanguageDetector.load();
    int added = 0;
    for (Correction c : corrections) {
      if (c.sentiment() == null || c.text() == null) {
        continue;
      }
      String label = c.sentiment().toLowerCase(Locale.ROOT);
      if (!List.of(SentimentModel.LABELS).contains(label)) {
        throw new IllegalArgumentException("unknown sentiment in correction: " + c.sentiment());
      }
      String lang = c.language() != null ? c.language() : detector.detect(c.text()).language();
      for (int i = 0; i < CORRECTION_WEIGHT; i++) {
        examples.add(new SentimentData.Example(c.text(), lang, label));
      }
      added++;
    }
    long start = System.nanoTime();
    DoccatModel model = trainSentiment(examples);
    Files.createDirectories(outDir);
    Path out = outDir.resolve(SENTIMENT_FILE);
    model.serialize(out);
    System.out.printf(
        Locale.ROOT,
        "sentiment: %d examples (%d corrections) in %.1f s -> %s (%d KB)%n",
        examples.size(), added, (System.nanoTime() - start) / 1e9, out, Files.size(out) / 1024);
    ComplaintGate gate = trainGate(outDir);
    calibrate(new SentimentModel((AbstractModel) model.getMaxentModel()).withGate(gate), outDir);
    CorrectionMemory memory = CorrectionMemory.of(corrections);
    Path memoryFile = outDir.resolve(CorrectionMemory.FILE);
    if (memory.isEmpty()) {
      Files.deleteIfExists(memoryFile);
    } else {
      memory.write(memoryFile);
      System.out.printf(Locale.ROOT, "corrections: %d corrected texts -> %s%n", memory.size(),
          memoryFile);
    }
    checkUrgency(corrections);
  }

  /**
   * Fits the {@link ServiceCalibration} of {@code model} on the customer-service development set
   * and writes it ({@value ServiceCalibration#FILE}) beside the model, with the confusion counts
   * ({@code true<TAB>predicted<TAB>count}) that the digest's share correction reads. Those counts
   * are out-of-sample: each fifth of the set is answered by a calibration fitted on the other
   * four fifths ({@link ServiceCalibration#crossFitted}), and the tweet model never trains on the
   * set. Returns the calibrated model.
   */
  static SentimentModel calibrate(SentimentModel model, Path outDir) throws IOException {
    NlpTagger tagger = new NlpTagger(LanguageDetector.load(), model, UrgencyRules.load(), null);
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, rows);
    ServiceCalibration calibration = ServiceCalibration.fit(f.x(), f.y());
    calibration.write(outDir.resolve(ServiceCalibration.FILE),
        "Customer-service calibration of sentiment.bin (ServiceCalibration), fitted by `train`\n"
            + "on the " + rows.size() + " messages of nlp/customer-service/*.tsv. Columns: bias, "
            + "log-probabilities\n(negative, neutral, positive, centred), complaint event, "
            + "question, contrast word,\nscare quotes, contrast x log-probabilities, quotes x "
            + "log-probabilities,\nnegative words after the contrast, positive words before it, "
            + "sarcasm marker, sarcasm x\npositive log-probability.");
    int[] answers = ServiceCalibration.crossFitted(f.x(), f.y(), f.folds(),
        ServiceCalibration.MAX_COMPLAINTS_POSITIVE, model.gateThreshold());
    int[][] c = new int[3][3];
    for (int i = 0; i < answers.length; i++) {
      c[f.y()[i]][answers[i]]++;
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Out-of-sample confusion of the shipped sentiment model (sentiment.bin with its");
    lines.add("# customer-service calibration) on the customer-service development set");
    lines.add("# (nlp/customer-service/*.tsv, " + rows.size() + " messages). The tweet model never"
        + " trains on the set;");
    lines.add("# the calibration does, so each fifth of the set (by id) was answered by a calibration");
    lines.add("# fitted on the other four fifths (cross-fitting). Written by `train`.");
    lines.add("# true<TAB>predicted<TAB>count, labels negative/neutral/positive.");
    for (int t = 0; t < 3; t++) {
      for (int p = 0; p < 3; p++) {
        lines.add(SentimentModel.LABELS[t] + "\t" + SentimentModel.LABELS[p] + "\t" + c[t][p]);
      }
    }
    Path file = outDir.resolve(CONFUSION_FILE);
    Files.write(file, lines, java.nio.charset.StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT,
        "customer-service calibration: positive scale %.2f; out-of-fold on %d messages macro-F1 "
            + "%.3f, complaints tagged positive %.1f %% -> %s%n",
        calibration.positiveScale(), rows.size(), Evaluator.macroF1(c),
        100.0 * c[0][2] / Math.max(1, c[0][0] + c[0][1] + c[0][2]), file);
    return model.withCalibration(calibration);
  }

  /**
   * Trains the {@link ComplaintGate} on the customer-service training rows alone (one copy each,
   * those also in the development set left out, as for the tweet model) and writes it ({@value
   * ComplaintGate#FILE}) to {@code outDir}; returns it at {@link ComplaintGate#THRESHOLD}. Always
   * written, also when {@code -Dnlp.gate=off} keeps it from tagging (ADR 0071).
   */
  static ComplaintGate trainGate(Path outDir) throws IOException {
    QuietLogs.quietOpenNlp();
    List<SentimentData.Example> rows = SentimentData.serviceTraining(1, System.out);
    long start = System.nanoTime();
    DoccatModel gate = ComplaintGate.train(rows);
    Files.createDirectories(outDir);
    Path out = outDir.resolve(ComplaintGate.FILE);
    gate.serialize(out);
    System.out.printf(Locale.ROOT, "complaint gate: %d rows in %.1f s -> %s (%d KB), threshold %s%n",
        rows.size(), (System.nanoTime() - start) / 1e9, out, Files.size(out) / 1024,
        ComplaintGate.THRESHOLD > 1 ? "off" : String.valueOf(ComplaintGate.THRESHOLD));
    return new ComplaintGate((AbstractModel) gate.getMaxentModel(), ComplaintGate.THRESHOLD);
  }

  /** {@link #SERVICE_TRAIN_WEIGHT}, or {@code -Dnlp.serviceTrainWeight} when set. */
  static int serviceTrainWeight() {
    return Integer.getInteger("nlp.serviceTrainWeight", SERVICE_TRAIN_WEIGHT);
  }

  static DoccatModel trainSentiment(List<SentimentData.Example> examples) throws IOException {
    DoccatModel model = trainRaw(examples);
    afterTraining((AbstractModel) model.getMaxentModel(), examples, Adjustment.SHIPPED);
    return model;
  }

  /** {@link #trainSentiment} without {@link #afterTraining}: what {@link HeldOut} varies. */
  static DoccatModel trainRaw(List<SentimentData.Example> examples) throws IOException {
    List<DocumentSample> samples = new ArrayList<>(examples.size());
    for (SentimentData.Example e : examples) {
      String lang = e.language() == null ? Iso639.UNDETERMINED : e.language();
      String[] tokens = TextNormalizer.tokens(e.text(), lang).toArray(new String[0]);
      samples.add(
          new DocumentSample(e.label(), tokens, SentimentFeatures.extra(e.text(), lang)));
    }
    return DocumentCategorizerME.train(
        "mul", ObjectStreamUtils.createObjectStream(samples), parameters(), factory());
  }

  /**
   * What is done to a trained model's weights before it ships: how much of each language's class
   * mix comes out of its bias ({@link #balancePriors}), log-odds added to neutral in every
   * language's bias, and a factor on the weights of the lexicon features ({@code LEX_*}, {@code
   * V_*}). Cheap to vary on one trained model, so {@link HeldOut} compares them on held-out data.
   */
  record Adjustment(double priorBalance, double neutralOffset, double lexiconScale) {
    static final Adjustment SHIPPED = new Adjustment(PRIOR_BALANCE, 0, 1);

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "prior %.2f neutral %+.2f lexicon %.2f", priorBalance,
          neutralOffset, lexiconScale);
    }
  }

  /** Applies {@code a} to a freshly trained model's weights (see {@link Adjustment}). */
  static void afterTraining(
      AbstractModel model, List<SentimentData.Example> examples, Adjustment a) {
    balancePriors(model, examples, a.priorBalance(), a.neutralOffset());
    if (a.lexiconScale() != 1) {
      Object[] data = model.getDataStructures();
      @SuppressWarnings("unchecked")
      Map<String, Context> pmap = (Map<String, Context>) data[1];
      for (Map.Entry<String, Context> e : pmap.entrySet()) {
        if (SentimentFeatures.isLexiconFeature(e.getKey())) {
          double[] params = e.getValue().getParameters();
          for (int j = 0; j < params.length; j++) {
            params[j] *= a.lexiconScale();
          }
        }
      }
    }
  }

  /**
   * How much of a language's class mix {@link #balancePriors} takes out: 1 all of it, 0 none.
   * Half: with all of it, text the model knows nothing about went to the rarest class
   * (negative, 16 % of the SemEval tweets), and SemEval-2017's neutral topic tweets with it
   * (ADR 0027).
   */
  static final double PRIOR_BALANCE = 0.5;

  /**
   * Takes each language's class mix out of its bias feature ("en|"): adds {@code -log(share of
   * the class)} in that language's training examples, as if every language had been trained on
   * equal numbers of negative, neutral and positive texts. Macro-F1 weighs the three classes
   * alike, and the mix a model meets is not the one it learnt from (TweetEval's training tweets
   * are 19 % positive, its validation tweets 41 %, customer-service tweets about 65 % negative),
   * so the model should not carry one. Languages without all three classes are left alone. The
   * change is to the model's weights, so OpenNLP's categorizer and {@link SentimentModel} still
   * agree. {@code share} says how much of the mix comes out (1 all of it); {@code neutralOffset}
   * is added to neutral's log-odds besides.
   */
  static void balancePriors(
      AbstractModel model, List<SentimentData.Example> examples, double share,
      double neutralOffset) {
    Object[] data = model.getDataStructures();
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap = (Map<String, Context>) data[1];
    String[] outcomes = (String[]) data[2];
    Map<String, int[]> counts = new HashMap<>();
    for (SentimentData.Example e : examples) {
      if (e.language() != null && !e.language().equals(Iso639.UNDETERMINED)) {
        int[] c = counts.computeIfAbsent(e.language(), k -> new int[outcomes.length]);
        c[List.of(outcomes).indexOf(e.label())]++;
      }
    }
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      Context bias = pmap.get(e.getKey() + "|");
      int[] c = e.getValue();
      if (bias == null || bias.getOutcomes().length != outcomes.length
          || Arrays.stream(c).anyMatch(n -> n == 0)) {
        continue;
      }
      int total = Arrays.stream(c).sum();
      double[] offset = new double[outcomes.length];
      for (int o = 0; o < outcomes.length; o++) {
        offset[o] = -share * Math.log(c[o] / (double) total)
            + (outcomes[o].equals(SentimentModel.NEUTRAL) ? neutralOffset : 0);
      }
      double mean = Arrays.stream(offset).average().orElse(0);
      int[] outs = bias.getOutcomes();
      double[] params = bias.getParameters();
      for (int j = 0; j < outs.length; j++) {
        params[j] += offset[outs[j]] - mean;
      }
    }
  }

  static TrainingParameters parameters() {
    TrainingParameters p = new TrainingParameters();
    p.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
    p.put(TrainingParameters.ITERATIONS_PARAM, Integer.getInteger("nlp.iterations", 200));
    p.put(TrainingParameters.CUTOFF_PARAM, Integer.getInteger("nlp.cutoff", 2));
    p.put("L2Cost", 3.0);
    p.put("L1Cost", 0.0);
    p.put(TrainingParameters.THREADS_PARAM, Math.max(1, Runtime.getRuntime().availableProcessors()));
    return p;
  }

  static DoccatFactory factory() {
    return new DoccatFactory(new FeatureGenerator[] {new SentimentFeatures()});
  }

  private static void checkUrgency(List<Correction> corrections) {
    UrgencyRules rules = UrgencyRules.load();
    int checked = 0;
    int agree = 0;
    for (Correction c : corrections) {
      if (c.urgency() == null || c.text() == null) {
        continue;
      }
      checked++;
      UrgencyRules.Urgency u = rules.assess(c.text(), null, ConversationFacts.Facts.NONE, false);
      if (u.level().equals(c.urgency())) {
        agree++;
      } else {
        System.out.printf("urgency correction: rules say %s %s, person says %s: %s%n",
            u.level(), u.reasons(), c.urgency(), c.text());
      }
    }
    if (checked > 0) {
      System.out.printf("urgency corrections: %d of %d agree with the rules%n", agree, checked);
    }
  }
}
