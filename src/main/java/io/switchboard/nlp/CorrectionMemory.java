package io.switchboard.nlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What agents' corrections teach the taggers directly: {@link Trainer} writes every corrected text
 * with its corrected sentiment and urgency ({@value #FILE} next to the sentiment model), and the
 * tagger answers a message whose words are nearly those of a corrected one (Jaccard similarity of
 * the word sets at least {@value #SIMILAR}) as the agent did, with the reason {@value #REASON}.
 *
 * <p>Sentiment corrections also train the sentiment model, which generalises from them; urgency is
 * rules, so this memory is how an urgency correction changes the next answer. The latest
 * correction of a text wins.
 *
 * <p>Immutable after loading and thread-safe.
 */
public final class CorrectionMemory {
  static final String FILE = "corrections.tsv";
  /** Word-set similarity from which a message counts as the corrected one. */
  static final double SIMILAR = 0.8;
  static final String REASON = "agent-corrected similar message";
  static final CorrectionMemory EMPTY = new CorrectionMemory(List.of());

  private static final String NONE = "-";

  /** One corrected text: its distinct words and what the agent said (null: not corrected). */
  record Entry(Set<String> words, String sentiment, String urgency) {}

  /** The corrected answer for a message, and how similar the corrected text was (0 to 1). */
  record Match(String label, double similarity) {}

  private final List<Entry> entries;
  /** Word to the entries holding it. */
  private final Map<String, List<Integer>> index = new HashMap<>();

  private CorrectionMemory(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (int i = 0; i < this.entries.size(); i++) {
      for (String w : this.entries.get(i).words()) {
        index.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
      }
    }
  }

  /** From corrections in the order they were made: the latest for a text wins, per tag. */
  static CorrectionMemory of(List<Correction> corrections) {
    Map<Set<String>, String[]> byWords = new LinkedHashMap<>();
    for (Correction c : corrections) {
      Set<String> words = new HashSet<>(PhraseMatcher.words(c.text()));
      if (words.isEmpty() || (c.sentiment() == null && c.urgency() == null)) {
        continue;
      }
      String[] tags = byWords.computeIfAbsent(words, k -> new String[2]);
      if (c.sentiment() != null) {
        tags[0] = c.sentiment().toLowerCase(Locale.ROOT);
      }
      if (c.urgency() != null) {
        tags[1] = c.urgency().toLowerCase(Locale.ROOT);
      }
    }
    List<Entry> entries = new ArrayList<>();
    byWords.forEach((words, tags) -> entries.add(new Entry(Set.copyOf(words), tags[0], tags[1])));
    return new CorrectionMemory(entries);
  }

  int size() {
    return entries.size();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Writes one line per corrected text: sentiment, urgency ("-" for none), its words. */
  void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>(entries.size() + 1);
    lines.add("# sentiment\turgency\twords of an agent-corrected message (written by train)");
    for (Entry e : entries) {
      lines.add(or(e.sentiment()) + "\t" + or(e.urgency()) + "\t"
          + String.join(" ", e.words().stream().sorted().toList()));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Reads what {@link #write} wrote; a missing file is an empty memory. */
  static CorrectionMemory load(Path file) throws IOException {
    if (file == null || !Files.isRegularFile(file)) {
      return EMPTY;
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", 3);
      if (f.length < 3) {
        throw new IOException(file + ": expected sentiment, urgency and words: " + line);
      }
      entries.add(new Entry(Set.copyOf(Arrays.asList(f[2].split(" "))), none(f[0]), none(f[1])));
    }
    return new CorrectionMemory(entries);
  }

  /** The corrected sentiment of the most similar corrected message, or null. */
  Match sentiment(List<String> words) {
    return find(words, true);
  }

  /** The corrected urgency of the most similar corrected message, or null. */
  Match urgency(List<String> words) {
    return find(words, false);
  }

  private Match find(List<String> words, boolean sentiment) {
    if (entries.isEmpty() || words.isEmpty()) {
      return null;
    }
    Set<String> distinct = new HashSet<>(words);
    Map<Integer, Integer> shared = new HashMap<>();
    for (String w : distinct) {
      List<Integer> holders = index.get(w);
      if (holders != null) {
        for (int i : holders) {
          shared.merge(i, 1, Integer::sum);
        }
      }
    }
    Match best = null;
    for (Map.Entry<Integer, Integer> s : shared.entrySet()) {
      Entry e = entries.get(s.getKey());
      String label = sentiment ? e.sentiment() : e.urgency();
      if (label == null) {
        continue;
      }
      int union = distinct.size() + e.words().size() - s.getValue();
      double similarity = s.getValue() / (double) union;
      if (similarity >= SIMILAR && (best == null || similarity > best.similarity())) {
        best = new Match(label, similarity);
      }
    }
    return best;
  }

  private static String or(String v) {
    return v == null ? NONE : v;
  }

  private static String none(String v) {
    return v.equals(NONE) ? null : v;
  }
}
