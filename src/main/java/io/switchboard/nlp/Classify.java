package io.switchboard.nlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Tags texts from a stream, one per line, and writes one JSON object per line:
 *
 * <pre>
 * {"language":"en","languageConfidence":0.97,"sentiment":"negative","sentimentScore":0.91,
 *  "urgency":"high","reasons":["reports something not working: \"not working\""]}
 * </pre>
 *
 * An empty line gives a line for an empty text. {@code java ... io.switchboard.nlp.Classify <
 * texts.txt}
 *
 * <p>With {@code --shares} it prints one JSON object for all the texts (blank lines are not texts):
 * the share of each sentiment, corrected for the model's known errors on customer service, with a
 * 90 % interval ({@link ShareEstimator}):
 *
 * <pre>
 * {"n":3120,"shares":{"negative":{"estimate":0.61,"low":0.58,"high":0.64},"neutral":{...},
 *  "positive":{...}}}
 * </pre>
 */
public final class Classify {
  private static final JsonFactory JSON = new JsonFactory();

  private Classify() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    if (java.util.Arrays.asList(args).contains("--shares")) {
      QuietLogs.quietOpenNlp();
      shares(NlpTagger.load(), ShareEstimator.packaged(), System.in, out);
    } else {
      run(System.in, out);
    }
    out.flush();
  }

  /**
   * Tags every non-blank line and prints the estimated shares as one JSON object: the shipped
   * estimator on each text's sentiment probabilities (ADR 0043).
   */
  static void shares(NlpTagger tagger, ShareEstimator estimator, InputStream in, PrintStream out) {
    java.util.List<double[]> posteriors = new java.util.ArrayList<>();
    eachLine(in, line -> {
      if (!line.isBlank()) {
        posteriors.add(tagger.sentimentDistribution(line));
      }
    });
    StringWriter buf = new StringWriter();
    try {
      write(estimator.estimate(ShareEstimator.Answers.of(posteriors)), buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(buf);
    out.flush();
  }

  /** What {@link #eachLine} does with a line; it may fail as writing JSON can. */
  private interface LineAction {
    void accept(String line) throws IOException;
  }

  /** Reads standard input's lines as UTF-8, one at a time. */
  private static void eachLine(InputStream in, LineAction action) {
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        action.accept(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(ShareEstimator.Shares s, StringWriter w) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeNumberField("n", s.n());
      g.writeObjectFieldStart("shares");
      for (var e : s.shares().entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("estimate", round4(e.getValue().estimate()));
        g.writeNumberField("low", round4(e.getValue().low()));
        g.writeNumberField("high", round4(e.getValue().high()));
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  private static double round4(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }

  public static void run(InputStream in, PrintStream out) {
    run(NlpTagger.load(), in, out);
  }

  static void run(NlpTagger tagger, InputStream in, PrintStream out) {
    StringWriter buf = new StringWriter();
    eachLine(in, line -> {
      buf.getBuffer().setLength(0);
      write(tagger.analyze(line), buf);
      out.println(buf);
    });
    out.flush();
  }

  static void write(NlpTagger.Analysis a, StringWriter w) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("language", a.language());
      g.writeNumberField("languageConfidence", round(a.languageConfidence()));
      g.writeStringField("sentiment", a.sentiment());
      g.writeNumberField("sentimentScore", round(a.sentimentScore()));
      g.writeStringField("urgency", a.urgency());
      g.writeArrayFieldStart("reasons");
      for (String reason : a.reasons()) {
        g.writeString(reason);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
