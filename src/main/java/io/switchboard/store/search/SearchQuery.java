package io.switchboard.store.search;

import io.switchboard.util.TextFold;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;

/**
 * What an agent typed into the search box, in parts that must all match: words, and phrases in
 * double quotes ({@code "late delivery"}). A word matches its stemmed forms in any of the inbox
 * languages and is also a prefix of a word as written ("refu" finds "refund"). Words are runs of
 * letters and digits of at least two characters; function words of the six languages ("the", "und") are dropped unless the
 * search has nothing else; at most {@value #MAX_PARTS} parts count.
 *
 * @param parts each part's words as typed (a word is a one-word part)
 */
public record SearchQuery(List<Part> parts) {
  static final int MAX_PARTS = 8;
  /** Shorter words are left out: a one-letter prefix matches nearly everything. */
  static final int MIN_LENGTH = 2;

  /** One word ({@code phrase} false, one word) or a quoted phrase. */
  public record Part(List<String> words, boolean phrase) {
    /** The words separated by spaces, as typed. */
    public String text() {
      return String.join(" ", words);
    }

    /** The words folded (lower case, accents off). */
    public List<String> folded() {
      return words.stream().map(TextFold::fold).toList();
    }
  }

  private static final Set<String> STOP_WORDS = stopWords();

  /** The parts of {@code q}; none when it has no word. */
  public static SearchQuery parse(String q) {
    List<Part> parts = new ArrayList<>();
    if (q == null) {
      return new SearchQuery(parts);
    }
    boolean quoted = false;
    for (String chunk : q.split("\"", -1)) {
      List<String> words = words(chunk);
      if (quoted && words.size() > 1) {
        parts.add(new Part(words, true));
      } else {
        words.forEach(w -> parts.add(new Part(List.of(w), false)));
      }
      quoted = !quoted;
    }
    List<Part> content = parts.stream().filter(p -> p.phrase() || !STOP_WORDS.contains(TextFold.fold(p.text()))).toList();
    List<Part> kept = content.isEmpty() ? parts : content;
    return new SearchQuery(List.copyOf(kept.subList(0, Math.min(MAX_PARTS, kept.size()))));
  }

  public boolean isEmpty() {
    return parts.isEmpty();
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i <= s.length(); ) {
      int cp = i < s.length() ? s.codePointAt(i) : ' ';
      if (Character.isLetterOrDigit(cp)) {
        w.appendCodePoint(cp);
      } else if (w.length() > 0) {
        if (w.codePointCount(0, w.length()) >= MIN_LENGTH) {
            out.add(w.length() > 60 ? w.substring(0, 60) : w.toString());
        }
        w.setLength(0);
      }
      i += Character.charCount(cp);
    }
    return out;
  }

  private static Set<String> stopWords() {
    Set<String> out = new HashSet<>();
    for (CharArraySet set :
        List.of(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, GermanAnalyzer.getDefaultStopSet(),
            FrenchAnalyzer.getDefaultStopSet(), SpanishAnalyzer.getDefaultStopSet(),
            ItalianAnalyzer.getDefaultStopSet(), PortugueseAnalyzer.getDefaultStopSet())) {
      for (Object o : set) {
        out.add(TextFold.fold(new String((char[]) o)));
      }
    }
    return Set.copyOf(out);
  }
}
