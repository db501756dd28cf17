package io.switchboard.nlp;

import java.util.HashMap;
import java.util.Map;

/**
 * English valence words and emoticons rated by people ({@code /nlp/valence-lexicon.txt}, from the
 * VADER lexicon): about 5,800 entries against the few hundred of {@link SentimentLexicon}. They
 * give the sentiment model features that hold across topics and years ({@code V_POS1}, {@code
 * V_NEG2}, ...), where words learnt from one year's tweets do not (ADR 0023). Immutable and
 * thread-safe.
 */
final class ValenceLexicon {
  static final ValenceLexicon DEFAULT = load("/nlp/valence-lexicon.txt");

  /** A rating at least this strong, either way, is a strong word. */
  private static final double STRONG = 2.0;

  private final Map<String, Integer> strength;

  /** The keys of {@link #strength}: most tokens are turned away without a map lookup. */
  private final HashFilter words;

  private ValenceLexicon(Map<String, Integer> strength) {
    this.strength = strength;
    this.words = HashFilter.of(strength.keySet());
  }

  static ValenceLexicon load(String resource) {
    Map<String, Integer> m = new HashMap<>();
    for (WordLists.Line l : WordLists.lines(resource)) {
      String line = l.text();
      int tab = line.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      double rating = Double.parseDouble(line.substring(tab + 1).strip());
      int s = Math.abs(rating) >= STRONG ? 2 : 1;
      m.put(line.substring(0, tab), rating > 0 ? s : -s);
    }
    return new ValenceLexicon(Map.copyOf(m));
  }

  /** 2 or 1 for a strongly or mildly positive token, -2 or -1 for negative ones, else 0. */
  int strength(String token) {
    if (!words.mightContain(token)) {
      return 0;
    }
    Integer s = strength.get(token);
    return s == null ? 0 : s;
  }
}
