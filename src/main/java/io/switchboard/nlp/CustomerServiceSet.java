package io.switchboard.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's customer-service development set ({@code /nlp/customer-service/<lang>.tsv},
 * labelled by the GUIDELINES.md beside it): messages customers sent to support, with sentiment,
 * urgency and kind. Packaged with the code, so {@code eval} and {@code train} need no shared data
 * for it. The training rows of the {@code train/} folder beside it are read apart ({@link
 * #trainingRows}), and so are the held-out rows of the {@code heldout/} folder ({@link
 * #heldOutRows}); {@link #load()} lists the development files by language, so never either.
 */
final class CustomerServiceSet {
  static final String FOLDER = "/nlp/customer-service/";

  /** Training rows in the development set's format, written apart from it (GUIDELINES.md). */
  static final String TRAIN_FOLDER = FOLDER + "train/";

  /**
   * Rows in the development set's format that nothing trains, calibrates or chooses on: a second
   * held-out set, only measured ({@code eval}, ADR 0061).
   */
  static final String HELD_OUT_FOLDER = FOLDER + "heldout/";

  /** One labelled message. */
  record Row(String id, String language, String channel, String kind, String sentiment,
      String urgency, String text) {}

  private CustomerServiceSet() {}

  /** Every row of every inbox language's file, in language then file order. */
  static List<Row> load() {
    List<Row> rows = new ArrayList<>();
    for (String lang : Evaluator.LANGUAGES) {
      rows.addAll(load(lang));
    }
    return rows;
  }

  /** The rows of one language; none when its file is missing. */
  static List<Row> load(String language) {
    try (InputStream in = CustomerServiceSet.class.getResourceAsStream(FOLDER + language + ".tsv")) {
      return in == null ? new ArrayList<>() : read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The training rows, {@code /nlp/customer-service/train/*.tsv} in name order: written for
   * training like the development set, never measured on. {@link #load()} never reads them.
   */
  static List<Row> trainingRows() {
    return folderRows(TRAIN_FOLDER);
  }

  /**
   * The held-out rows, {@code /nlp/customer-service/heldout/*.tsv} in name order: measured by
   * {@code eval} only. Neither {@link #load()} nor {@link #trainingRows()} reads them, so the tweet
   * model, the customer-service calibration and the share calibration never see them.
   */
  static List<Row> heldOutRows() {
    return folderRows(HELD_OUT_FOLDER);
  }

  /**
   * The held-out rows file by file, each under its name without {@code .tsv} ("td", "te", "tf"), in name
   * order: each set was written apart, so {@code eval} reports each on its own (ADR 0066).
   */
  static Map<String, List<Row>> heldOutSets() {
    Map<String, List<Row>> sets = new LinkedHashMap<>();
    for (String name : tsvFiles(HELD_OUT_FOLDER)) {
      sets.put(name.substring(0, name.length() - ".tsv".length()), fileRows(HELD_OUT_FOLDER + name));
    }
    return sets;
  }

  private static List<Row> folderRows(String folder) {
    List<Row> rows = new ArrayList<>();
    for (String name : tsvFiles(folder)) {
      rows.addAll(fileRows(folder + name));
    }
    return rows;
  }

  private static List<Row> fileRows(String resource) {
    try (InputStream in = CustomerServiceSet.class.getResourceAsStream(resource)) {
      return in == null ? new ArrayList<>() : read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code .tsv} names in {@code folder}, from the classes folder or the jar. */
  private static List<String> tsvFiles(String folder) {
    URL url = CustomerServiceSet.class.getResource(folder);
    if (url == null) {
      return List.of();
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return tsvNames(fs.getPath(folder));
      }
      return tsvNames(Path.of(uri));
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot list " + folder, e);
    }
  }

  private static List<String> tsvNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tsv")).sorted()
          .toList();
    }
  }

  /** Rows of one file: a header naming the columns, then one message a line. */
  private static List<Row> read(InputStream in) throws IOException {
    List<Row> rows = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = r.readLine();
    if (header == null) {
      return rows;
    }
    List<String> columns = List.of(header.strip().split("\t"));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      rows.add(new Row(get(f, columns, "id"), get(f, columns, "lang"),
          get(f, columns, "channel"), get(f, columns, "kind"), get(f, columns, "sentiment"),
          get(f, columns, "urgency"), get(f, columns, "text")));
    }
    return rows;
  }

  private static String get(String[] fields, List<String> columns, String name) {
    int i = columns.indexOf(name);
    return i < 0 || i >= fields.length ? "" : fields[i].strip();
  }

  /** What {@link ServiceCalibration} fits on: features, labels and folds of the rows. */
  record Features(List<double[]> x, int[] y, int[] folds) {}

  /** The calibration features of {@code rows} as {@code tagger} reads them. */
  static Features features(NlpTagger tagger, List<Row> rows) {
    List<double[]> x = new ArrayList<>(rows.size());
    int[] y = new int[rows.size()];
    int[] folds = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      x.add(tagger.serviceFeatures(r.text(), r.language()));
      y[i] = Evaluator.labelIndex(r.sentiment());
      folds[i] = fold(r, ServiceCalibration.FOLDS);
    }
    return new Features(x, y, folds);
  }

  /** The fold of a row, 0 to {@code folds - 1}, by its id: the same on every run. */
  static int fold(Row row, int folds) {
    return Math.floorMod(row.id().hashCode() * 0x9E3779B1, folds);
  }
}
