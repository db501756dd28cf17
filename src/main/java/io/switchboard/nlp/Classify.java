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
 */
public final class Classify {
  private static final JsonFactory JSON = new JsonFactory();

  private Classify() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    run(System.in, out);
    out.flush();
  }

  public static void run(InputStream in, PrintStream out) {
    run(NlpTagger.load(), in, out);
  }

  static void run(NlpTagger tagger, InputStream in, PrintStream out) {
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      StringWriter buf = new StringWriter();
      while ((line = r.readLine()) != null) {
        buf.getBuffer().setLength(0);
        write(tagger.analyze(line), buf);
        out.println(buf);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
