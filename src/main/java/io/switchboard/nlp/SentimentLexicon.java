package io.switchboard.nlp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written polarity words per language ({@code /nlp/sentiment-lexicon.txt}). They give the
 * sentiment model features that carry across languages and data sets ({@code LEX_POS}, {@code
 * LEX_NEG}), where words seen a few times in 1,800 tweets would not. Immutable and thread-safe.
 */
final class SentimentLexicon {
  static final SentimentLexicon DEFAULT = load("/nlp/sentiment-lexicon.txt");
  private static final int MIN_STEM = 3;
  private static final int MAX_STEM = 14;

  /** word or stem to polarity, per language; key "*" + stem for stems. */
  private final Map<String, Map<String, Integer>> byLanguage;
  private final Map<String, Integer> anyLanguage;
  /** The stems of each map above by the map, without their star: no string built to look one up. */
  private final Map<Map<String, Integer>, Map<String, Integer>> stemsOf = new IdentityHashMap<>();
  /**
   * The first {@value #MIN_STEM} letters of every stem packed into a long ({@link
   * PhraseMatcher#stemKey}),
   * sorted: most words are rejected by a search in this small array.
   */
  private final long[] stemStarts;

  private SentimentLexicon(Map<String, Map<String, Integer>> byLanguage) {
    this.byLanguage = byLanguage;
    Map<String, Integer> any = new HashMap<>();
    byLanguage.values().forEach(any::putAll);
    this.anyLanguage = any;
    Set<Long> starts = new HashSet<>();
    for (String k : any.keySet()) {
      if (k.startsWith("*")) {
        starts.add(PhraseMatcher.stemKey(k.substring(1, 1 + MIN_STEM)));
      }
    }
    this.stemStarts = starts.stream().mapToLong(Long::longValue).sorted().toArray();
    byLanguage.values().forEach(this::indexStems);
    indexStems(any);
  }

  private void indexStems(Map<String, Integer> words) {
    Map<String, Integer> stems = new HashMap<>();
    words.forEach((k, v) -> {
      if (k.startsWith("*")) {
        stems.put(k.substring(1), v);
      }
    });
    stemsOf.put(words, stems);
  }

  static SentimentLexicon load(String resource) {
    Map<String, Map<String, Integer>> m = new HashMap<>();
    for (WordLists.Line l : WordLists.lines(resource)) {
      String[] parts = l.text().split("\\s+");
      int polarity = parts[1].equals("+") ? 1 : -1;
      Map<String, Integer> words = m.computeIfAbsent(parts[0], k -> new HashMap<>());
      for (int i = 2; i < parts.length; i++) {
        String w = parts[i];
        words.put(w.endsWith("*") ? "*" + w.substring(0, w.length() - 1) : w, polarity);
      }
    }
    return new SentimentLexicon(m);
  }

  /**
   * Polarity of a lower-case word: 1, -1 or 0. The language's own words and English (mixed into
   * every language's tweets) count; for an unknown language, every language's.
   */
  int polarity(String word, String language) {
    Map<String, Integer> own = language == null ? null : byLanguage.get(language);
    if (own == null) {
      return lookup(anyLanguage, word);
    }
    int p = lookup(own, word);
    if (p == 0 && !"en".equals(language)) {
      p = lookup(byLanguage.getOrDefault("en", Map.of()), word);
    }
    return p;
  }

  private int lookup(Map<String, Integer> words, String word) {
    Integer p = words.get(word);
    if (p != null) {
      return p;
    }
    if (word.length() < MIN_STEM
        || java.util.Arrays.binarySearch(stemStarts, PhraseMatcher.stemKey(word)) < 0) {
      return 0;
    }
    Map<String, Integer> stems = stemsOf.get(words);
    if (stems == null) {
      return 0; // an empty map
    }
    for (int k = Math.min(word.length(), MAX_STEM); k >= MIN_STEM; k--) {
      p = stems.get(word.substring(0, k));
      if (p != null) {
        return p;
      }
    }
    return 0;
  }
}
