package io.switchboard.nlp;

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

  /**
   * A phrase found: its section, language and text as written in the file, and the words it
   * spans ({@code start} inclusive, {@code end} exclusive, indices into the words searched).
   */
  record Hit(String category, String language, String phrase, int start, int end) {}

  private record Phrase(String category, String language, String text, String[] words) {}

  /** Phrases by first word. */
  private final Map<String, List<Phrase>> byFirst = new HashMap<>();
  /** The keys of {@link #byFirst}: most words are turned away without a map lookup. */
  private HashFilter firstWords;
  /**
   * Phrases whose first word is a stem, by the stem's first three characters packed into a long
   * ({@link #stemKey}): most words are turned away by a search in this small sorted array,
   * without building a string.
   */
  private long[] stemKeys = new long[0];
  /** The entries of {@link #stemKeys}: most words stop here, before the search. */
  private HashFilter stemFilter;
  private final List<List<Phrase>> byStem = new ArrayList<>();

  private PhraseMatcher() {}

  static PhraseMatcher load(String resource) {
    PhraseMatcher m = new PhraseMatcher();
    String category = null;
    for (WordLists.Line l : WordLists.lines(resource)) {
      String line = l.text();
      if (line.startsWith("[") && line.endsWith("]")) {
        category = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int colon = line.indexOf(':');
      if (category == null || colon < 0) {
        throw new IllegalStateException(resource + ":" + l.number() + ": expected [category] or xx: ...");
      }
      String language = line.substring(0, colon).strip();
      for (String phrase : line.substring(colon + 1).split("\\|")) {
        if (!phrase.isBlank()) {
          m.add(category, language, phrase.strip());
        }
      }
    }
    m.firstWords = HashFilter.of(m.byFirst.keySet());
    m.stemFilter = HashFilter.ofKeys(m.stemKeys);
    return m;
  }

  private void add(String category, String language, String text) {
    String[] w = words(text, true).toArray(new String[0]);
    if (w.length == 0) {
      return;
    }
    Phrase p = new Phrase(category, language, text, w);
    String first = w[0];
    if (!first.endsWith("*")) {
      byFirst.computeIfAbsent(first, k -> new ArrayList<>()).add(p);
      return;
    }
    if (first.length() < 4) {
      throw new IllegalArgumentException("stem too short: " + first);
    }
    long key = stemKey(first);
    int at = java.util.Arrays.binarySearch(stemKeys, key);
    if (at < 0) {
      at = -(at + 1);
      long[] keys = new long[stemKeys.length + 1];
      System.arraycopy(stemKeys, 0, keys, 0, at);
      keys[at] = key;
      System.arraycopy(stemKeys, at, keys, at + 1, stemKeys.length - at);
      stemKeys = keys;
      byStem.add(at, new ArrayList<>());
    }
    byStem.get(at).add(p);
  }

  /** The phrases starting with a stem that {@code word} (three characters or more) may match. */
  private List<Phrase> stemPhrases(String word) {
    if (stemKeys.length == 0) {
      return null;
    }
    long key = stemKey(word);
    if (!stemFilter.mightContain(key)) {
      return null;
    }
    int at = java.util.Arrays.binarySearch(stemKeys, key);
    return at < 0 ? null : byStem.get(at);
  }

  /**
   * The first three characters of {@code word} (at least three long) packed into a long: a key
   * looked up without building a string ({@link SentimentLexicon} keys its stems' starts so too).
   */
  static long stemKey(String word) {
    return (long) word.charAt(0) << 32 | (long) word.charAt(1) << 16 | word.charAt(2);
  }

  /** Every phrase found in {@code words} (see {@link #words}), masked spans left out. */
  List<Hit> find(List<String> words) {
    int n = words.size();
    List<int[]> spans = null;
    List<Phrase> found = null;
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      List<Phrase> exact = firstWords.mightContain(w) ? byFirst.get(w) : null;
      List<Phrase> stem = w.length() >= 3 ? stemPhrases(w) : null;
      if (exact == null && stem == null) {
        continue;
      }
      if (found == null) {
        found = new ArrayList<>();
        spans = new ArrayList<>();
      }
      collect(exact, words, i, found, spans);
      collect(stem, words, i, found, spans);
    }
    if (found == null || found.isEmpty()) {
      return List.of();
    }
    boolean[] masked = null;
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
    List<Hit> hits = new ArrayList<>();
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
        hits.add(new Hit(p.category(), p.language(), p.text(), s[0], s[1]));
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
    int last = pattern.length() - 1;
    if (pattern.charAt(last) == '*') {
      // a prefix test without cutting the star off into a new string
      return word.regionMatches(0, pattern, 0, last);
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
    char[] buf = null;
    int n = 0;
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      boolean apostrophe = TextNormalizer.isApostrophe(c);
      if (TextNormalizer.isWordChar(c)
          || (pattern && (c == '*' || c == '#'))
          || (apostrophe && n > 0 && i + 1 < len && Character.isLetter(text.charAt(i + 1)))) {
        if (buf == null) {
          buf = new char[len - i];
        }
        buf[n++] = apostrophe ? '\'' : c;
        continue;
      }
      flush(buf, n, out);
      n = 0;
    }
    flush(buf, n, out);
    return out;
  }

  /** Adds the word in {@code buf[0..n)}, lower-cased, or {@code #} for a number. */
  private static void flush(char[] buf, int n, List<String> out) {
    if (n == 0) {
      return;
    }
    for (int k = 0; k < n; k++) {
      if (buf[k] == '\u0130' || buf[k] == '\u03a3') {
        // lower-cased with context (dotted I, final sigma): leave it to String
        out.add(number(new String(buf, 0, n).toLowerCase(Locale.ROOT)));
        return;
      }
    }
    boolean digits = true;
    for (int k = 0; k < n; k++) {
      buf[k] = Character.toLowerCase(buf[k]);
      digits &= Character.isDigit(buf[k]);
    }
    out.add(digits ? "#" : new String(buf, 0, n));
  }

  private static String number(String w) {
    for (int k = 0; k < w.length(); k++) {
      if (!Character.isDigit(w.charAt(k))) {
        return w;
      }
    }
    return "#";
  }
}
