package io.switchboard.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds phrases of a phrase file in a text, word by word, in every language at once (a customer's
 * language is often misjudged on short text, and the phrases of different languages rarely
 * collide).
 *
 * <p>Phrase file format: {@code [category]} starts a section; {@code xx: phrase | phrase} lines
 * list phrases of language xx. In a phrase, {@code word*} matches any word starting with "word"
 * (three letters at least), {@code #} any number. Phrases of the section {@code [mask]} are blanked
 * out before matching: "guten morgen" keeps "morgen" (tomorrow) from firing.
 *
 * <p>Immutable after loading and thread-safe.
 */
final class PhraseMatcher {
  static final String MASK = "mask";

  /** A phrase found: its section, language and text as written in the file. */
  record Hit(String category, String language, String phrase) {}

  private record Phrase(String category, String language, String text, String[] words) {}

  /** Phrases by first word, or by "*" + the first three letters of a first-word stem. */
  private final Map<String, List<Phrase>> byFirst = new HashMap<>();

  private PhraseMatcher() {}

  static PhraseMatcher load(String resource) {
    PhraseMatcher m = new PhraseMatcher();
    try (InputStream in = PhraseMatcher.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String category = null;
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          category = line.substring(1, line.length() - 1).strip();
          continue;
        }
        int colon = line.indexOf(':');
        if (category == null || colon < 0) {
          throw new IllegalStateException(resource + ":" + n + ": expected [category] or xx: ...");
        }
        String language = line.substring(0, colon).strip();
        for (String phrase : line.substring(colon + 1).split("\\|")) {
          if (!phrase.isBlank()) {
            m.add(category, language, phrase.strip());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  private void add(String category, String language, String text) {
    String[] w = words(text, true).toArray(new String[0]);
    if (w.length == 0) {
      return;
    }
    Phrase p = new Phrase(category, language, text, w);
    byFirst.computeIfAbsent(key(w[0]), k -> new ArrayList<>()).add(p);
  }

  private static String key(String first) {
    if (first.endsWith("*")) {
      if (first.length() < 4) {
        throw new IllegalArgumentException("stem too short: " + first);
      }
      return "*" + first.substring(0, 3);
    }
    return first;
  }

  /** Every phrase found in {@code words} (see {@link #words}), masked spans left out. */
  List<Hit> find(List<String> words) {
    int n = words.size();
    boolean[] masked = null;
    List<Hit> hits = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    List<Phrase> found = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      collect(byFirst.get(w), words, i, found, spans);
      if (w.length() >= 3) {
        collect(byFirst.get("*" + w.substring(0, 3)), words, i, found, spans);
      }
    }
    for (int k = 0; k < found.size(); k++) {
      if (found.get(k).category().equals(MASK)) {
        if (masked == null) {
          masked = new boolean[n];
        }
        int[] s = spans.get(k);
        for (int j = s[0]; j < s[1]; j++) {
          masked[j] = true;
        }
      }
    }
    for (int k = 0; k < found.size(); k++) {
      Phrase p = found.get(k);
      if (p.category().equals(MASK)) {
        continue;
      }
      int[] s = spans.get(k);
      boolean hidden = false;
      for (int j = s[0]; masked != null && j < s[1]; j++) {
        hidden |= masked[j];
      }
      if (!hidden) {
        hits.add(new Hit(p.category(), p.language(), p.text()));
      }
    }
    return hits;
  }

  private static void collect(
      List<Phrase> candidates, List<String> words, int at, List<Phrase> found, List<int[]> spans) {
    if (candidates == null) {
      return;
    }
    for (Phrase p : candidates) {
      if (at + p.words().length > words.size()) {
        continue;
      }
      boolean ok = true;
      for (int j = 0; j < p.words().length && ok; j++) {
        ok = wordMatches(p.words()[j], words.get(at + j));
      }
      if (ok) {
        found.add(p);
        spans.add(new int[] {at, at + p.words().length});
      }
    }
  }

  private static boolean wordMatches(String pattern, String word) {
    if (pattern.endsWith("*")) {
      return word.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(word);
  }

  /**
   * Lower-case words of {@code text}: runs of letters, digits and inner apostrophes (typographic
   * ones made straight); a number becomes {@code #}.
   */
  static List<String> words(String text) {
    return words(text, false);
  }

  private static List<String> words(String text, boolean pattern) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int len = text.length();
    int i = 0;
    StringBuilder sb = new StringBuilder();
    while (i < len) {
      char c = text.charAt(i);
      if (TextNormalizer.isWordChar(c)
          || (pattern && (c == '*' || c == '#'))
          || (TextNormalizer.isApostrophe(c) && sb.length() > 0 && i + 1 < len
              && Character.isLetter(text.charAt(i + 1)))) {
        sb.append(TextNormalizer.isApostrophe(c) ? '\'' : c);
        i++;
        continue;
      }
      flush(sb, out);
      i++;
    }
    flush(sb, out);
    return out;
  }

  private static void flush(StringBuilder sb, List<String> out) {
    if (sb.length() == 0) {
      return;
    }
    String w = sb.toString().toLowerCase(Locale.ROOT);
    boolean digits = true;
    for (int k = 0; k < w.length() && digits; k++) {
      digits = Character.isDigit(w.charAt(k));
    }
    out.add(digits ? "#" : w);
    sb.setLength(0);
  }
}
