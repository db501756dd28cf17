package io.switchboard.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV for spreadsheets (RFC 4180, CRLF), written by Apache Commons CSV, with the one rule against
 * formula injection that every export follows: a text cell that starts with {@code = + - @}, a tab
 * or a carriage return would run as a formula in Excel, LibreOffice or Sheets, so it gets a leading
 * apostrophe (OWASP "CSV injection"). Numbers are never touched: {@code -3} stays a number.
 */
public final class Csv {
  private final CSVPrinter printer;
  private final StringBuilder out = new StringBuilder();

  private Csv(QuoteMode quoting) {
    try {
      this.printer =
          new CSVPrinter(out, CSVFormat.RFC4180.builder().setQuoteMode(quoting).get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cells quoted only where they need it (a comma, a quote, a line break). */
  public static Csv minimal() {
    return new Csv(QuoteMode.MINIMAL);
  }

  /** Every text cell quoted, numbers and empty cells bare. */
  public static Csv textQuoted() {
    return new Csv(QuoteMode.NON_NUMERIC);
  }

  /** One line; null cells are empty. */
  public Csv row(Object... cells) {
    try {
      printer.printRecord(Arrays.stream(cells).map(Csv::defuse).toArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** The cell as it is written: text that a spreadsheet would run as a formula is defused. */
  static Object defuse(Object cell) {
    if (cell instanceof CharSequence text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      return "'" + text;
    }
    return cell;
  }
}
