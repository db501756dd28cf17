package io.switchboard.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;

/**
 * Sentiment of a customer text: {@code negative}, {@code neutral} or {@code positive} with a score
 * (the probability of that label).
 *
 * <p>Two layers: an OpenNLP maxent document categorizer over {@link TextNormalizer} tokens with
 * {@link SentimentFeatures} (per-language and shared weights, trained by {@link Trainer}), and
 * customer-service phrases
 * ({@code /nlp/service-phrases.txt}: "still waiting", "on hold for 2 hours", "cancelled again"...)
 * that tweets and reviews do not teach, which push towards their polarity.
 *
 * <p>The model file is OpenNLP's, but it is evaluated here, like {@link LanguageDetector} does:
 * the weights are read once into a {@link FeatureWeights} table, and a text's features are looked
 * up by hash as {@link SentimentFeatures#features} yields them, without building the bigram and
 * per-language feature strings or OpenNLP's context arrays. The answer is the same as {@code
 * DocumentCategorizerME}'s (a test checks it), several times faster.
 *
 * <p>Immutable and thread-safe.
 */
public final class SentimentModel {
  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";
  public static final String POSITIVE = "positive";
  static final String[] LABELS = {NEGATIVE, NEUTRAL, POSITIVE};

  static final String RESOURCE = "/nlp/sentiment.bin";
  /** Where a {@code DoccatModel} file keeps its maxent model. */
  private static final String MODEL_ENTRY = "doccat.model";

  /** Log-odds a service phrase adds to its polarity; at most two phrases count. */
  private static final double PHRASE_WEIGHT = 1.2;

  private static final PhraseMatcher PHRASES = PhraseMatcher.load("/nlp/service-phrases.txt");

  /**
   * The answer.
   *
   * @param gated whether the complaint gate turned what would have been positive into negative
   *     (ADR 0071)
   */
  public record Sentiment(String label, double score, boolean gated) {
    public Sentiment(String label, double score) {
      this(label, score, false);
    }

    public boolean isNegative() {
      return NEGATIVE.equals(label);
    }

    public boolean isPositive() {
      return POSITIVE.equals(label);
    }
  }

  /** Weights (negative, neutral, positive) by feature as OpenNLP names it: "word", "de|word". */
  private final FeatureWeights weights;

  /** The customer-service calibration of the answer, or null for the model's answer as is. */
  private final ServiceCalibration calibration;

  /** The complaint gate after the calibration (ADR 0071), or null for none. */
  private final ComplaintGate gate;

  private SentimentModel(SentimentModel model, ServiceCalibration calibration, ComplaintGate gate) {
    this.weights = model.weights;
    this.calibration = calibration;
    this.gate = gate;
  }

  /** This model with {@code calibration} (null: none) on top, and its gate. */
  SentimentModel withCalibration(ServiceCalibration calibration) {
    return new SentimentModel(this, calibration, gate);
  }

  /** This model with the complaint gate {@code gate} (null: none) after the calibration. */
  SentimentModel withGate(ComplaintGate gate) {
    return new SentimentModel(this, calibration, gate);
  }

  ComplaintGate gate() {
    return gate;
  }

  /** The threshold at which the gate closes; {@link ComplaintGate#OFF} when there is none. */
  double gateThreshold() {
    return gate == null ? ComplaintGate.OFF : gate.threshold();
  }

  boolean isCalibrated() {
    return calibration != null;
  }

  SentimentModel(AbstractModel maxent) {
    this.calibration = null;
    this.gate = null;
    Object[] data = maxent.getDataStructures();
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap = (Map<String, Context>) data[1];
    String[] outcomes = (String[]) data[2];
    int[] labelOf = new int[outcomes.length];
    for (int o = 0; o < outcomes.length; o++) {
      labelOf[o] = List.of(LABELS).indexOf(outcomes[o]);
    }
    for (String label : LABELS) {
      if (!List.of(outcomes).contains(label)) {
        throw new IllegalArgumentException("model has no label " + label);
      }
    }
    FeatureWeights table = new FeatureWeights(pmap.size(), LABELS.length);
    double[] w = new double[LABELS.length];
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      java.util.Arrays.fill(w, 0);
      int[] outs = e.getValue().getOutcomes();
      double[] params = e.getValue().getParameters();
      for (int j = 0; j < outs.length; j++) {
        if (labelOf[outs[j]] >= 0) {
          w[labelOf[outs[j]]] = params[j];
        }
      }
      table.put(e.getKey(), w);
    }
    this.weights = table;
  }

  /**
   * Loads the shipped model ({@value #RESOURCE}) with its customer-service calibration ({@value
   * ServiceCalibration#RESOURCE}) when that is packaged.
   */
  public static SentimentModel load() {
    // immutable and a few hundred MB while loading: every tagger of this JVM shares one copy
    SentimentModel model = shipped;
    if (model == null) {
      synchronized (SentimentModel.class) {
        model = shipped;
        if (model == null) {
          model = loadShipped();
          shipped = model;
        }
      }
    }
    return model;
  }

  private static volatile SentimentModel shipped;

  private static SentimentModel loadShipped() {
    try (InputStream in = SentimentModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      SentimentModel model = new SentimentModel(ModelFiles.readMaxent(in, MODEL_ENTRY))
          .withGate(ComplaintGate.packaged());
      try (InputStream cal =
          SentimentModel.class.getResourceAsStream(ServiceCalibration.RESOURCE)) {
        return cal == null ? model : model.withCalibration(ServiceCalibration.read(cal));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a model written by {@link Trainer}, with the calibration written beside it if any. */
  public static SentimentModel load(Path file) throws IOException {
    SentimentModel model;
    try (InputStream in = Files.newInputStream(file)) {
      model = new SentimentModel(ModelFiles.readMaxent(in, MODEL_ENTRY));
    }
    Path gateFile = file.resolveSibling(ComplaintGate.FILE);
    model = model.withGate(
        Files.isRegularFile(gateFile) ? ComplaintGate.load(gateFile) : ComplaintGate.packaged());
    Path cal = file.resolveSibling(ServiceCalibration.FILE);
    if (Files.isRegularFile(cal)) {
      try (InputStream in = Files.newInputStream(cal)) {
        return model.withCalibration(ServiceCalibration.read(in));
      }
    }
    return model;
  }

  /**
   * @param language ISO 639-1 code of the text, or {@code und}/null when unknown: then only the
   *     weights shared by all languages answer
   */
  public Sentiment classify(String text, String language) {
    return classify(text, PhraseMatcher.words(text), language);
  }

  Sentiment classify(String text, List<String> words, String language) {
    return classify(text, words, ComplaintEvents.DEFAULT.find(words).orElse(null), language);
  }

  /**
   * @param event the complaint event {@code words} state ({@link ComplaintEvents}), or null: a
   *     text with one is never positive
   */
  Sentiment classify(
      String text, List<String> words, ComplaintEvents.Event event, String language) {
    double[] p = calibrated(text, words, event, language);
    double[] q = gated(text, event, language, p);
    int best = ServiceCalibration.argmax(q);
    return new Sentiment(LABELS[best], q[best], q != p && best == 0);
  }

  /** The probabilities (negative, neutral, positive) that {@link #classify} answers from. */
  double[] distribution(
      String text, List<String> words, ComplaintEvents.Event event, String language) {
    return gated(text, event, language, calibrated(text, words, event, language));
  }

  /** {@code p}, or a new array when the gate finds a complaint in what {@code p} calls praise. */
  private double[] gated(String text, ComplaintEvents.Event event, String language, double[] p) {
    if (gate == null || calibration == null) {
      return p;
    }
    // reads as a complaint: never praise (ADR 0071)
    return ServiceCalibration.gated(
        p, event != null, () -> gate.complaint(text, language), gate.threshold());
  }

  private double[] calibrated(
      String text, List<String> words, ComplaintEvents.Event event, String language) {
    double[] p = uncalibrated(text, words, event, language);
    if (calibration != null) {
      p = calibration.apply(ServiceCalibration.features(p, text, words, event != null));
    } else if (event != null) {
      p[2] = 0; // a complaint event is never praise
      normalize(p);
    }
    if (event != null && calibration != null) {
      // a complaint stated as an event ("third email", "charged twice") is a complaint, also when
      // it has no negative word: neither praise nor neutral (issue 20, ADR 0027)
      p = new double[] {p[0] + p[1] + p[2], 0, 0};
    }
    return p;
  }

  /**
   * The features {@link ServiceCalibration} reads for a text: from this model's answer without
   * any calibration.
   */
  double[] serviceFeatures(
      String text, List<String> words, ComplaintEvents.Event event, String language) {
    double[] x = ServiceCalibration.features(
        uncalibrated(text, words, event, language), text, words, event != null);
    if (gate == null) {
      return x;
    }
    // the gate's P(complaint) rides after the weighted features (ServiceCalibration.gated)
    double[] withGate = java.util.Arrays.copyOf(x, ServiceCalibration.GATE + 1);
    withGate[ServiceCalibration.GATE] = gate.complaint(text, language);
    return withGate;
  }

  /** The model's probabilities moved by the service phrases. */
  private double[] uncalibrated(
      String text, List<String> words, ComplaintEvents.Event event, String language) {
    double[] p = probabilities(text, event, language);
    int negativeHits = 0;
    int positiveHits = 0;
    for (PhraseMatcher.Hit h : PHRASES.find(words)) {
      if (h.category().equals(NEGATIVE)) {
        negativeHits++;
      } else if (h.category().equals(POSITIVE)) {
        positiveHits++;
      }
    }
    p[0] *= Math.exp(PHRASE_WEIGHT * Math.min(negativeHits, 2));
    p[2] *= Math.exp(PHRASE_WEIGHT * Math.min(positiveHits, 2));
    normalize(p);
    return p;
  }

  /** Model probabilities: negative, neutral, positive. */
  double[] probabilities(String text, String language) {
    return probabilities(
        text, ComplaintEvents.DEFAULT.find(text).orElse(null), language);
  }

  private double[] probabilities(String text, ComplaintEvents.Event event, String language) {
    String lang = language == null || language.equals(Iso639.UNDETERMINED) ? null : language;
    String[] tokens = TextNormalizer.tokens(text, lang).toArray(new String[0]);
    FeatureHashes hashes = HASHES.get();
    hashes.start(lang);
    SentimentFeatures.features(tokens, lang, hashes);
    SentimentFeatures.textFeatures(
        event == null ? null : event.kind(), SentimentFeatures.isQuestion(text), hashes);
    hashes.bias();
    double[] sum = new double[LABELS.length];
    weights.addAll(hashes.hashes, hashes.size, sum);
    double max = Math.max(sum[0], Math.max(sum[1], sum[2]));
    for (int i = 0; i < sum.length; i++) {
      sum[i] = Math.exp(sum[i] - max);
    }
    normalize(sum);
    return sum;
  }

  private static final ThreadLocal<FeatureHashes> HASHES =
      ThreadLocal.withInitial(FeatureHashes::new);

  /**
   * Collects the hashes of a text's features in the order OpenNLP's categorizer adds their
   * weights: each feature, then its copy under the language ("de|" + feature, by continuing the
   * hash of "de|"), and last the language's bias feature "de|". A bigram continues the hashes
   * its first word already has. One per thread, reused.
   */
  private static final class FeatureHashes implements SentimentFeatures.Sink {
    long[] hashes = new long[256];
    int size;
    private boolean hasLanguage;
    private long own;
    private String lastWord;
    private long lastShared;
    private long lastOwn;

    void start(String language) {
      size = 0;
      hasLanguage = language != null;
      own = hasLanguage
          ? FeatureWeights.hash(FeatureWeights.hash(FeatureWeights.START, language), '|')
          : 0;
      lastWord = null;
    }

    void bias() {
      if (hasLanguage) {
        add(own);
      }
    }

    @Override
    public void feature(String feature, boolean perLanguage) {
      long shared = FeatureWeights.hash(FeatureWeights.START, feature);
      add(shared);
      if (!perLanguage) {
        return;
      }
      lastWord = feature;
      lastShared = shared;
      if (hasLanguage) {
        lastOwn = FeatureWeights.hash(own, feature);
        add(lastOwn);
      }
    }

    @Override
    public void bigram(String first, String second) {
      long shared;
      long ownFirst;
      if (first == lastWord) {
        shared = lastShared;
        ownFirst = lastOwn;
      } else {
        shared = FeatureWeights.hash(FeatureWeights.START, first);
        ownFirst = hasLanguage ? FeatureWeights.hash(own, first) : 0;
      }
      add(FeatureWeights.hash(FeatureWeights.hash(shared, ' '), second));
      if (hasLanguage) {
        add(FeatureWeights.hash(FeatureWeights.hash(ownFirst, ' '), second));
      }
    }

    private void add(long hash) {
      if (size == hashes.length) {
        hashes = java.util.Arrays.copyOf(hashes, size * 2);
      }
      hashes[size++] = hash;
    }
  }

  private static void normalize(double[] p) {
    double sum = 0;
    for (double v : p) {
      sum += v;
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
  }

}
