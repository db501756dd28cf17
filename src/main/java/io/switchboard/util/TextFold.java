package io.switchboard.util;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one way text is folded for matching (search terms, complaint themes, template keywords):
 * compatibility-decomposed (NFKD, so "ﬁ" is "fi" and "Ｅ" is "E"), combining marks dropped
 * ("Rémboursement" → "remboursement"), lower-cased code point by code point, and ß (and ẞ) as
 * "ss", so "Straße", "STRASSE" and "strasse" are one word.
 *
 * <p>Lower-casing goes code point by code point ({@link Character#toLowerCase(int)}), not by
 * {@link String#toLowerCase}, so a character folds the same wherever it stands: no context rules
 * such as the Greek final sigma, and {@link #foldWithOrigins} can map every folded character back.
 * PostgreSQL's search index holds text folded by it (ADR 0037): changing this fold changes what old documents match, so a
 * change here needs the search index rebuilt ({@code reindex}, ADR 0037).
 */
public final class TextFold {
  private TextFold() {}

  /** {@code s} folded; ASCII-only text is just lower-cased. */
  public static String fold(String s) {
    if (isAscii(s)) {
      return s.toLowerCase(Locale.ROOT);
    }
    String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); ) {
      int cp = d.codePointAt(i);
      appendFolded(cp, out);
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** {@code s} folded, with where each folded character came from: to show a match in the original. */
  public static Folded foldWithOrigins(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int[] origin = new int[s.length() + 16];
    StringBuilder one = new StringBuilder(4);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      one.setLength(0);
      if (cp < 0x80) {
        one.append((char) Character.toLowerCase(cp));
      } else {
        String d = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
        for (int k = 0; k < d.length(); ) {
          int c = d.codePointAt(k);
          appendFolded(c, one);
          k += Character.charCount(c);
        }
      }
      if (out.length() + one.length() > origin.length) {
        origin = Arrays.copyOf(origin, Math.max(origin.length * 2, out.length() + one.length()));
      }
      for (int k = 0; k < one.length(); k++) {
        origin[out.length()] = i;
        out.append(one.charAt(k));
      }
      i += Character.charCount(cp);
    }
    return new Folded(out.toString(), Arrays.copyOf(origin, out.length()), s.length());
  }

  /** One decomposed code point: marks dropped, the rest lower-cased, ß as ss. */
  private static void appendFolded(int cp, StringBuilder out) {
    if (isMark(cp)) {
      return;
    }
    int lower = Character.toLowerCase(cp);
    if (lower == 'ß') {
      out.append("ss");
    } else {
      out.appendCodePoint(lower);
    }
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Folded text and the index in the original of each of its characters.
   *
   * @param text the folded text
   * @param originalLength the original's length, the end of a match that runs to the end
   */
  public record Folded(String text, int[] origins, int originalLength) {
    /**
     * Where folded index {@code i} starts in the original; {@code originalLength} at or past the
     * end, so {@code original(m.start())} to {@code original(m.end())} is a match's original text
     * when the match ends at the end of a folded character.
     */
    public int original(int i) {
      return i >= text.length() ? originalLength : origins[i];
    }
  }
}
