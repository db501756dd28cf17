package io.switchboard.voice;

import io.switchboard.voice.ChannelPolicy.LengthCounting;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Length as a channel counts it. {@link LengthCounting#X_WEIGHTED} follows X's published rules
 * (twitter-text v3): code points in the Latin, Greek, Cyrillic… ranges and some punctuation count
 * 1, everything else 2, an emoji 2 however many code points it has, and every link 23 because X
 * shortens it.
 */
final class TextLength {
  static final int X_LINK = 23;
  private static final Pattern LINK =
      Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"]+[^\\s<>\".,;:!?)\\]'’]");

  private TextLength() {}

  static int length(String text, LengthCounting counting) {
    int total = 0;
    for (Unit u : units(text, counting)) {
      total += u.weight;
    }
    return total;
  }

  /**
   * The index of the first character that no longer fits in {@code budget}; {@code text.length()}
   * when everything fits.
   */
  static int overflowIndex(String text, int budget, LengthCounting counting) {
    int total = 0;
    for (Unit u : units(text, counting)) {
      total += u.weight;
      if (total > budget) {
        return u.start;
      }
    }
    return text.length();
  }

  private record Unit(int start, int weight) {}

  private static List<Unit> units(String text, LengthCounting counting) {
    List<Unit> out = new ArrayList<>();
    if (counting == LengthCounting.CHARACTERS) {
      for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
        out.add(new Unit(i, 1));
      }
      return out;
    }
    List<int[]> links = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      links.add(new int[] {m.start(), m.end()});
    }
    List<Emoji.Span> emoji = Emoji.find(text);
    int li = 0;
    int ei = 0;
    int i = 0;
    while (i < text.length()) {
      while (li < links.size() && links.get(li)[1] <= i) {
        li++;
      }
      while (ei < emoji.size() && emoji.get(ei).end() <= i) {
        ei++;
      }
      if (li < links.size() && links.get(li)[0] == i) {
        out.add(new Unit(i, X_LINK));
        i = links.get(li)[1];
      } else if (ei < emoji.size() && emoji.get(ei).start() == i) {
        out.add(new Unit(i, 2));
        i = emoji.get(ei).end();
      } else {
        int cp = text.codePointAt(i);
        out.add(new Unit(i, xWeight(cp)));
        i += Character.charCount(cp);
      }
    }
    return out;
  }

  private static int xWeight(int cp) {
    boolean light =
        cp <= 4351
            || (cp >= 8192 && cp <= 8205)
            || (cp >= 8208 && cp <= 8223)
            || (cp >= 8242 && cp <= 8247);
    return light ? 1 : 2;
  }
}
