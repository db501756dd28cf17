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
 *       the ticket priorities of {@code urgency/*.csv};
 *   <li>each held-out customer-service set ({@link CustomerServiceSet#heldOutSets}: td, te, tf), which
 *       nothing trains, calibrates or chooses on, each on its own: sentiment as the inbox tags it,
 *       urgency per language, and the shipped share estimator against plain counting at the set's
 *       own mix and resampled to {@link SharesHeldOut#MIXES} (ADRs 0061, 0066).
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

  /**
   * One held-out customer-service set, {@code name} ("td"): sentiment per language ("ho-td-en" ...
   * "ho-td-all"), urgency per language, and the share comparisons (the whole set first, then the
   * resampled mixes).
   */
  public record HeldOutScore(
      String name, List<SentimentScore> sentiment, List<UrgencyEval.Score> urgency,
      List<SharesHeldOut.Result> shares) {}

  /** Samples drawn at each mix of {@link SharesHeldOut#MIXES} from the held-out set. */
  static final int SHARE_RESAMPLES = 200;

  /** Texts in each of those samples. */
  static final int SHARE_SAMPLE = 300;

  public record Report(
      List<SentimentScore> sentiment,
      List<LanguageScore> languages,
      double languageAccuracy,
      double allLanguagesAccuracy,
      List<UrgencyScore> urgency,
      List<SentimentScore> customerService,
      List<SentimentScore> inboxSentiment,
      List<HeldOutScore> heldOut) {
    public SentimentScore sentiment(String set) {
      return sentiment.stream().filter(s -> s.set().equals(set)).findFirst().orElseThrow();
    }

    /** The held-out set {@code name} ("td", "te", "tf"). */
    public HeldOutScore heldOut(String name) {
      return heldOut.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private Evaluator() {}

  public static void main(String[] args) throws IOException {
    eval(Path.of(args.length > 0 ? args[0] : "../shared/data"), System.out);
  }

  public static Report eval(Path sharedData, PrintStream out) throws IOException {
    return eval(sharedData, out, SHARE_RESAMPLES);
  }

  /**
   * As {@link #eval(Path, PrintStream)}, with {@code shareResamples} samples at each mix of the
   * held-out set's share comparison (each costs a bootstrap interval: a test that only checks the
   * report's shape draws fewer).
   */
  public static Report eval(Path sharedData, PrintStream out, int shareResamples) throws IOException {
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
    List<HeldOutScore> heldOut =
        evalHeldOut(tagger, ShareEstimator.packaged(), shareResamples, out);
    return new Report(sentiment, languages, overall[0], overall[1], urgency, service, inbox,
        heldOut);
  }

  /**
   * Every held-out customer-service set ({@link CustomerServiceSet#heldOutSets}), each on its own as
   * {@link #evalHeldOut(String, List, NlpTagger, ShareEstimator, int, PrintStream)} measures it.
   */
  static List<HeldOutScore> evalHeldOut(
      NlpTagger tagger, ShareEstimator estimator, int resamples, PrintStream out) {
    List<HeldOutScore> scores = new ArrayList<>();
    for (Map.Entry<String, List<CustomerServiceSet.Row>> set :
        CustomerServiceSet.heldOutSets().entrySet()) {
      if (!set.getValue().isEmpty()) {
        scores.add(evalHeldOut(set.getKey(), set.getValue(), tagger, estimator, resamples, out));
      }
    }
    return scores;
  }

  /**
   * The held-out customer-service set {@code name}: nothing trains, calibrates or chooses on it, so
   * the shipped tagger answers it as it is. Sentiment as the inbox tags (model, customer-service
   * calibration, complaint events), urgency per language, and shares: {@code estimator} on each
   * text's posterior as {@code classify --shares} computes them and on each tag's count and summed
   * score as the digest does, beside plain counting, on the whole set and on {@code resamples}
   * samples of {@link #SHARE_SAMPLE} at each mix. Reported only.
   */
  static HeldOutScore evalHeldOut(
      String name, List<CustomerServiceSet.Row> rows, NlpTagger tagger, ShareEstimator estimator,
      int resamples, PrintStream out) {
    String what = "held-out customer-service set " + name + " (nlp/customer-service/heldout/"
        + name + ".tsv, " + rows.size() + " messages; never trained, calibrated or chosen on)";
    out.println("sentiment, " + what + ", tagged as the inbox tags (rows truth, columns answer: "
        + "neg neu pos)");
    List<String> answers = new ArrayList<>(rows.size());
    for (CustomerServiceSet.Row r : rows) {
      answers.add(tagger.analyze(r.text(), r.language(), ConversationFacts.Facts.NONE, false, null)
          .sentiment());
    }
    List<SentimentScore> sentiment = printCustomerService("ho-" + name + "-", rows, answers, out);
    out.println("urgency, " + what);
    UrgencyEval.header(out);
    List<UrgencyEval.Score> urgency =
        UrgencyEval.score("cs-heldout-" + name, UrgencyEval.examples(rows), tagger, out);
    List<SharesHeldOut.Result> shares = List.of();
    if (estimator.adjusts()) {
      List<SharesHeldOut.Tagged> tagged = new ArrayList<>(rows.size());
      for (CustomerServiceSet.Row r : rows) {
        tagged.add(new SharesHeldOut.Tagged(
            new SentimentConfusion.Row(r.id(), r.language(), r.channel(),
                r.sentiment().toLowerCase(Locale.ROOT), r.text()),
            tagger.sentimentDistribution(r.text())));
      }
      shares = SharesHeldOut.heldOutSet("held-out", tagged, estimator.calibration(),
          resamples, SHARE_SAMPLE);
      printShares(name, shares, resamples, out);
    }
    return new HeldOutScore(name, sentiment, urgency, shares);
  }

  /** The share comparisons of {@link #evalHeldOut}: the whole set, then each mix's summary. */
  private static void printShares(
      String name, List<SharesHeldOut.Result> shares, int resamples, PrintStream out) {
    String shipped = ShareEstimator.SHIPPED.name();
    String digest = SharesHeldOut.digest(shipped);
    String plain = Quantifier.CC.name();
    out.printf(Locale.ROOT, "shares, held-out customer-service set %s: the shipped estimator (%s, "
        + "the packaged calibration) per text as classify --shares computes them and from each tag's "
        + "count and summed score as the digest does, beside plain counting (%s); %d samples of %d "
        + "at each mix, each class drawn with replacement; points%n", name, shipped, plain,
        resamples, SHARE_SAMPLE);
    SharesHeldOut.Result whole = shares.get(0);
    out.printf(Locale.ROOT, "  every text (n %d)%n", whole.n());
    out.printf(Locale.ROOT, "  %-9s %6s %22s %22s %8s%n", "share", "true", shipped + " [90 %]",
        digest + " [90 %]", plain);
    for (int k = 0; k < 3; k++) {
      String label = ShareEstimator.LABELS.get(k);
      ShareEstimator.Share a = whole.shipped().get(label);
      ShareEstimator.Share d = whole.shippedDigest().get(label);
      out.printf(Locale.ROOT, "  %-9s %6.1f %6.1f [%5.1f-%5.1f] %6.1f [%5.1f-%5.1f] %8.1f%n", label,
          100 * whole.truth()[k], 100 * a.estimate(), 100 * a.low(), 100 * a.high(),
          100 * d.estimate(), 100 * d.low(), 100 * d.high(),
          100 * whole.estimates().get(plain)[k]);
    }
    out.printf(Locale.ROOT, "  largest error: %s %.1f, %s %.1f, %s %.1f%n", shipped,
        100 * whole.error(shipped), digest, 100 * whole.error(digest), plain,
        100 * whole.error(plain));
    List<SharesHeldOut.Result> samples = shares.subList(1, shares.size());
    out.printf(Locale.ROOT, "  %-22s %5s %9s %9s %9s %12s %12s %12s %14s   %s%n", "mix (neg/neu/pos)",
        "runs", shipped, digest, plain, shipped + " <=3", digest + " <=3", plain + " <=3",
        "90 % holds", shipped + " bias neg/neu/pos");
    Map<String, List<SharesHeldOut.Result>> byMix = new LinkedHashMap<>();
    samples.forEach(r -> byMix.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<SharesHeldOut.Result>> g : byMix.entrySet()) {
      List<SharesHeldOut.Result> rs = g.getValue();
      long covered = 0;
      long digestCovered = 0;
      for (SharesHeldOut.Result r : rs) {
        for (int k = 0; k < 3; k++) {
          covered += r.covers(k) ? 1 : 0;
          digestCovered += r.digestCovers(k) ? 1 : 0;
        }
      }
      double[] bias = new double[3];
      for (int k = 0; k < 3; k++) {
        int kk = k;
        bias[k] = 100 * rs.stream()
            .mapToDouble(r -> r.estimates().get(shipped)[kk] - r.truth()[kk]).average().orElse(0);
      }
      out.printf(Locale.ROOT,
          "  %-22s %5d %9.1f %9.1f %9.1f %11.0f%% %11.0f%% %11.0f%% %6.0f%%/%3.0f%%   %+.1f/%+.1f/%+.1f%n",
          g.getKey().replace("held-out at ", ""), rs.size(), meanError(rs, shipped),
          meanError(rs, digest), meanError(rs, plain), within3(rs, shipped), within3(rs, digest),
          within3(rs, plain), 100.0 * covered / (3 * rs.size()),
          100.0 * digestCovered / (3 * rs.size()), bias[0], bias[1], bias[2]);
    }
    out.println("  (mean largest error over the three shares; <=3: samples whose three shares are "
        + "all within 3 points; 90 % holds: intervals holding the true share, per text / digest; bias: "
        + "mean signed error of each share)");
    out.println("  every estimator, mean largest error (reported only; nothing is chosen here):");
    SharesHeldOut.summary(shares, new ArrayList<>(whole.estimates().keySet()), out);
  }

  private static double meanError(List<SharesHeldOut.Result> rs, String method) {
    return 100 * rs.stream().mapToDouble(r -> r.error(method)).average().orElse(Double.NaN);
  }

  private static double within3(List<SharesHeldOut.Result> rs, String method) {
    return 100.0 * rs.stream().filter(r -> r.error(method) <= 0.03 + 1e-12).count() / rs.size();
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
    return printCustomerService("cs-", rows, answers, out);
  }

  /**
   * The answers to {@code rows} of {@code tagger}'s sentiment model under a customer-service
   * calibration refitted out of fold: each fifth (by id) answered by one fitted on the other four.
   */
  static List<String> crossFittedAnswers(NlpTagger tagger, List<CustomerServiceSet.Row> rows) {
    return crossFittedAnswers(CustomerServiceSet.features(tagger, rows),
        ServiceCalibration.MAX_COMPLAINTS_POSITIVE, tagger.sentimentModel().gateThreshold());
  }

  /**
   * The labels {@link ServiceCalibration#crossFitted} answers on {@code f}, each fold's calibration
   * fitted with the cap {@code maxComplaintsPositive} and gated at {@code gateThreshold}.
   */
  static List<String> crossFittedAnswers(
      CustomerServiceSet.Features f, double maxComplaintsPositive, double gateThreshold) {
    List<String> answers = new ArrayList<>(f.y().length);
    for (int a : ServiceCalibration.crossFitted(f.x(), f.y(), f.folds(), maxComplaintsPositive, gateThreshold)) {
      answers.add(SentimentModel.LABELS[a]);
    }
    return answers;
  }

  static List<SentimentScore> printCustomerService(
      List<CustomerServiceSet.Row> rows, List<String> answers, PrintStream out) {
    return printCustomerService("cs-", rows, answers, out);
  }

  /** As {@link #printCustomerService(List, List, PrintStream)}, the sets named {@code prefix + lang}. */
  static List<SentimentScore> printCustomerService(
      String prefix, List<CustomerServiceSet.Row> rows, List<String> answers, PrintStream out) {
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
        scores.add(printScore(prefix + lang, c, out));
        for (int k = 0; k < 3; k++) {
          for (int j = 0; j < 3; j++) {
            all[k][j] += c[k][j];
          }
        }
      }
    }
    scores.add(printScore(prefix + "all", all, out));
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
