package io.switchboard.voice;

import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tidies whitespace: trims the ends and the end of every line, folds runs of blank lines and of
 * spaces inside a line. Also unifies line ends and Unicode composition (NFC), which nobody sees but
 * which length counting depends on.
 */
final class Whitespace {
  static final String RULE = "whitespace";
  private static final Pattern TRAILING = Pattern.compile("[ \\t\\u00A0]+(?=\\n)");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
  private static final Pattern INNER_SPACES = Pattern.compile("(?<=\\S)[ \\t]{2,}(?=\\S)");

  private Whitespace() {}

  static String apply(String text, List<Fix> fixes) {
    String s =
        Normalizer.normalize(text.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC);
    String tidy =
        INNER_SPACES
            .matcher(BLANK_LINES.matcher(TRAILING.matcher(s).replaceAll("")).replaceAll("\n\n"))
            .replaceAll(" ")
            .strip();
    if (!tidy.equals(s)) {
      fixes.add(new Fix(RULE, "Trimmed extra spaces and blank lines"));
    }
    return tidy;
  }
}
