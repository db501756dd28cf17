package io.switchboard.voice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phrase from the voice guide, compiled once. Plain phrases match whole words, ignore case, let
 * any whitespace stand for a space and ' stand for ’ too; a trailing {@code *} matches the rest of
 * the word. Regex phrases are Java regular expressions. Both use Unicode word rules, so {@code \b}
 * and {@code \w} know "é" and "ß". Immutable and thread-safe.
 */
public final class Phrase {
  private static final String LETTER = "[\\p{L}\\p{N}]";
  private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;

  private final String text;
  private final Pattern pattern;

  private Phrase(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /** A plain phrase, case-insensitive. */
  public static Phrase words(String phrase) {
    return words(phrase, false);
  }

  public static Phrase words(String phrase, boolean caseSensitive) {
    String re =
        "(?<!" + LETTER + ")" + fragment(phrase) + (wildcard(phrase) ? "" : "(?!" + LETTER + ")");
    return new Phrase(
        phrase, Pattern.compile(re, caseSensitive ? UNICODE : UNICODE | Pattern.CASE_INSENSITIVE));
  }

  /** A regular expression, case-insensitive unless {@code caseSensitive}. */
  public static Phrase regex(String regex, boolean caseSensitive) {
    return new Phrase(
        regex,
        Pattern.compile(regex, caseSensitive ? UNICODE : UNICODE | Pattern.CASE_INSENSITIVE));
  }

  /**
   * The regex for a plain phrase without the surrounding word checks, so several phrases can be
   * joined into one alternation.
   */
  static String fragment(String phrase) {
    String p = phrase.strip();
    boolean wildcard = wildcard(p);
    if (wildcard) {
      p = p.substring(0, p.length() - 1);
    }
    StringBuilder re = new StringBuilder();
    String[] words = p.split("\\s+");
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        re.append("\\s+");
      }
      StringBuilder literal = new StringBuilder();
      for (char c : words[i].toCharArray()) {
        if (c == '\'' || c == '’') {
          flush(re, literal);
          re.append("['’]");
        } else {
          literal.append(c);
        }
      }
      flush(re, literal);
    }
    if (wildcard) {
      re.append(LETTER).append('*');
    }
    return re.toString();
  }

  /** One alternation of plain phrases, longest first so "best regards" wins over "best". */
  static String alternation(List<String> phrases) {
    List<String> sorted = new ArrayList<>(phrases);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    List<String> parts = new ArrayList<>();
    for (String p : sorted) {
      parts.add(fragment(p));
    }
    return parts.isEmpty() ? "(?!)" : "(?:" + String.join("|", parts) + ")";
  }

  private static boolean wildcard(String phrase) {
    String p = phrase.strip();
    return p.length() > 1 && p.endsWith("*");
  }

  private static void flush(StringBuilder re, StringBuilder literal) {
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  public Matcher matcher(CharSequence s) {
    return pattern.matcher(s);
  }

  public boolean foundIn(CharSequence s) {
    return pattern.matcher(s).find();
  }

  public Pattern pattern() {
    return pattern;
  }

  /** The phrase as written in the guide. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
