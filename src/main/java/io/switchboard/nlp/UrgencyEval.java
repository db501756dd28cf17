package io.switchboard.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures urgency against two kinds of truth, each per language: the project's customer-service
 * development set ({@code /nlp/customer-service/<lang>.tsv}, labelled high / normal / low by the
 * written guidelines) and the support tickets of {@code urgency/*.csv} in the shared data (priority
 * high / medium / low). Urgent counts as high. Beside each figure: the accuracy and macro-F1 of
 * always answering the set's most common class, the floor any tagger has to clear.
 *
 * <p>The tickets are synthetic and licensed for evaluation only: measured here, never trained on
 * nor mined for phrases.
 */
public final class UrgencyEval {
  /** The development set's languages, one TSV each. */
  static final List<String> DEV_LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt");
  static final String DEV_RESOURCE = "/nlp/customer-service/%s.tsv";
  /**
   * The development set's ticket-style part: formal support emails the project wrote and labelled
   * by the same guidelines (ADR 0049), in a folder of its own so the sentiment calibration, which
   * reads every file beside the guidelines, does not take them in.
   */
  static final String TICKET_RESOURCE = "/nlp/customer-service/tickets/%s.tsv";
  /** Truth and answer index: low, normal, high. */
  static final List<String> LEVELS = List.of(UrgencyRules.LOW, UrgencyRules.NORMAL, UrgencyRules.HIGH);
  /**
   * Each ticket file is also scored in two halves split by a hash of the text: errors may be read
   * in the first half only, so the second stays a held-out check on rules written from the first
   * (ADR 0044).
   */
  static final List<String> HALVES = List.of("(half read)", "(half held out)");
  /** Channels whose messages everyone can read. */
  private static final List<String> PUBLIC_CHANNELS = List.of("x", "facebook", "instagram");

  /** One labelled text. */
  record Example(String language, String text, boolean publicPost, int truth) {}

  /**
   * Agreement on one set in one language ({@code all} for the whole set); confusion rows are the
   * truth low / normal / high, columns the answer.
   */
  public record Score(
      String set, String language, int size, double macroF1, double accuracy,
      double majorityAccuracy, double majorityMacroF1, int[][] confusion) {}

  private UrgencyEval() {}

  /** {@code java io.switchboard.nlp.UrgencyEval [shared-data]}: urgency alone, no sentiment eval. */
  public static void main(String[] args) throws IOException {
    eval(NlpTagger.load(), Path.of(args.length > 0 ? args[0] : "../shared/data"), System.out);
  }

  /** Both sets, printed; the development set is skipped while it has no rows. */
  public static List<Score> eval(NlpTagger tagger, Path sharedData, PrintStream out)
      throws IOException {
    List<Score> scores = new ArrayList<>();
    out.println("urgency (rows truth low/normal/high, columns answer; majority = always the"
        + " commonest class)");
    header(out);
    scores.addAll(score("cs-dev", devSet(), tagger, out));
    scores.addAll(score("cs-dev tickets", devSet(TICKET_RESOURCE), tagger, out));
    Path dir = sharedData.resolve("urgency");
    if (Files.isDirectory(dir)) {
      List<Path> files;
      try (var list = Files.list(dir)) {
        files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
      }
      for (Path f : files) {
        List<Example> tickets = tickets(f);
        scores.addAll(score("tickets " + f.getFileName(), tickets, tagger, out));
        for (int k = 0; k < 2; k++) {
          int h = k;
          scores.addAll(score("tickets " + f.getFileName() + " " + HALVES.get(k),
              tickets.stream().filter(e -> half(e) == h).toList(), tagger, out));
        }
      }
    }
    return scores;
  }

  /** The column names of {@link #score}'s lines. */
  static void header(PrintStream out) {
    out.printf("  %-52s %-4s %5s %8s %8s %8s %8s   %s%n",
        "set", "lang", "n", "macroF1", "accuracy", "majAcc", "majF1", "confusion");
  }

  /** Customer-service rows with an urgency label as examples (unlabelled rows are left out). */
  static List<Example> examples(List<CustomerServiceSet.Row> rows) {
    List<Example> examples = new ArrayList<>();
    for (CustomerServiceSet.Row r : rows) {
      int truth = LEVELS.indexOf(r.urgency().toLowerCase(Locale.ROOT));
      if (truth >= 0) {
        examples.add(new Example(r.language(), r.text(), PUBLIC_CHANNELS.contains(r.channel()), truth));
      }
    }
    return examples;
  }

  /** The scores as {@link Evaluator} reports them: one row per set and language. */
  static List<Evaluator.UrgencyScore> forEvaluator(
      NlpTagger tagger, Path sharedData, PrintStream out) throws IOException {
    return eval(tagger, sharedData, out).stream()
        .map(s -> new Evaluator.UrgencyScore(
            s.set() + " " + s.language(), s.size(), s.accuracy(), s.confusion()))
        .toList();
  }

  /** Per language, then all together when the set has more than one language. */
  static List<Score> score(String set, List<Example> examples, NlpTagger tagger, PrintStream out) {
    Map<String, int[][]> byLanguage = new LinkedHashMap<>();
    int[][] all = new int[3][3];
    for (Example e : examples) {
      NlpTagger.Analysis a = tagger.analyze(
          e.text(), e.language(), ConversationFacts.Facts.NONE, e.publicPost(), null);
      int answer = levelIndex(a.urgency());
      byLanguage.computeIfAbsent(e.language(), k -> new int[3][3])[e.truth()][answer]++;
      all[e.truth()][answer]++;
    }
    List<Score> scores = new ArrayList<>();
    for (Map.Entry<String, int[][]> l : byLanguage.entrySet()) {
      scores.add(print(set, l.getKey(), l.getValue(), out));
    }
    if (byLanguage.size() > 1) {
      scores.add(print(set, "all", all, out));
    }
    return scores;
  }

  private static Score print(String set, String language, int[][] c, PrintStream out) {
    int n = 0;
    int commonest = 0;
    int[] rowSums = new int[3];
    for (int t = 0; t < 3; t++) {
      for (int v : c[t]) {
        rowSums[t] += v;
      }
      n += rowSums[t];
      if (rowSums[t] > rowSums[commonest]) {
        commonest = t;
      }
    }
    int[][] majority = new int[3][3];
    for (int t = 0; t < 3; t++) {
      majority[t][commonest] = rowSums[t];
    }
    Score s = new Score(set, language, n, Evaluator.macroF1(c), Evaluator.accuracy(c),
        Evaluator.accuracy(majority), Evaluator.macroF1(majority), c);
    out.printf(Locale.ROOT, "  %-52s %-4s %5d %8.3f %8.3f %8.3f %8.3f   %s%n",
        s.set(), s.language(), s.size(), s.macroF1(), s.accuracy(), s.majorityAccuracy(),
        s.majorityMacroF1(), Evaluator.rows(c));
    return s;
  }

  /** An answer's column: urgent counts as high. */
  static int levelIndex(String urgency) {
    return switch (urgency) {
      case UrgencyRules.LOW -> 0;
      case UrgencyRules.NORMAL -> 1;
      default -> 2;
    };
  }

  /**
   * A ticket's half: 0 may be read for errors, 1 is only scored. The parity of the text's {@code
   * hashCode} (that of the sum of its characters): the split ADR 0044 read and held out by, so it
   * must not change.
   */
  static int half(Example e) {
    return Math.floorMod(e.text().hashCode(), 2);
  }

  /** Ticket priorities: subject and body as one text, medium read as normal. */
  static List<Example> tickets(Path csv) throws IOException {
    List<Example> examples = new ArrayList<>();
    for (Map<String, String> r : Evaluator.Csv.read(csv)) {
      String p = r.getOrDefault("priority", "").strip().toLowerCase(Locale.ROOT);
      int truth = List.of("low", "medium", "high").indexOf(p);
      if (truth < 0) {
        continue;
      }
      String lang = r.getOrDefault("language", "").strip();
      String text = r.getOrDefault("subject", "") + "\n" + r.getOrDefault("body", "");
      examples.add(new Example(lang.isEmpty() ? "und" : lang, text, false, truth));
    }
    return examples;
  }

  /** The development set's rows in every language that has a file; none while it is empty. */
  static List<Example> devSet() throws IOException {
    return devSet(DEV_RESOURCE);
  }

  /** The rows of {@code resource} (a pattern with {@code %s} for the language) in every language. */
  static List<Example> devSet(String resource) throws IOException {
    List<Example> examples = new ArrayList<>();
    for (String lang : DEV_LANGUAGES) {
      InputStream in = UrgencyEval.class.getResourceAsStream(String.format(resource, lang));
      if (in == null) {
        continue;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        examples.addAll(devRows(r));
      }
    }
    return examples;
  }

  /** Rows of {@code id lang channel kind sentiment urgency text}, columns found by the header. */
  static List<Example> devRows(BufferedReader r) throws IOException {
    List<Example> examples = new ArrayList<>();
    String header = r.readLine();
    if (header == null) {
      return examples;
    }
    List<String> cols = List.of(header.strip().split("\t"));
    int lang = cols.indexOf("lang");
    int channel = cols.indexOf("channel");
    int urgency = cols.indexOf("urgency");
    int text = cols.indexOf("text");
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      String[] f = line.split("\t", -1);
      if (line.isBlank() || f.length <= Math.max(Math.max(lang, urgency), text)) {
        continue;
      }
      int truth = LEVELS.indexOf(f[urgency].strip().toLowerCase(Locale.ROOT));
      if (truth < 0) {
        continue;
      }
      boolean publicPost = channel >= 0 && PUBLIC_CHANNELS.contains(f[channel].strip());
      examples.add(new Example(f[lang].strip(), f[text], publicPost, truth));
    }
    return examples;
  }
}
