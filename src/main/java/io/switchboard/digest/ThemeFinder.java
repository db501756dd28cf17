package io.switchboard.digest;

import io.switchboard.util.TextFold;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recurring complaint themes in a period's negative messages.
 *
 * <p>Text is cleaned first: URLs, email addresses, @handles and anything with a digit in it (order
 * numbers such as NW-104679, tracking and discount codes) are cut out, so identifiers never become
 * themes. The rest is split into clauses and words; stop words (en, de, fr, es, it, pt) are dropped
 * and each word is folded (case, accents, a plural s) and mapped through a small synonym table.
 * Candidate phrases are pairs of content words at most {@value #GAP} words apart in one clause and
 * runs of three, keyed by their set of canonical words, so "bag lost", "lost my luggage" and "Koffer
 * verloren" are one theme. A single word is a theme only when it is a complaint on its own ("refund",
 * "broken"); a phrase with a generic word (order, number, day, …) needs a complaint word or two
 * other words ("order late", not "order number").
 *
 * <p>Phrases are scored by how much more often they occur in negative messages than in the
 * period's other messages (a smoothed log ratio, weighted by the count), so words every customer
 * writes ("order", "delivery address") sink and what the unhappy ones say rises. The best phrases
 * are taken in turn; one whose messages are mostly those of a phrase theme already taken joins it
 * when it shares a word (another way of saying it) and is dropped otherwise. Each message then goes
 * to one theme only, the best phrase theme holding it, else the best one-word theme, so no quote
 * repeats across themes. Counts are messages.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ThemeFinder {
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}']*");
  /**
   * Where a clause ends: phrases do not reach across it. Not at ? and !: "Where is my suitcase? It
   * was lost" is one complaint.
   */
  private static final Pattern CLAUSE = Pattern.compile("[.;:,()\\[\\]\"“”«»\\n\\r]+|\\s[-–—]\\s");
  private static final Pattern TRAILING_QUOTES = Pattern.compile("'+$");
  /** Farthest apart (in content words) two words of a phrase may be: "wheel on my Meridian snapped". */
  static final int GAP = 3;
  /** A candidate is merged into a theme already taken when this share of its messages is in it. */
  private static final double MERGE = 0.5;
  /** How much more often than elsewhere a phrase must be said in negative messages (with a background). */
  private static final double MIN_LIFT = 1.5;

  private final Set<String> stopWords;
  private final Set<String> genericWords;
  private final Map<String, String> complaintWords;
  private final Map<String, String> synonyms;
  private final int minMessages;

  /**
   * @param stopWords dropped before phrases are built
   * @param genericWords kept inside phrases but never a theme alone, nor a phrase of them only
   * @param complaintWords canonical words that are a theme on their own, with the name such a theme
   *     goes by ("reply" is "no reply")
   * @param synonyms folded word to canonical word
   * @param minMessages fewest messages a theme needs; one more for a phrase that names no complaint
   *     ("return label"), whose few messages are more likely a coincidence
   */
  public ThemeFinder(
      Set<String> stopWords, Set<String> genericWords, Map<String, String> complaintWords, Map<String, String> synonyms,
      int minMessages) {
    this.stopWords = Set.copyOf(stopWords);
    this.genericWords = Set.copyOf(genericWords);
    this.complaintWords = Map.copyOf(complaintWords);
    this.synonyms = Map.copyOf(synonyms);
    this.minMessages = minMessages;
  }

  /**
   * The shipped word lists: {@code digest/stopwords.txt} (stop words, and generic words on the lines
   * whose tag starts with {@code generic}) and {@code digest/synonyms.txt} (a canonical word marked
   * {@code !} is a complaint on its own, optionally with its theme's name in brackets).
   */
  public static ThemeFinder packaged() {
    Set<String> stop = new HashSet<>();
    Set<String> generic = new HashSet<>();
    for (String line : lines("/digest/stopwords.txt")) {
      String tag = line.substring(0, line.indexOf(':')).trim();
      (tag.startsWith("generic") ? generic : stop).addAll(listed(line));
    }
    Map<String, String> syn = new HashMap<>();
    Map<String, String> complaints = new HashMap<>();
    for (String line : lines("/digest/synonyms.txt")) {
      String head = line.substring(0, line.indexOf(':')).trim();
      String name = head.contains("[") ? head.substring(head.indexOf('[') + 1, head.indexOf(']')).trim() : null;
      String word = head.replaceAll("\\[.*]", "").trim();
      String canonical = fold(word.replace("!", ""));
      if (word.endsWith("!")) {
        complaints.put(canonical, name == null ? canonical : name);
      }
      syn.put(canonical, canonical);
      listed(line).forEach(w -> syn.put(w, canonical));
    }
    generic.removeAll(syn.keySet());
    return new ThemeFinder(stop, generic, complaints, syn, 2);
  }

  private static List<String> listed(String line) {
    return Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
        .filter(w -> !w.isEmpty())
        .map(ThemeFinder::fold)
        .toList();
  }

  /** A message to look into. */
  public interface Source {
    String text();
  }

  /**
   * A theme found: its main word set, every word set merged into it, how people wrote it (most common
   * first) and its messages (each in no other theme).
   */
  public record Found<T>(String key, Set<String> keys, List<String> wordings, List<T> messages) {
    public String label() {
      return wordings.get(0);
    }
  }

  /** The top {@code max} themes among {@code messages} without a background: ranked by count. */
  public <T extends Source> List<Found<T>> find(List<T> messages, int max) {
    return find(messages, List.of(), max);
  }

  /**
   * The top {@code max} themes among the negative {@code messages}, most messages first, scored
   * against {@code background}: other (not negative) messages of the same period. An empty
   * background ranks by count alone.
   */
  public <T extends Source> List<Found<T>> find(List<T> messages, List<? extends Source> background, int max) {
    Map<String, Candidate<T>> candidates = new HashMap<>();
    Map<String, String[]> cache = new HashMap<>();
    for (T m : messages) {
      Set<String> seen = new HashSet<>();
      for (Phrase p : phrases(m.text(), cache, false)) {
        Candidate<T> c = candidates.computeIfAbsent(p.key, k -> candidate(p));
        if (seen.add(p.key)) {
          c.messages.add(m);
        }
      }
    }
    Map<String, Candidate<T>> eligible = new HashMap<>();
    candidates.forEach(
        (k, c) -> {
          if (c.messages.size() >= needed(c.words) && eligible(c.words)) {
            eligible.put(k, c);
          }
        });
    for (Source b : background) {
      Set<String> seen = new HashSet<>();
      for (Phrase p : phrases(b.text(), cache, false)) {
        Candidate<T> c = eligible.get(p.key);
        if (c != null && seen.add(p.key)) {
          c.background++;
        }
      }
    }
    int n = messages.size(), bn = background.size();
    eligible.values().forEach(c -> c.score(n, bn));
    List<Candidate<T>> ranked =
        eligible.values().stream()
            .filter(c -> bn == 0 || c.lift >= MIN_LIFT)
            .sorted(
                Comparator.comparingDouble((Candidate<T> c) -> -c.score)
                    .thenComparing(c -> -c.messages.size())
                    .thenComparing(c -> c.words.size())
                    .thenComparing(c -> c.key))
            .toList();
    Map<T, Integer> order = new HashMap<>();
    messages.forEach(m -> order.putIfAbsent(m, order.size()));
    return choose(ranked, max, order, m -> phrases(m.text(), cache, true));
  }

  /**
   * Takes themes until none is dropped: a theme that ends with too few messages of its own (they went
   * to better themes) makes way for the next candidate.
   */
  private <T> List<Found<T>> choose(
      List<Candidate<T>> ranked, int max, Map<T, Integer> order, Function<T, List<Phrase>> read) {
    Set<String> excluded = new HashSet<>();
    for (int round = 0; ; round++) {
      List<Theme<T>> themes = select(ranked, max, excluded);
      assign(themes, order);
      List<Theme<T>> weak = themes.stream().filter(t -> t.assigned.size() < needed(t.words)).toList();
      if (weak.isEmpty() || round == 5) {
        return themes.stream()
            .filter(t -> t.assigned.size() >= needed(t.words))
            .sorted(Comparator.comparingInt((Theme<T> t) -> -t.assigned.size()).thenComparing(t -> -t.first.score))
            .map(t -> t.found(read))
            .toList();
      }
      weak.forEach(t -> excluded.add(t.first.key));
    }
  }

  /**
   * The best candidates in turn. A phrase whose messages are mostly those of a phrase theme already
   * taken is not a theme of its own: when it shares a word with it, it is another way of saying it
   * and joins it. A candidate needs enough messages no better theme holds; a phrase only counts the
   * phrase themes for that, so "wheel snapped" stands beside a broader "broken".
   */
  private <T> List<Theme<T>> select(List<Candidate<T>> ranked, int max, Set<String> excluded) {
    List<Theme<T>> themes = new ArrayList<>();
    Set<T> inPhrases = new HashSet<>();
    Set<T> inAny = new HashSet<>();
    for (Candidate<T> c : ranked) {
      if (excluded.contains(c.key)) {
        continue;
      }
      boolean phrase = c.words.size() > 1;
      if (phrase) {
        Theme<T> home = home(themes, c);
        if (home != null) {
          if (!Collections.disjoint(home.words, c.words)) {
            home.absorb(c);
            inPhrases.addAll(c.messages);
            inAny.addAll(c.messages);
          }
          continue;
        }
      }
      if (themes.size() == max) {
        continue;
      }
      Set<T> held = phrase ? inPhrases : inAny;
      if (c.messages.stream().filter(m -> !held.contains(m)).count() < needed(c.words)) {
        continue;
      }
      themes.add(new Theme<>(c, complaintWords.get(c.key)));
      if (phrase) {
        inPhrases.addAll(c.messages);
      }
      inAny.addAll(c.messages);
    }
    return themes;
  }

  /** The first phrase theme that holds at least {@link #MERGE} of the candidate's messages, if any. */
  private static <T> Theme<T> home(List<Theme<T>> themes, Candidate<T> c) {
    for (Theme<T> t : themes) {
      if (t.words.size() > 1 && c.messages.stream().filter(t.all::contains).count() >= MERGE * c.messages.size()) {
        return t;
      }
    }
    return null;
  }

  /**
   * Each message goes to one theme: the best phrase theme that holds it, else the best one-word
   * theme. Quotes and counts come from these, so no message shows up twice.
   */
  private static <T> void assign(List<Theme<T>> themes, Map<T, Integer> order) {
    Set<T> done = new HashSet<>();
    for (boolean phrases : new boolean[] {true, false}) {
      for (Theme<T> t : themes) {
        if ((t.words.size() > 1) == phrases) {
          t.all.stream().filter(done::add).forEach(t.assigned::add);
          t.assigned.sort(Comparator.comparing(order::get));
        }
      }
    }
  }

  /**
   * How many of {@code messages} fall into each theme (by key): each message counted once, in the
   * first phrase theme (in the given order) one of whose word sets it contains, else the first
   * one-word theme, as {@link #find} assigns them. For the previous period.
   */
  public Map<String, Integer> count(List<? extends Source> messages, List<? extends Found<?>> themes) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    themes.forEach(t -> counts.put(t.key(), 0));
    Map<String, String[]> cache = new HashMap<>();
    List<Found<?>> inOrder = new ArrayList<>(themes);
    inOrder.sort(Comparator.comparing((Found<?> t) -> !t.key().contains(" ")));
    for (Source m : messages) {
      Set<String> keys = new HashSet<>();
      phrases(m.text(), cache, false).forEach(p -> keys.add(p.key));
      for (Found<?> t : inOrder) {
        if (!Collections.disjoint(t.keys(), keys)) {
          counts.merge(t.key(), 1, Integer::sum);
          break;
        }
      }
    }
    return counts;
  }

  private <T> Candidate<T> candidate(Phrase p) {
    Set<String> words = Set.of(p.words);
    return new Candidate<>(p.key, words, (int) words.stream().filter(w -> !genericWords.contains(w)).count());
  }

  /**
   * A phrase may be a theme: a single word only if it is a complaint on its own; a phrase with a
   * generic word only if it carries a complaint word ("order late") or two words that are not
   * generic ("return label"), so "order number", "bought case" and "tracking page" are not themes.
   */
  private boolean eligible(Set<String> words) {
    if (words.size() == 1) {
      return complaintWords.containsKey(words.iterator().next());
    }
    return words.stream().filter(w -> !genericWords.contains(w)).count() >= 2
        || words.stream().anyMatch(complaintWords::containsKey);
  }

  /** The fewest messages a theme of these words needs. */
  private int needed(Set<String> words) {
    return words.stream().anyMatch(complaintWords::containsKey) ? minMessages : minMessages + 1;
  }

  /** One candidate phrase in a text: its key (sorted canonical words), the words and its wording. */
  record Phrase(String key, String[] words, String written) {}

  /** Every candidate phrase of a text: single words, pairs up to {@link #GAP} apart, runs of three. */
  List<Phrase> phrases(String text) {
    return phrases(text, new HashMap<>(), true);
  }

  /**
   * As {@link #phrases(String)}, reading each distinct word once per {@code cache} (one per call of
   * {@link #find} or {@link #count}); without {@code written} the wordings are left out.
   */
  private List<Phrase> phrases(String text, Map<String, String[]> cache, boolean written) {
    List<Phrase> out = new ArrayList<>();
    for (List<String[]> clause : clauses(text, cache)) {
      for (int i = 0; i < clause.size(); i++) {
        String[] a = clause.get(i);
        out.add(new Phrase(a[0], new String[] {a[0]}, written ? a[1] : null));
        for (int j = i + 1; j <= i + GAP && j < clause.size(); j++) {
          String[] b = clause.get(j);
          if (!b[0].equals(a[0])) {
            String[] w = a[0].compareTo(b[0]) < 0 ? new String[] {a[0], b[0]} : new String[] {b[0], a[0]};
            out.add(new Phrase(w[0] + " " + w[1], w, written ? a[1] + " " + b[1] : null));
          }
        }
        if (i + 2 < clause.size()) {
          String[] b = clause.get(i + 1), c = clause.get(i + 2);
          if (!a[0].equals(b[0]) && !a[0].equals(c[0]) && !b[0].equals(c[0])) {
            String[] w = {a[0], b[0], c[0]};
            Arrays.sort(w);
            out.add(new Phrase(String.join(" ", w), w, written ? a[1] + " " + b[1] + " " + c[1] : null));
          }
        }
      }
    }
    return out;
  }

  /** Content words of a text by clause, in order: {canonical word, the word as written (lower case)}. */
  List<List<String[]>> clauses(String text) {
    return clauses(text, new HashMap<>());
  }

  private List<List<String[]>> clauses(String text, Map<String, String[]> cache) {
    List<List<String[]>> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String clean = withoutIdentifiers(text.replace('’', '\''));
    for (String part : CLAUSE.split(clean)) {
      List<String[]> words = words(part, cache);
      if (!words.isEmpty()) {
        out.add(words);
      }
    }
    return out;
  }

  /**
   * The text with every identifier cut out (it does not end a clause: "the delivery of order 123 is
   * late" is still a late delivery): URLs, email addresses, @handles and
   * any whitespace-separated token with a digit in it (order numbers such as NW-104679, tracking and
   * discount codes, sizes, prices, times). A scan, not a regular expression: it runs on every word
   * of up to three samples of 5,000 messages.
   */
  static String withoutIdentifiers(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    for (int i = 0; i < n; ) {
      if (Character.isWhitespace(text.charAt(i))) {
        out.append(text.charAt(i++));
        continue;
      }
      int end = i;
      boolean identifier = false;
      while (end < n && !Character.isWhitespace(text.charAt(end))) {
        char c = text.charAt(end);
        identifier |= Character.isDigit(c) || c == '@';
        end++;
      }
      identifier |= text.startsWith("www.", i) || text.substring(i, end).contains("://");
      out.append(identifier ? " " : text.substring(i, end));
      i = end;
    }
    return out.toString();
  }

  private List<String[]> words(String text, Map<String, String[]> cache) {
    List<String[]> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String[] w = cache.computeIfAbsent(m.group().toLowerCase(Locale.ROOT), this::word);
      if (w != NONE) {
        out.add(w);
      }
    }
    return out;
  }

  private static final String[] NONE = {};

  /** One word (lower case) read: {canonical word, the word as written}, or {@code NONE} for a stop word. */
  private String[] word(String lower) {
    String written = lower;
    int apostrophe = written.indexOf('\'');
    if (apostrophe > 0 && apostrophe <= 2 && !stopWords.contains(fold(written))) {
      written = written.substring(apostrophe + 1); // French and Italian elision: l'avion, d'un
    }
    written = TRAILING_QUOTES.matcher(written).replaceAll("");
    String folded = fold(written);
    if (folded.length() < 2 || stopWords.contains(folded)) {
      return NONE;
    }
    return new String[] {canonical(folded), written};
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

  /** Lower case without accents, ß as ss ({@link TextFold}): matching ignores all three. */
  static String fold(String s) {
    return TextFold.fold(s);
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

  /** A phrase seen in the negative messages, with its counts and score. */
  private static final class Candidate<T> {
    final String key;
    final Set<String> words;
    /** How many of the words are not generic. */
    final int content;
    final List<T> messages = new ArrayList<>();
    int background;
    double lift = 1;
    double score;

    Candidate(String key, Set<String> words, int content) {
      this.key = key;
      this.words = words;
      this.content = content;
    }

    /**
     * Count times the log of how much likelier the phrase is in a negative message than in another
     * one (add-half smoothing), half as much again for a phrase of two or more words that are not
     * generic ("charged twice", not "delivery order"). A run of three gets no more than its pairs:
     * it wins only where it is more telling than they are. Without a background: count only.
     */
    void score(int negatives, int others) {
      double length = content >= 2 ? 1.5 : 1;
      if (others == 0) {
        score = messages.size() * length;
        return;
      }
      double inNegative = (messages.size() + 0.5) / (negatives + 1.0);
      double inOthers = (background + 0.5) / (others + 1.0);
      lift = inNegative / inOthers;
      score = messages.size() * Math.log(lift) * length;
    }
  }

  /** A theme being built: its first (best) phrase, the phrases merged in, its messages and its own. */
  private static final class Theme<T> {
    final Candidate<T> first;
    final Set<String> words;
    final List<Candidate<T>> phrases = new ArrayList<>();
    final Set<T> all;
    final List<T> assigned = new ArrayList<>();
    /** What a one-word theme is called: customers write it in many languages. */
    final String name;

    Theme(Candidate<T> first, String name) {
      this.first = first;
      this.name = name;
      this.words = first.words;
      this.phrases.add(first);
      this.all = new LinkedHashSet<>(first.messages);
    }

    /** The share of a wording's words that are the table's own words (mostly English). */
    private double canonicalShare(String wording) {
      String[] written = wording.split(" ");
      return Arrays.stream(written).filter(w -> words.contains(fold(w))).count() / (double) written.length;
    }

    void absorb(Candidate<T> c) {
      phrases.add(c);
      all.addAll(c.messages);
    }

    /**
     * The theme as found, its wordings read again from its own messages ({@code read}): each message
     * by the first phrase when it has it, else by the first merged phrase it has; most common
     * first, and on a near tie the wording closest to the canonical words ("lost luggage",
     * "delivery late") wins, so a theme written in several languages reads well.
     */
    Found<T> found(Function<T, List<Phrase>> read) {
      Map<String, Double> weights = new HashMap<>();
      for (T m : assigned) {
        List<Phrase> said = read.apply(m);
        Set<String> keys = new HashSet<>();
        said.forEach(p -> keys.add(p.key()));
        Candidate<T> by = phrases.stream().filter(c -> keys.contains(c.key)).findFirst().orElse(first);
        for (Phrase p : said) {
          if (p.key().equals(by.key)) {
            weights.merge(p.written(), (1 + 0.25 * canonicalShare(p.written())) * (by == first ? 2 : 1), Double::sum);
          }
        }
      }
      List<String> ordered =
          weights.entrySet().stream()
              .sorted(
                  Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue())
                      .thenComparing(Map.Entry::getKey))
              .map(Map.Entry::getKey)
              .toList();
      Set<String> keys = new LinkedHashSet<>();
      phrases.forEach(c -> keys.add(c.key));
      if (name != null) {
        // customers' words for one thing in several languages: named by the table ("no reply")
        List<String> named = new ArrayList<>(List.of(name));
        ordered.stream().filter(w -> !w.equals(name)).forEach(named::add);
        ordered = named;
      }
      return new Found<>(first.key, keys, ordered, List.copyOf(assigned));
    }
  }
}
