package io.switchboard.nlp;

import java.io.IOException;
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
 * Measures the shipped taggers on the shared data (none of it seen in training):
 *
 * <ul>
 *   <li>sentiment: macro-F1, macro-recall (SemEval-2017's measure), accuracy and confusion matrix
 *       on TweetEval's test split (SemEval-2017's test set, printed beside the published systems),
 *       TweetEval's validation split and UMSAB {@code val_*} per language, tagged as the inbox
 *       would (language detected, the split's language as the fallback);
 *   <li>sentiment on the project's customer-service development set ({@link CustomerServiceSet}):
 *       macro-F1 per language and overall, the confusion matrix, and the share of complaints
 *       (true negatives) tagged positive;
 *   <li>language: accuracy on {@code language/sentences} for en, de, fr, es, it, pt ({@code und}
 *       counts as wrong), plus all 79 languages for information;
 *   <li>urgency: {@link UrgencyEval}, per language on the customer-service development set and
 *       the ticket priorities of {@code urgency/*.csv}.
 * </ul>
 */
public final class Evaluator {
  static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt");

  /** Sentiment on one validation set; confusion rows are the truth, columns the answer. */
  public record SentimentScore(
      String set, int size, double macroF1, double accuracy, int[][] confusion) {
    public double macroRecall() {
      return Evaluator.macroRecall(confusion);
    }

    /** The share of true negatives (complaints) answered positive. */
    public double negativeAsPositive() {
      int n = confusion[0][0] + confusion[0][1] + confusion[0][2];
      return n == 0 ? 0 : confusion[0][2] / (double) n;
    }
  }

  /**
   * Published SemEval-2017 task 4A results on its test set (TweetEval's test split), macro-recall:
   * Barbieri et al. 2020 (TweetEval) for the SVM, FastText and RoBERTa rows, Rosenthal et al. 2017
   * for the best system of the campaign.
   */
  static final String PEERS =
      "bag-of-words SVM 0.629, FastText 0.629, best SemEval-2017 system about 0.68, "
          + "fine-tuned RoBERTa 0.73";

  public record LanguageScore(String language, int size, double accuracy) {}

  /** Agreement with ticket priorities; confusion rows low/medium/high truth, columns answer. */
  public record UrgencyScore(String file, int size, double agreement, int[][] confusion) {}

  public record Report(
      List<SentimentScore> sentiment,
      List<LanguageScore> languages,
      double languageAccuracy,
      double allLanguagesAccuracy,
      List<UrgencyScore> urgency,
      List<SentimentScore> customerService,
      List<SentimentScore> inboxSentiment) {
    public SentimentScore sentiment(String set) {
      return sentiment.stream().filter(s -> s.set().equals(set)).findFirst().orElseThrow();
    }
  }

  private Evaluator() {}

  public static void main(String[] args) throws IOException {
    eval(Path.of(args.length > 0 ? args[0] : "../shared/data"), System.out);
  }

  public static Report eval(Path sharedData, PrintStream out) throws IOException {
    NlpTagger tagger = NlpTagger.load();
    LanguageDetector detector = LanguageDetector.load();
    NlpTagger tweetModel = tagger.withSentimentModel(tagger.sentimentModel().withCalibration(null));
    out.println("sentiment model (sentiment.bin as trained on tweets, without the customer-service"
        + " calibration)");
    List<SentimentScore> sentiment = evalSentiment(tweetModel, sharedData, out);
    List<SentimentScore> inbox = List.of();
    if (tagger.sentimentModel().isCalibrated()) {
      out.println("the same sets tagged as the inbox tags (with the customer-service calibration, "
          + "fitted for customer-service messages, not tweets)");
      inbox = evalSentiment(tagger, sharedData, out);
    }
    List<SentimentScore> service = evalCustomerService(tagger, out);
    List<LanguageScore> languages = new ArrayList<>();
    double[] overall = evalLanguages(detector, sharedData, languages, out);
    List<UrgencyScore> urgency = UrgencyEval.forEvaluator(tagger, sharedData, out);
    return new Report(sentiment, languages, overall[0], overall[1], urgency, service, inbox);
  }

  /**
   * The customer-service development set tagged by {@code tagger}, which never trained on it: one
   * score a language ("cs-en" ...) and "cs-all".
   */
  static List<SentimentScore> evalCustomerService(NlpTagger tagger, PrintStream out) {
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    List<String> answers = new ArrayList<>(rows.size());
    boolean crossFitted = tagger.sentimentModel().isCalibrated();
    if (crossFitted) {
      // the calibration was fitted on these rows: answer each fifth with one fitted without it
      answers.addAll(crossFittedAnswers(tagger, rows));
    } else {
      for (CustomerServiceSet.Row r : rows) {
        answers.add(
            tagger.analyze(r.text(), r.language(), ConversationFacts.Facts.NONE, false, null)
                .sentiment());
      }
    }
    out.println("sentiment, customer-service development set (nlp/customer-service, "
        + (crossFitted
            ? "out-of-fold: each fifth answered by a calibration fitted on the other four; "
            : "never trained on; ")
        + "rows truth, columns answer: neg neu pos)");
    return printCustomerService(rows, answers, out);
  }

  /**
   * The answers to {@code rows} of {@code tagger}'s sentiment model under a customer-service
   * calibration refitted out of fold: each fifth (by id) answered by one fitted on the other four.
   */
  static List<String> crossFittedAnswers(NlpTagger tagger, List<CustomerServiceSet.Row> rows) {
    CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, rows);
    List<String> answers = new ArrayList<>(rows.size());
    for (int a : ServiceCalibration.crossFitted(f.x(), f.y(), f.folds())) {
      answers.add(SentimentModel.LABELS[a]);
    }
    return answers;
  }

  static List<SentimentScore> printCustomerService(
      List<CustomerServiceSet.Row> rows, List<String> answers, PrintStream out) {
    out.printf("  %-14s %5s %8s %8s %12s   %s%n", "set", "n", "macroF1", "accuracy",
        "negAsPos", "confusion");
    List<SentimentScore> scores = new ArrayList<>();
    int[][] all = new int[3][3];
    for (String lang : LANGUAGES) {
      int[][] c = new int[3][3];
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i).language().equals(lang)) {
          c[labelIndex(rows.get(i).sentiment())][labelIndex(answers.get(i))]++;
        }
      }
      if (sum(c) > 0) {
        scores.add(printScore("cs-" + lang, c, out));
        for (int k = 0; k < 3; k++) {
          for (int j = 0; j < 3; j++) {
            all[k][j] += c[k][j];
          }
        }
      }
    }
    scores.add(printScore("cs-all", all, out));
    return scores;
  }

  private static SentimentScore printScore(String set, int[][] c, PrintStream out) {
    SentimentScore s = new SentimentScore(set, sum(c), macroF1(c), accuracy(c), c);
    out.printf(Locale.ROOT, "  %-14s %5d %8.3f %8.3f %11.1f%%   %s%n", set, s.size(),
        s.macroF1(), s.accuracy(), 100 * s.negativeAsPositive(), rows(c));
    return s;
  }

  static List<SentimentScore> evalSentiment(NlpTagger tagger, Path sharedData, PrintStream out)
      throws IOException {
    List<SentimentScore> scores = new ArrayList<>();
    out.println("sentiment (evaluation splits, never trained on; rows truth, columns answer: "
        + "neg neu pos)");
    out.printf("  %-14s %5s %8s %8s %8s   %s%n", "set", "n", "macroF1", "macroRec", "accuracy",
        "confusion");
    for (Map.Entry<String, List<SentimentData.Example>> set :
        SentimentData.validation(sharedData).entrySet()) {
      int[][] confusion = new int[3][3];
      for (SentimentData.Example e : set.getValue()) {
        NlpTagger.Analysis a =
            tagger.analyze(e.text(), e.language(), ConversationFacts.Facts.NONE, false, null);
        confusion[labelIndex(e.label())][labelIndex(a.sentiment())]++;
      }
      SentimentScore s =
          new SentimentScore(
              set.getKey(), set.getValue().size(), macroF1(confusion), accuracy(confusion),
              confusion);
      scores.add(s);
      out.printf(
          Locale.ROOT, "  %-14s %5d %8.3f %8.3f %8.3f   %s%n",
          s.set(), s.size(), s.macroF1(), s.macroRecall(), s.accuracy(), rows(confusion));
    }
    out.println("  peers on tweeteval-test (SemEval-2017 test, published macro-recall): " + PEERS);
    return scores;
  }

  /** Returns {accuracy over the six inbox languages, accuracy over every file}. */
  static double[] evalLanguages(
      LanguageDetector detector, Path sharedData, List<LanguageScore> scores, PrintStream out)
      throws IOException {
    Path dir = sharedData.resolve("language").resolve("sentences");
    out.println("language (sentences; und counts as wrong)");
    int right = 0;
    int total = 0;
    for (String lang : LANGUAGES) {
      List<String> lines = readLines(dir.resolve(lang + ".txt"));
      int ok = 0;
      for (String s : lines) {
        if (detector.detect(s).language().equals(lang)) {
          ok++;
        }
      }
      right += ok;
      total += lines.size();
      LanguageScore score = new LanguageScore(lang, lines.size(), ok / (double) lines.size());
      scores.add(score);
      out.printf(Locale.ROOT, "  %-3s %5d %8.4f%n", lang, score.size(), score.accuracy());
    }
    int allRight = 0;
    int allTotal = 0;
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String lang = f.getFileName().toString().replace(".txt", "");
        for (String s : readLines(f)) {
          allTotal++;
          if (detector.detect(s).language().equals(lang)) {
            allRight++;
          }
        }
      }
    }
    double six = right / (double) total;
    double all = allTotal == 0 ? 0 : allRight / (double) allTotal;
    out.printf(Locale.ROOT, "  inbox languages %.4f (%d sentences); all %d files %.4f%n",
        six, total, countFiles(dir), all);
    return new double[] {six, all};
  }

  static int labelIndex(String label) {
    for (int i = 0; i < SentimentModel.LABELS.length; i++) {
      if (SentimentModel.LABELS[i].equals(label)) {
        return i;
      }
    }
    throw new IllegalArgumentException(label);
  }

  static double macroF1(int[][] c) {
    return macroF1(c, new int[] {0, 1, 2});
  }

  /** Macro-F1 over the given classes only (answers of other classes still count as misses). */
  static double macroF1(int[][] c, int[] classes) {
    double sum = 0;
    for (int k : classes) {
      int tp = c[k][k];
      int fp = 0;
      int fn = 0;
      for (int j = 0; j < c.length; j++) {
        if (j != k) {
          fp += c[j][k];
          fn += c[k][j];
        }
      }
      double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
      double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
      sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
    return sum / classes.length;
  }

  /** The mean of the three classes' recall: SemEval-2017 task 4A's measure. */
  static double macroRecall(int[][] c) {
    double sum = 0;
    for (int k = 0; k < c.length; k++) {
      int n = 0;
      for (int v : c[k]) {
        n += v;
      }
      sum += n == 0 ? 0 : c[k][k] / (double) n;
    }
    return sum / c.length;
  }

  static double accuracy(int[][] c) {
    int right = 0;
    for (int k = 0; k < c.length; k++) {
      right += c[k][k];
    }
    int n = sum(c);
    return n == 0 ? 0 : right / (double) n;
  }

  private static int sum(int[][] c) {
    int n = 0;
    for (int[] row : c) {
      for (int v : row) {
        n += v;
      }
    }
    return n;
  }

  static String rows(int[][] c) {
    StringBuilder sb = new StringBuilder();
    for (int[] row : c) {
      sb.append('[');
      for (int j = 0; j < row.length; j++) {
        sb.append(j == 0 ? "" : " ").append(String.format(Locale.ROOT, "%4d", row[j]));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  private static List<String> readLines(Path f) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    return lines;
  }

  private static long countFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.count();
    }
  }

  /** RFC 4180 CSV with a header line: quoted fields may hold commas, quotes and newlines. */
  static final class Csv {
    private Csv() {}

    static List<Map<String, String>> read(Path file) throws IOException {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      List<List<String>> records = new ArrayList<>();
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            i++;
          }
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
        } else {
          field.append(c);
        }
      }
      if (field.length() > 0 || !record.isEmpty()) {
        record.add(field.toString());
        records.add(record);
      }
      List<Map<String, String>> rows = new ArrayList<>();
      if (records.isEmpty()) {
        return rows;
      }
      List<String> header = records.get(0);
      for (List<String> r : records.subList(1, records.size())) {
        if (r.size() == 1 && r.get(0).isEmpty()) {
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int k = 0; k < header.size() && k < r.size(); k++) {
          row.put(header.get(k).strip(), r.get(k));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
