package io.switchboard.voice;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds emoji as people see them: a flag, a skin-toned hand or a family joined with zero-width
 * joiners is one emoji. Java 17 has no emoji property, so this uses the Unicode blocks emoji live
 * in; rarely used pictographs outside them are not counted.
 */
final class Emoji {
  private static final int VS15 = 0xFE0E;
  private static final int VS16 = 0xFE0F;
  private static final int ZWJ = 0x200D;
  private static final int KEYCAP = 0x20E3;

  private Emoji() {}

  /** A run of text, as UTF-16 indexes {@code [start, end)}. */
  record Span(int start, int end) {}

  static List<Span> find(CharSequence s) {
    List<Span> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int cp = Character.codePointAt(s, i);
      int end = i + Character.charCount(cp);
      if (isRegionalIndicator(cp)) {
        if (end < s.length() && isRegionalIndicator(Character.codePointAt(s, end))) {
          end += Character.charCount(Character.codePointAt(s, end));
        }
        out.add(new Span(i, end));
      } else if (isKeycapBase(cp) && keycapEnd(s, end) > 0) {
        end = keycapEnd(s, end);
        out.add(new Span(i, end));
      } else if (isPictographic(cp) && !(end < s.length() && s.charAt(end) == VS15)) {
        end = sequenceEnd(s, end);
        out.add(new Span(i, end));
      }
      i = end;
    }
    return out;
  }

  static int count(CharSequence s) {
    return find(s).size();
  }

  /**
   * After an emoji: variation selectors, skin tones, tags and zero-width-joined emoji belong to it.
   */
  private static int sequenceEnd(CharSequence s, int end) {
    while (end < s.length()) {
      int cp = Character.codePointAt(s, end);
      if (cp == VS16 || isSkinTone(cp) || isTag(cp) || cp == KEYCAP) {
        end += Character.charCount(cp);
      } else if (cp == ZWJ
          && end + 1 < s.length()
          && isPictographic(Character.codePointAt(s, end + 1))) {
        end += 1 + Character.charCount(Character.codePointAt(s, end + 1));
      } else {
        break;
      }
    }
    return end;
  }

  /** "1️⃣": a digit, # or *, an optional VS16, then the keycap mark; -1 if not one. */
  private static int keycapEnd(CharSequence s, int end) {
    if (end < s.length() && s.charAt(end) == VS16) {
      end++;
    }
    return end < s.length() && s.charAt(end) == KEYCAP ? end + 1 : -1;
  }

  private static boolean isKeycapBase(int cp) {
    return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  private static boolean isSkinTone(int cp) {
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
  }

  private static boolean isTag(int cp) {
    return cp >= 0xE0020 && cp <= 0xE007F;
  }

  static boolean isPictographic(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF && !isRegionalIndicator(cp) && !isSkinTone(cp))
        || (cp >= 0x2600 && cp <= 0x27BF) // misc symbols, dingbats: ☀ ☕ ✈ ❤
        || cp == 0x231A
        || cp == 0x231B
        || cp == 0x2328
        || cp == 0x23CF
        || (cp >= 0x23E9 && cp <= 0x23F3)
        || (cp >= 0x23F8 && cp <= 0x23FA)
        || (cp >= 0x2B05 && cp <= 0x2B07)
        || cp == 0x2B1B
        || cp == 0x2B1C
        || cp == 0x2B50
        || cp == 0x2B55
        || cp == 0x3030
        || cp == 0x303D
        || cp == 0x3297
        || cp == 0x3299
        || cp == 0x2934
        || cp == 0x2935;
  }
}
