package io.switchboard.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void textThatASpreadsheetWouldRunIsDefused() {
    String csv = Csv.minimal().row("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tcmd", "plain").toString();
    assertThat(csv).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tcmd,plain\r\n");
  }

  @Test
  void numbersAreNeverDefused() {
    assertThat(Csv.minimal().row(-3, -0.5, new BigDecimal("-1.250")).toString()).isEqualTo("-3,-0.5,-1.250\r\n");
  }

  @Test
  void minimalQuotesOnlyWhatNeedsIt() {
    assertThat(Csv.minimal().row("a,b", "say \"hi\"", "two\nlines", null, "x").toString())
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,x\r\n");
  }

  @Test
  void textQuotedQuotesTextButNotNumbersOrEmptyCells() {
    assertThat(Csv.textQuoted().row("ada", 1, null, new BigDecimal("0.500")).toString())
        .isEqualTo("\"ada\",1,,0.500\r\n");
  }
}
