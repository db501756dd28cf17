package io.switchboard.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's customer-service development set ({@code /nlp/customer-service/<lang>.tsv},
 * labelled by the GUIDELINES.md beside it): messages customers sent to support, with sentiment,
 * urgency and kind. Packaged with the code, so {@code eval} and {@code train} need no shared data
 * for it.
 */
final class CustomerServiceSet {
  static final String FOLDER = "/nlp/customer-service/";

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
    List<Row> rows = new ArrayList<>();
    try (InputStream in = CustomerServiceSet.class.getResourceAsStream(FOLDER + language + ".tsv")) {
      if (in == null) {
        return rows;
      }
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
