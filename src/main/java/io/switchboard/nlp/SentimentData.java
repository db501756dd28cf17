package io.switchboard.nlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the shared sentiment data sets (layout in shared/data/README.md): TweetEval, UMSAB and the
 * UCI labelled sentences. Training uses TweetEval's test split, UMSAB's train splits and UCI;
 * evaluation uses the validation splits only, which training never reads.
 */
final class SentimentData {
  static final String[] LABELS = {"negative", "neutral", "positive"};

  /** UMSAB folder name to ISO 639-1. */
  static final Map<String, String> UMSAB_LANGUAGES = umsabLanguages();

  /** The name of the UCI review sentences among {@link #trainingSets}: two classes, no neutral. */
  static final String UCI = "uci";

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
   * {@link #training} by set: "tweeteval-en", "umsab-de" ... "umsab-hi" (no "umsab-en") and
   * "uci", in that order.
   */
  static Map<String, List<Example>> trainingSets(Path sharedData) throws IOException {
    Path sentiment = sharedData.resolve("sentiment");
    Map<String, List<Example>> sets = new LinkedHashMap<>();
    sets.put("tweeteval-en", readSplit(sentiment.resolve("tweeteval"), "test", "en"));
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
        held.add(key(e.text()));
      }
    }
    for (Map.Entry<String, List<Example>> set : sets.entrySet()) {
      set.setValue(set.getValue().stream().filter(e -> !held.contains(key(e.text()))).toList());
    }
    return sets;
  }

  /** Compares texts across splits: case, spacing and quoting aside. */
  static String key(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
  }

  /** Validation sets by name ("tweeteval-en", "umsab-de", ...), never used for training. */
  static Map<String, List<Example>> validation(Path sharedData) throws IOException {
    Path sentiment = sharedData.resolve("sentiment");
    Map<String, List<Example>> sets = new LinkedHashMap<>();
    sets.put("tweeteval-en", readSplit(sentiment.resolve("tweeteval"), "val", "en"));
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
