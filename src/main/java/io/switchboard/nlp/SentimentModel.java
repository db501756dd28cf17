package io.switchboard.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.FeatureGenerator;

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
 * <p>Thread-safe: {@code DocumentCategorizerME} is not, so each thread gets its own.
 */
public final class SentimentModel {
  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";
  public static final String POSITIVE = "positive";
  static final String[] LABELS = {NEGATIVE, NEUTRAL, POSITIVE};

  static final String RESOURCE = "/nlp/sentiment.bin";

  /** Log-odds a service phrase adds to its polarity; at most two phrases count. */
  private static final double PHRASE_WEIGHT = 1.2;

  private static final PhraseMatcher PHRASES = PhraseMatcher.load("/nlp/service-phrases.txt");

  /** The answer. */
  public record Sentiment(String label, double score) {
    public boolean isNegative() {
      return NEGATIVE.equals(label);
    }
  }

  private final DoccatModel model;
  private final ThreadLocal<DocumentCategorizerME> categorizer;
  private final int[] labelIndex;

  SentimentModel(DoccatModel model) {
    this.model = model;
    model.getFactory().setFeatureGenerators(new FeatureGenerator[] {new SentimentFeatures()});
    this.categorizer = ThreadLocal.withInitial(() -> new DocumentCategorizerME(model));
    DocumentCategorizerME probe = new DocumentCategorizerME(model);
    labelIndex = new int[LABELS.length];
    for (int i = 0; i < LABELS.length; i++) {
      labelIndex[i] = probe.getIndex(LABELS[i]);
      if (labelIndex[i] < 0) {
        throw new IllegalArgumentException("model has no label " + LABELS[i]);
      }
    }
  }

  /** Loads the shipped model ({@value #RESOURCE}). */
  public static SentimentModel load() {
    try (InputStream in = SentimentModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new SentimentModel(new DoccatModel(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a model written by {@link Trainer}. */
  public static SentimentModel load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new SentimentModel(new DoccatModel(in));
    }
  }

  /**
   * @param language ISO 639-1 code of the text, or {@code und}/null when unknown: then only the
   *     weights shared by all languages answer
   */
  public Sentiment classify(String text, String language) {
    return classify(text, PhraseMatcher.words(text), language);
  }

  Sentiment classify(String text, List<String> words, String language) {
    double[] p = probabilities(text, language);
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
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return new Sentiment(LABELS[best], p[best]);
  }

  /** Model probabilities: negative, neutral, positive. */
  double[] probabilities(String text, String language) {
    String lang = language == null || language.equals(Iso639.UNDETERMINED) ? null : language;
    String[] tokens = TextNormalizer.tokens(text, lang).toArray(new String[0]);
    Map<String, Object> extra =
        lang == null ? Map.of() : Map.of(SentimentFeatures.LANGUAGE, lang);
    double[] raw = categorizer.get().categorize(tokens, extra);
    double[] p = new double[LABELS.length];
    for (int i = 0; i < LABELS.length; i++) {
      p[i] = raw[labelIndex[i]];
    }
    return p;
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

  DoccatModel model() {
    return model;
  }
}
