package io.switchboard.digest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recurring complaint themes in a set of negative messages. Phrases are 1–3 content words in a row
 * after stop words (en, de, fr, es, it, pt) are dropped; each word is folded (case, accents, a plural
 * s) and mapped through a small synonym table, and a phrase is keyed by its set of words, so "lost
 * luggage", "bag lost" and "lost my luggage" are one theme. Counts are messages, not occurrences.
 * Longer phrases win over the words they contain when they cover most of the same messages.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ThemeFinder {
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}']*");
  private static final int MAX_WORDS = 3;

  private final Set<String> stopWords;
  private final Map<String, String> synonyms;
  private final int minMessages;

  public ThemeFinder(Set<String> stopWords, Map<String, String> synonyms, int minMessages) {
    this.stopWords = Set.copyOf(stopWords);
    this.synonyms = Map.copyOf(synonyms);
    this.minMessages = minMessages;
  }

  /** The shipped stop words and synonyms ({@code digest/stopwords.txt}, {@code digest/synonyms.txt}). */
  public static ThemeFinder packaged() {
    Set<String> stop = new HashSet<>();
    for (String line : lines("/digest/stopwords.txt")) {
      stop.addAll(Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).map(ThemeFinder::fold).toList());
    }
    Map<String, String> syn = new HashMap<>();
    for (String line : lines("/digest/synonyms.txt")) {
      String canonical = fold(line.substring(0, line.indexOf(':')).trim());
      for (String w : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
        syn.put(fold(w), canonical);
      }
    }
    return new ThemeFinder(stop, syn, 2);
  }

  /** A message to look into: an id to count it once and its text. */
  public interface Source {
    String text();
  }

  /** A theme found: its word set, how people wrote it (most common first) and the messages. */
  public record Found<T>(String key, List<String> wordings, List<T> messages) {
    public String label() {
      return wordings.get(0);
    }
  }

  /** The top {@code max} themes among {@code messages}, most frequent first. */
  public <T extends Source> List<Found<T>> find(List<T> messages, int max) {
    Map<String, Candidate<T>> candidates = new HashMap<>();
    for (T m : messages) {
      Set<String> seen = new HashSet<>();
      List<String[]> words = words(m.text());
      for (int i = 0; i < words.size(); i++) {
        for (int n = 1; n <= MAX_WORDS && i + n <= words.size(); n++) {
          List<String[]> gram = words.subList(i, i + n);
          TreeSet<String> keys = new TreeSet<>();
          gram.forEach(w -> keys.add(w[0]));
          if (keys.size() < n) {
            continue;
          }
          String key = String.join(" ", keys);
          String wording = String.join(" ", gram.stream().map(w -> w[1]).toList());
          Candidate<T> c = candidates.computeIfAbsent(key, k -> new Candidate<>(keys));
          if (seen.add(key)) {
            c.messages.add(m);
          }
          c.wordings.merge(wording, 1, Integer::sum);
        }
      }
    }
    List<Candidate<T>> ranked =
        candidates.values().stream()
            .filter(c -> c.messages.size() >= minMessages)
            .sorted(
                Comparator.comparingDouble((Candidate<T> c) -> -c.score())
                    .thenComparing(c -> -c.messages.size())
                    .thenComparing(c -> String.join(" ", c.words)))
            .toList();
    List<Candidate<T>> chosen = new ArrayList<>();
    for (Candidate<T> c : ranked) {
      if (chosen.size() == max) {
        break;
      }
      Set<T> covered = new HashSet<>();
      for (Candidate<T> other : chosen) {
        if (!java.util.Collections.disjoint(other.words, c.words)) {
          covered.addAll(other.messages);
        }
      }
      long already = c.messages.stream().filter(covered::contains).count();
      if (already >= 0.6 * c.messages.size()) {
        continue;
      }
      chosen.add(c);
    }
    chosen.sort(Comparator.comparingInt((Candidate<T> c) -> -c.messages.size()).thenComparing(c -> -c.score()));
    return chosen.stream().map(Candidate::found).toList();
  }

  /** How many of {@code messages} each theme key appears in: for comparing with another period. */
  public Map<String, Integer> count(List<? extends Source> messages, Set<String> keys) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    keys.forEach(k -> counts.put(k, 0));
    for (Source m : messages) {
      Set<String> seen = new HashSet<>();
      List<String[]> words = words(m.text());
      for (int i = 0; i < words.size(); i++) {
        for (int n = 1; n <= MAX_WORDS && i + n <= words.size(); n++) {
          TreeSet<String> set = new TreeSet<>();
          words.subList(i, i + n).forEach(w -> set.add(w[0]));
          String key = String.join(" ", set);
          if (set.size() == n && counts.containsKey(key) && seen.add(key)) {
            counts.merge(key, 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }

  /** Content words of a text in order: {canonical key, the word as written (lower case)}. */
  List<String[]> words(String text) {
    List<String[]> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    Matcher m = WORD.matcher(text.replace('’', '\''));
    while (m.find()) {
      String written = m.group().toLowerCase(Locale.ROOT);
      int apostrophe = written.indexOf('\'');
      if (apostrophe > 0 && apostrophe <= 2 && !stopWords.contains(fold(written))) {
        written = written.substring(apostrophe + 1); // French and Italian elision: l'avion, d'un
      }
      written = written.replaceAll("'+$", "");
      String folded = fold(written);
      if (folded.length() < 2 || stopWords.contains(folded)) {
        continue;
      }
      out.add(new String[] {canonical(folded), written});
    }
    return out;
  }

  private String canonical(String folded) {
    String s = synonyms.get(folded);
    if (s != null) {
      return s;
    }
    if (folded.endsWith("'s")) {
      folded = folded.substring(0, folded.length() - 2);
    } else if (folded.length() > 4 && folded.endsWith("ies")) {
      folded = folded.substring(0, folded.length() - 3) + "y";
    } else if (folded.length() > 3 && folded.endsWith("s") && !folded.endsWith("ss") && !folded.endsWith("us")) {
      folded = folded.substring(0, folded.length() - 1);
    }
    return synonyms.getOrDefault(folded, folded);
  }

  /** Lower case without accents: matching ignores both. */
  static String fold(String s) {
    String d = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    return d.replaceAll("\\p{M}+", "").replace('ß', 's');
  }

  private static List<String> lines(String resource) {
    InputStream in = ThemeFinder.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing resource " + resource);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains(":")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Candidate<T> {
    final Set<String> words;
    final List<T> messages = new ArrayList<>();
    final Map<String, Integer> wordings = new HashMap<>();

    Candidate(Set<String> words) {
      this.words = words;
    }

    double score() {
      return messages.size() * (1 + 0.5 * (words.size() - 1));
    }

    private double weight(Map.Entry<String, Integer> wording) {
      boolean canonical = new HashSet<>(Arrays.asList(fold(wording.getKey()).split(" "))).equals(words);
      return wording.getValue() * (canonical ? 1.25 : 1.0);
    }

    Found<T> found() {
      // most common first; on a near tie the wording that is the canonical words ("lost luggage")
      // wins, so a theme written in several languages gets a readable label
      List<String> ordered =
          wordings.entrySet().stream()
              .sorted(
                  Comparator.comparingDouble((Map.Entry<String, Integer> e) -> -weight(e))
                      .thenComparing(Map.Entry::getKey))
              .map(Map.Entry::getKey)
              .toList();
      return new Found<>(String.join(" ", words), ordered, List.copyOf(messages));
    }
  }
}
