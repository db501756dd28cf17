package io.switchboard.nlp;

import java.util.ArrayList;
import java.util.List;

/**
 * The most frequent function words (articles, pronouns, prepositions, conjunctions, auxiliaries)
 * of the inbox languages ({@value #RESOURCE}, written from grammar, not learned from a data set).
 * Character trigrams cannot tell close languages apart on a short sentence ("Eso es talento." is
 * Spanish, Portuguese or Esperanto to them); a handful of whole words can, and {@link
 * LanguageDetector} adds them as evidence.
 *
 * <p>File format: {@code xx: word word ...}, one line per language; a word listed for several
 * languages counts for each. Immutable and thread-safe.
 */
final class FunctionWords {
  static final String RESOURCE = "/nlp/function-words.txt";

  private final List<String> languages;
  /** Hash of a word ({@link FeatureWeights#hash}) to a bit mask of {@link #languages}. */
  private final LanguageDetector.LongLongMap words;

  private FunctionWords(List<String> languages, LanguageDetector.LongLongMap words) {
    this.languages = List.copyOf(languages);
    this.words = words;
  }

  static FunctionWords load() {
    List<String> languages = new ArrayList<>();
    List<String[]> lists = new ArrayList<>();
    for (WordLists.Line l : WordLists.lines(RESOURCE)) {
      String line = l.text();
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalStateException(RESOURCE + ":" + l.number() + ": expected xx: words, got " + line);
      }
      languages.add(line.substring(0, colon).strip());
      lists.add(line.substring(colon + 1).strip().split("\\s+"));
    }
    if (languages.size() > 63) {
      throw new IllegalStateException(RESOURCE + ": more than 63 languages");
    }
    int total = lists.stream().mapToInt(l -> l.length).sum();
    LanguageDetector.LongLongMap words = new LanguageDetector.LongLongMap(total);
    for (int l = 0; l < lists.size(); l++) {
      for (String w : lists.get(l)) {
        long key = hash(w, 0, w.length());
        long mask = words.get(key);
        words.put(key, (mask == LanguageDetector.LongLongMap.MISSING ? 0 : mask) | 1L << l);
      }
    }
    return new FunctionWords(languages, words);
  }

  /** The languages in the order of {@link #count}'s counts. */
  List<String> languages() {
    return languages;
  }

  /**
   * Adds to {@code counts[l]} how many words of the lower-case text {@code buf[0..len)} (split at
   * every character that is not a letter) are function words of language {@code l}.
   */
  void count(char[] buf, int len, int[] counts) {
    int i = 0;
    while (i < len) {
      if (!Character.isLetter(buf[i])) {
        i++;
        continue;
      }
      int start = i;
      while (i < len && Character.isLetter(buf[i])) {
        i++;
      }
      long mask = words.get(hash(buf, start, i));
      if (mask == LanguageDetector.LongLongMap.MISSING) {
        continue;
      }
      for (int l = 0; mask != 0; l++, mask >>>= 1) {
        if ((mask & 1) != 0) {
          counts[l]++;
        }
      }
    }
  }

  private static long hash(CharSequence s, int from, int to) {
    long h = FeatureWeights.START;
    for (int k = from; k < to; k++) {
      h = FeatureWeights.hash(h, s.charAt(k));
    }
    return h == 0 ? 1 : h;
  }

  private static long hash(char[] s, int from, int to) {
    long h = FeatureWeights.START;
    for (int k = from; k < to; k++) {
      h = FeatureWeights.hash(h, s[k]);
    }
    return h == 0 ? 1 : h;
  }
}
