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

  /** The labels, in the order of every row and column here. */
  public static final List<String> LABELS = List.of("negative", "neutral", "positive");

  /** One labelled text of the customer-service set: what a person says it is, and where from. */
  public record Row(String id, String language, String channel, String label, String text) {}

  private final long[][] counts;

  /** @param counts {@code counts[true][predicted]}, in the order of {@link #LABELS} */
  public SentimentConfusion(long[][] counts) {
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

  /** The shipped calibration, or null when there is none on the class path. */
  public static SentimentConfusion loadPackaged() {
    try (InputStream in = SentimentConfusion.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    StringBuilder out = new StringBuilder();
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
   * Measures the shipped tagger on the customer-service set and writes the calibration: {@code
   * SentimentConfusion [set-folder] [out-file]}, by default the project's own paths.
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/nlp/customer-service");
    Path out = Path.of(args.length > 1 ? args[1] : "src/main/resources/nlp/sentiment-confusion.tsv");
    QuietLogs.quietOpenNlp();
    List<Row> rows = readCustomerService(dir);
    NlpTagger tagger = NlpTagger.load();
    SentimentConfusion c = count(rows, text -> tagger.analyze(text).sentiment());
    c.write(out);
    System.out.printf(Locale.ROOT, "%d texts; wrote %s%n", c.total(), out);
  }
}
