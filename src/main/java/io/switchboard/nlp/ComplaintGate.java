package io.switchboard.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.util.ObjectStreamUtils;

/**
 * Is this message a complaint? A binary maxent model over the tweet model's features ({@link
 * SentimentFeatures}), trained only on the project's customer-service training rows ({@code
 * nlp/customer-service/train/}), where a complaint is a row labelled negative (GUIDELINES.md). The
 * inbox never tags positive a message the gate calls a complaint with P ≥ {@link #threshold}
 * (ADR 0071): the tweet model reads sarcasm and emotional complaints around praise words as
 * praise, and the calibration's positive factor alone could not stop it on new data.
 *
 * <p>Immutable and thread-safe.
 */
final class ComplaintGate {
  static final String FILE = "complaint-gate.bin";
  static final String RESOURCE = "/nlp/" + FILE;
  static final String COMPLAINT = "complaint";
  static final String OTHER = "other";

  /** The reason a tag gives when the gate turned it from positive to negative. */
  static final String REASON = "reads as a complaint";

  /** Off: the threshold above any probability. */
  static final double OFF = 2;

  /** The shipped threshold (ADR 0071, shipped after the held-out runs). */
  static final double SHIPPED = 0.65;

  /**
   * {@link #SHIPPED}, or {@code -Dnlp.gate} (a probability, or {@code off}): P(complaint) at or
   * above which a message is never positive.
   */
  static final double THRESHOLD = parse(System.getProperty("nlp.gate", String.valueOf(SHIPPED)));

  private static final SentimentFeatures FEATURES = new SentimentFeatures();

  private final AbstractModel model;
  private final int complaint;
  private final double threshold;

  ComplaintGate(AbstractModel model, double threshold) {
    this.model = model;
    this.complaint = model.getIndex(COMPLAINT);
    if (complaint < 0) {
      throw new IllegalArgumentException("gate model has no outcome " + COMPLAINT);
    }
    this.threshold = threshold;
  }

  static double parse(String threshold) {
    return threshold == null || threshold.isBlank() || threshold.equals("off")
        ? OFF : Double.parseDouble(threshold);
  }

  /** The packaged gate at {@link #THRESHOLD}, or null when none is packaged. */
  static ComplaintGate packaged() {
    try (InputStream in = ComplaintGate.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : new ComplaintGate(ModelFiles.readMaxent(in, "doccat.model"), THRESHOLD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The gate written by {@link #write} at {@code file}, at {@link #THRESHOLD}. */
  static ComplaintGate load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new ComplaintGate(ModelFiles.readMaxent(in, "doccat.model"), THRESHOLD);
    }
  }

  /** This gate at another threshold. */
  ComplaintGate withThreshold(double t) {
    return new ComplaintGate(model, t);
  }

  double threshold() {
    return threshold;
  }

  /** P(complaint) for {@code text} in {@code language} (null or und: unknown). */
  double complaint(String text, String language) {
    String lang = language == null || language.equals(Iso639.UNDETERMINED) ? null : language;
    String[] tokens = TextNormalizer.tokens(text, lang).toArray(new String[0]);
    return model.eval(FEATURES.extractFeatures(tokens, SentimentFeatures.extra(text, lang))
        .toArray(new String[0]))[complaint];
  }

  /** Trains a gate on {@code examples}: negative ones are complaints, the rest not. */
  static DoccatModel train(List<SentimentData.Example> examples) throws IOException {
    List<DocumentSample> samples = new ArrayList<>(examples.size());
    for (SentimentData.Example e : examples) {
      String lang = e.language() == null ? Iso639.UNDETERMINED : e.language();
      String[] tokens = TextNormalizer.tokens(e.text(), lang).toArray(new String[0]);
      String label = SentimentModel.NEGATIVE.equals(e.label()) ? COMPLAINT : OTHER;
      samples.add(new DocumentSample(label, tokens, SentimentFeatures.extra(e.text(), lang)));
    }
    return DocumentCategorizerME.train(
        "mul", ObjectStreamUtils.createObjectStream(samples), Trainer.parameters(),
        Trainer.factory());
  }

  /** {@link #train} then wraps the model at {@code threshold}. */
  static ComplaintGate trained(List<SentimentData.Example> examples, double threshold)
      throws IOException {
    return new ComplaintGate((AbstractModel) train(examples).getMaxentModel(), threshold);
  }
}
