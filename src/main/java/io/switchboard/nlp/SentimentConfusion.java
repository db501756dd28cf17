package io.switchboard.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How the shipped sentiment model errs on customer service: counts of (true label, predicted
 * label) over texts it never trained on, the calibration {@link ShareEstimator} corrects shares
 * with. Stored as {@value #RESOURCE}, one line per cell: {@code true<TAB>predicted<TAB>count}.
 *
 * <p>{@link #main} measures the shipped model on the project's customer-service development set
 * ({@code nlp/customer-service/<lang>.tsv}) and writes the file; a trainer that holds out part of
 * that set calls {@link #count} with its own predictions and {@link #write} instead, so the file
 * always describes the model that ships. A confusion matrix from general tweets must not be used:
 * on another domain it moves the estimates the wrong way (ADR 0028).
 */
public final class SentimentConfusion {
  public static final String RESOURCE = "/nlp/sentiment-confusion.tsv";

  /**
   * The out-of-sample posteriors behind the counts, one calibration text a line: {@code
   * true<TAB>negative<TAB>neutral<TAB>positive}. What {@link Quantifier#PACC} reads; the
   * counts of their argmax are what {@link Quantifier#ACC} reads.
   */
  public static final String POSTERIORS = "/nlp/sentiment-posteriors.tsv";

  /** The labels, in the order of every row and column here. */
  public static final List<String> LABELS = List.of("negative", "neutral", "positive");

  /** One labelled text of the customer-service set: what a person says it is, and where from. */
  public record Row(String id, String language, String channel, String label, String text) {}

  /** A labelled text with the tagger's out-of-sample posterior on it. */
  public record Scored(Row row, double[] posterior) {
    public String predicted() {
      return LABELS.get(ServiceCalibration.argmax(posterior));
    }
  }

  private final long[][] counts;
  private final ShareCalibration posteriors;

  /** @param counts {@code counts[true][predicted]}, in the order of {@link #LABELS} */
  public SentimentConfusion(long[][] counts) {
    this(counts, null);
  }

  /** The counts of a calibration's predictions, with its posteriors. */
  public SentimentConfusion(ShareCalibration posteriors) {
    this(posteriors.counts(), posteriors);
  }

  private SentimentConfusion(long[][] counts, ShareCalibration posteriors) {
    this.posteriors = posteriors;
    if (counts.length != LABELS.size()) {
      throw new IllegalArgumentException("a 3 x 3 matrix is needed");
    }
    this.counts = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != LABELS.size()) {
        throw new IllegalArgumentException("a 3 x 3 matrix is needed");
      }
      this.counts[i] = counts[i].clone();
    }
  }

  /** The counts, {@code [true][predicted]}: a copy. */
  public long[][] counts() {
    long[][] c = new long[counts.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = counts[i].clone();
    }
    return c;
  }

  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** What the share estimators read: the posteriors when known, else one-hot rows from the counts. */
  public ShareCalibration calibration() {
    return posteriors != null ? posteriors : ShareCalibration.ofCounts(counts);
  }

  /** Whether posteriors, not only counts, are known. */
  public boolean hasPosteriors() {
    return posteriors != null;
  }

  /**
   * The shipped calibration: its posteriors when {@value #POSTERIORS} is there, else the counts of
   * {@value #RESOURCE}; null when there is neither.
   */
  public static SentimentConfusion loadPackaged() {
    try (InputStream in = SentimentConfusion.class.getResourceAsStream(POSTERIORS)) {
      if (in != null) {
        return new SentimentConfusion(readPosteriors(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (InputStream in = SentimentConfusion.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code true<TAB>negative<TAB>neutral<TAB>positive} lines; {@code #} comments and a header are skipped. */
  public static ShareCalibration readPosteriors(InputStream in) throws IOException {
    List<Integer> truth = new ArrayList<>();
    List<double[]> p = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      String[] f = line.strip().split("\t");
      int t = f.length == 4 && !line.startsWith("#") ? LABELS.indexOf(f[0].strip()) : -1;
      if (t < 0 || f[1].strip().equals("negative")) {
        continue;
      }
      truth.add(t);
      p.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
    }
    return new ShareCalibration(truth.stream().mapToInt(Integer::intValue).toArray(), p.toArray(new double[0][]));
  }

  /** Writes the posteriors file: {@code comment} lines, a header, one text a line. */
  public static void writePosteriors(List<Scored> rows, Path file, String comment) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String c : comment.split("\n")) {
      out.append("# ").append(c).append('\n');
    }
    out.append("true\tnegative\tneutral\tpositive\n");
    for (Scored s : rows) {
      out.append(s.row().label());
      for (double v : s.posterior()) {
        out.append('\t').append(String.format(Locale.ROOT, "%.6f", v));
      }
      out.append('\n');
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /**
   * The customer-service development set with the tagger's out-of-sample posteriors: the tweet
   * model never trains on the set, but its customer-service calibration is fitted on it, so each
   * fifth of the set (by id) is answered by a calibration fitted on the other four fifths, and a
   * text naming a complaint event is negative, as the shipped tagger answers.
   */
  public static List<Scored> outOfFold(NlpTagger tagger) {
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, rows);
    double[][] p = new double[rows.size()][];
    for (int k = 0; k < ServiceCalibration.FOLDS; k++) {
      List<double[]> fx = new ArrayList<>();
      List<Integer> fy = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (f.folds()[i] != k) {
          fx.add(f.x().get(i));
          fy.add(f.y()[i]);
        }
      }
      ServiceCalibration cal = ServiceCalibration.fit(fx, fy.stream().mapToInt(Integer::intValue).toArray());
      for (int i = 0; i < rows.size(); i++) {
        if (f.folds()[i] == k) {
          // as SentimentModel.distribution: a complaint event is negative
          // and one the complaint gate closes on is never positive (ADR 0071)
          p[i] = f.x().get(i)[4] == 1 ? ShareCalibration.oneHot(0)
              : ServiceCalibration.gated(cal.apply(f.x().get(i)), f.x().get(i),
                  tagger.sentimentModel().gateThreshold());
        }
      }
    }
    List<Scored> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      CustomerServiceSet.Row r = rows.get(i);
      out.add(new Scored(new Row(r.id(), r.language(), r.channel(), r.sentiment().strip().toLowerCase(Locale.ROOT), r.text()), p[i]));
    }
    return out;
  }

  /** The calibration of scored rows. */
  public static ShareCalibration calibrationOf(List<Scored> rows) {
    int[] t = new int[rows.size()];
    double[][] p = new double[rows.size()][];
    for (int i = 0; i < t.length; i++) {
      t[i] = LABELS.indexOf(rows.get(i).row().label());
      p[i] = rows.get(i).posterior();
    }
    return new ShareCalibration(t, p);
  }

  /** Reads {@code true<TAB>predicted<TAB>count} lines; blank lines, {@code #} comments and a header are skipped. */
  public static SentimentConfusion read(InputStream in) throws IOException {
    long[][] c = new long[LABELS.size()][LABELS.size()];
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      String[] f = line.strip().split("\t");
      if (f.length != 3 || line.startsWith("#")) {
        continue;
      }
      int t = LABELS.indexOf(f[0].strip());
      int p = LABELS.indexOf(f[1].strip());
      if (t < 0 || p < 0) {
        continue; // the header
      }
      c[t][p] += Long.parseLong(f[2].strip());
    }
    return new SentimentConfusion(c);
  }

  /** Counts each row's true label against {@code predict}'s answer for its text. */
  public static SentimentConfusion count(List<Row> rows, Function<String, String> predict) {
    long[][] c = new long[LABELS.size()][LABELS.size()];
    for (Row row : rows) {
      int t = LABELS.indexOf(row.label());
      int p = LABELS.indexOf(predict.apply(row.text()));
      if (t >= 0 && p >= 0) {
        c[t][p]++;
      }
    }
    return new SentimentConfusion(c);
  }

  /** Writes the file, all nine cells, zeros included. */
  public void write(Path file) throws IOException {
    write(file, null);
  }

  /** Writes the file after {@code comment}'s lines (null: none). */
  public void write(Path file, String comment) throws IOException {
    StringBuilder out = new StringBuilder();
    if (comment != null) {
      for (String c : comment.split("\n")) {
        out.append("# ").append(c).append('\n');
      }
    }
    for (int t = 0; t < LABELS.size(); t++) {
      for (int p = 0; p < LABELS.size(); p++) {
        out.append(LABELS.get(t)).append('\t').append(LABELS.get(p)).append('\t').append(counts[t][p]).append('\n');
      }
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /**
   * Reads the customer-service set's files ({@code <lang>.tsv}, header {@code id lang channel kind
   * sentiment urgency text}) in a folder, in file-name order.
   */
  public static List<Row> readCustomerService(Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        continue;
      }
      List<String> header = List.of(lines.get(0).split("\t"));
      int id = header.indexOf("id"), lang = header.indexOf("lang"), channel = header.indexOf("channel");
      int label = header.indexOf("sentiment"), text = header.indexOf("text");
      if (id < 0 || label < 0 || text < 0) {
        throw new IOException(f.getFileName() + ": no id, sentiment or text column");
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split("\t", -1);
        if (c.length <= Math.max(text, label)) {
          continue;
        }
        rows.add(new Row(c[id], lang < 0 ? null : c[lang], channel < 0 ? null : c[channel],
            c[label].strip().toLowerCase(Locale.ROOT), c[text]));
      }
    }
    return rows;
  }

  /**
   * Measures the shipped tagger on the customer-service development set, out of sample ({@link
   * #outOfFold}), and writes the calibration the share estimators read: {@code SentimentConfusion
   * [resource-folder]}, by default {@code src/main/resources/nlp}, gets {@value #POSTERIORS}. Run it
   * after every change of the model or its customer-service calibration (ADR 0043); the counts file
   * {@value #RESOURCE} that {@code train} writes is only read when there are no posteriors.
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/nlp");
    QuietLogs.quietOpenNlp();
    List<Scored> rows = outOfFold(NlpTagger.load());
    String what = "the shipped sentiment model (sentiment.bin with its customer-service calibration) on the\n"
        + "customer-service development set (nlp/customer-service/*.tsv, " + rows.size() + " messages). The tweet\n"
        + "model never trains on the set; the calibration does, so each fifth of the set (by id) was\n"
        + "answered by a calibration fitted on the other four fifths (cross-fitting).\n"
        + "Written by io.switchboard.nlp.SentimentConfusion (ADR 0043).";
    Path posteriors = dir.resolve(Path.of(POSTERIORS).getFileName().toString());
    writePosteriors(rows, posteriors, "Out-of-sample posteriors of " + what);
    long[][] c = calibrationOf(rows).counts();
    System.out.printf(Locale.ROOT, "%d texts; complaints tagged positive %d, praise tagged negative %d; wrote %s%n",
        rows.size(), c[0][2], c[2][0], posteriors);
  }
}
