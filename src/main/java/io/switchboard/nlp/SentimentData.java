package io.switchboard.nlp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the shared sentiment data sets (layout in shared/data/README.md): the SemEval 2013–2016
 * tweets, TweetEval, UMSAB and the UCI labelled sentences. Training uses the SemEval 2013–2016
 * pool (less the TweetEval validation tweets it holds), UMSAB's non-English train splits and UCI;
 * evaluation uses TweetEval's test split (SemEval-2017's test set, so the published SemEval-2017
 * systems are its peers), TweetEval's validation split and UMSAB's validation splits, which
 * training never reads.
 */
final class SentimentData {
  static final String[] LABELS = {"negative", "neutral", "positive"};

  /** UMSAB folder name to ISO 639-1. */
  static final Map<String, String> UMSAB_LANGUAGES = umsabLanguages();

  /** The name of the UCI review sentences among {@link #trainingSets}: two classes, no neutral. */
  static final String UCI = "uci";

  /** The name of the SemEval 2013–2016 English tweets among {@link #trainingSets}. */
  static final String SEMEVAL = "semeval-en";

  /** The pool's folder, and the file listing the ids of TweetEval validation tweets in it. */
  static final String SEMEVAL_DIR = "semeval2013-2016";

  static final String DROP_IDS = "drop-tweeteval-val.ids";

  record Example(String text, String language, String label) {}

  private SentimentData() {}

  private static Map<String, String> umsabLanguages() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("english", "en");
    m.put("german", "de");
    m.put("french", "fr");
    m.put("spanish", "es");
    m.put("italian", "it");
    m.put("portuguese", "pt");
    m.put("arabic", "ar");
    m.put("hindi", "hi");
    return m;
  }

  /**
   * The training examples, less any whose text is also in a validation split. UMSAB's English
   * train split is left out whole: 1,430 of its 1,839 tweets are TweetEval validation tweets, and
   * the 409 others are all negative, which would teach English that SemEval-2016 topics are bad.
   */
  static List<Example> training(Path sharedData) throws IOException {
    List<Example> all = new ArrayList<>();
    trainingSets(sharedData).values().forEach(all::addAll);
    return all;
  }

  /**
   * {@link #training} by set: "semeval-en", "umsab-de" ... "umsab-hi" (no "umsab-en") and
   * "uci", in that order. Texts also in an evaluation set (by {@link #matchKey}) are left out.
   */
  static Map<String, List<Example>> trainingSets(Path sharedData) throws IOException {
    Path sentiment = sharedData.resolve("sentiment");
    Map<String, List<Example>> sets = new LinkedHashMap<>();
    sets.put(SEMEVAL, readSemEval(sentiment.resolve(SEMEVAL_DIR)));
    for (Map.Entry<String, String> e : UMSAB_LANGUAGES.entrySet()) {
      if (!e.getValue().equals("en")) {
        sets.put(
            "umsab-" + e.getValue(),
            readSplit(sentiment.resolve("umsab").resolve(e.getKey()), "train", e.getValue()));
      }
    }
    List<Example> uci = new ArrayList<>();
    for (String f :
        List.of("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt")) {
      uci.addAll(readUci(sentiment.resolve("uci").resolve(f)));
    }
    sets.put(UCI, uci);
    Set<String> held = new HashSet<>();
    for (List<Example> set : validation(sharedData).values()) {
      for (Example e : set) {
        held.add(matchKey(e.text()));
      }
    }
    for (Map.Entry<String, List<Example>> set : sets.entrySet()) {
      set.setValue(
          set.getValue().stream().filter(e -> !held.contains(matchKey(e.text()))).toList());
    }
    return sets;
  }

  /**
   * The customer-service training rows ({@link CustomerServiceSet#trainingRows}) as examples, each
   * {@code weight} times (0: none). Rows whose text is also in the development set ({@link
   * CustomerServiceSet#load()}, by {@link #key} or {@link #matchKey}) are skipped, so the
   * development set is never trained on; so are repeats and rows without a sentiment label. Prints
   * what it kept and skipped to {@code log}.
   */
  static List<Example> serviceTraining(int weight, PrintStream log) {
    if (weight <= 0) {
      return List.of();
    }
    return serviceTraining(CustomerServiceSet.trainingRows(), CustomerServiceSet.load(), weight,
        log);
  }

  static List<Example> serviceTraining(List<CustomerServiceSet.Row> rows,
      List<CustomerServiceSet.Row> development, int weight, PrintStream log) {
    Set<String> dev = new HashSet<>();
    for (CustomerServiceSet.Row r : development) {
      dev.add(key(r.text()));
      dev.add(matchKey(r.text()));
    }
    Set<String> seen = new HashSet<>();
    int inDev = 0;
    int repeated = 0;
    int unlabelled = 0;
    List<Example> kept = new ArrayList<>();
    for (CustomerServiceSet.Row r : rows) {
      if (r.text().isEmpty() || !List.of(LABELS).contains(r.sentiment())) {
        unlabelled++;
      } else if (dev.contains(key(r.text())) || dev.contains(matchKey(r.text()))) {
        inDev++;
      } else if (!seen.add(key(r.text()))) {
        repeated++;
      } else {
        kept.add(new Example(r.text(), r.language().isEmpty() ? null : r.language(),
            r.sentiment()));
      }
    }
    log.printf(Locale.ROOT,
        "customer-service training rows: %d kept x %d; skipped %d also in the development set, "
            + "%d repeated, %d without a label%n",
        kept.size(), weight, inDev, repeated, unlabelled);
    List<Example> out = new ArrayList<>(kept.size() * weight);
    for (int i = 0; i < weight; i++) {
      out.addAll(kept);
    }
    return out;
  }

  /**
   * The SemEval 2013–2016 tweets ({@code id<TAB>label<TAB>text}, all {@code .tsv} files in name
   * order), less the ids of {@value #DROP_IDS}, each distinct text once (the first file's label
   * wins: the files overlap a little).
   */
  static List<Example> readSemEval(Path dir) throws IOException {
    Set<String> drop = new HashSet<>();
    Path ids = dir.resolve(DROP_IDS);
    if (Files.isRegularFile(ids)) {
      for (String l : Files.readAllLines(ids, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          drop.add(l.strip());
        }
      }
    }
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.filter(f -> f.toString().endsWith(".tsv")).sorted().toList();
    }
    Set<String> seen = new HashSet<>();
    List<Example> out = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        String[] parts = line.split("\t", -1);
        if (parts.length < 3 || drop.contains(parts[0].strip())) {
          continue;
        }
        String label = parts[1].strip();
        if (!List.of(LABELS).contains(label)) {
          continue;
        }
        String text = clean(parts[2]);
        if (!text.isEmpty() && seen.add(key(text))) {
          out.add(new Example(text, "en", label));
        }
      }
    }
    return out;
  }

  /**
   * Finds the same tweet in two data sets as the shared data's README matched TweetEval's
   * validation tweets in the SemEval pool: escapes undone, URLs dropped, mentions folded to
   * "@user", then only letters and digits, lower-cased, the first 40 of them.
   */
  static String matchKey(String text) {
    String t = clean(text).replaceAll("https?://\\S+", " ").replaceAll("@\\w+", "@user");
    StringBuilder sb = new StringBuilder(40);
    for (int i = 0; i < t.length() && sb.length() < 40; i++) {
      char c = t.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.length() == 0 ? key(text) : sb.toString();
  }

  /** Compares texts across splits: case, spacing and quoting aside. */
  static String key(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Evaluation sets by name: "tweeteval-test" (SemEval-2017's test set), "tweeteval-val",
   * "umsab-en" (TweetEval validation again), "umsab-de", ...; never used for training.
   */
  static Map<String, List<Example>> validation(Path sharedData) throws IOException {
    Path sentiment = sharedData.resolve("sentiment");
    Map<String, List<Example>> sets = new LinkedHashMap<>();
    sets.put("tweeteval-test", readSplit(sentiment.resolve("tweeteval"), "test", "en"));
    sets.put("tweeteval-val", readSplit(sentiment.resolve("tweeteval"), "val", "en"));
    for (Map.Entry<String, String> e : UMSAB_LANGUAGES.entrySet()) {
      sets.put(
          "umsab-" + e.getValue(),
          readSplit(sentiment.resolve("umsab").resolve(e.getKey()), "val", e.getValue()));
    }
    return sets;
  }

  static List<Example> readSplit(Path dir, String split, String language) throws IOException {
    List<String> texts = Files.readAllLines(dir.resolve(split + "_text.txt"), StandardCharsets.UTF_8);
    List<String> labels =
        Files.readAllLines(dir.resolve(split + "_labels.txt"), StandardCharsets.UTF_8);
    if (texts.size() != labels.size()) {
      throw new IOException(dir + " " + split + ": " + texts.size() + " texts, " + labels.size()
          + " labels");
    }
    List<Example> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      int label = Integer.parseInt(labels.get(i).trim());
      out.add(new Example(clean(texts.get(i)), language, LABELS[label]));
    }
    return out;
  }

  static List<Example> readUci(Path file) throws IOException {
    List<Example> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        continue;
      }
      String label = line.substring(tab + 1).trim().equals("1") ? "positive" : "negative";
      out.add(new Example(line.substring(0, tab).trim(), "en", label));
    }
    return out;
  }

  /**
   * Undoes the export artifacts of the tweet files: CSV quoting ({@code "..."} with doubled quotes)
   * and literal {@code \\uXXXX} escapes.
   */
  static String clean(String s) {
    String t = s.strip();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      t = t.substring(1, t.length() - 1).replace("\"\"", "\"");
    }
    if (t.indexOf("\\u") < 0) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\\' && i + 5 < t.length() && t.charAt(i + 1) == 'u' && isHex(t, i + 2, i + 6)) {
        sb.append((char) Integer.parseInt(t.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isHex(String s, int from, int to) {
    if (to > s.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
