package io.switchboard.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the packaged word lists (lexicons, phrases, function words): UTF-8 text, one entry a line,
 * blank lines and lines starting with {@code #} skipped. A missing resource is a build error, so
 * it fails loudly.
 */
final class WordLists {
  /** A line of a list, stripped, with its line number for error messages. */
  record Line(int number, String text) {}

  private WordLists() {}

  static List<Line> lines(String resource) {
    List<Line> out = new ArrayList<>();
    try (InputStream in = WordLists.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(new Line(n, line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
