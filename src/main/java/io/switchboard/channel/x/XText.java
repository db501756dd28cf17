package io.switchboard.channel.x;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text as X sees it. Length follows X's published counting (twitter-text v3): after NFC, code
 * points in the Latin, Greek, Cyrillic… ranges and some punctuation weigh 1, everything else 2, an
 * emoji sequence 2 however many code points it has, and every link 23 because X shortens it.
 */
final class XText {
  static final int MAX_POST = 280;
  static final int MAX_DM = 10_000;
  static final int LINK = 23;

  private static final String TLDS =
      "com|net|org|info|biz|io|co|app|dev|me|ly|gl|tv|shop|store|travel|eu|uk|de|fr|es|it|nl|be|ch|at|pt|pl|se|no|dk|fi|ie|us|ca|au|nz|jp|in|br|mx";
  private static final Pattern URL =
      Pattern.compile(
          "(?i)(?<![\\w@.-])(?:https?://[^\\s<>\"]+|www\\.[^\\s<>\"]+|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.(?:"
              + TLDS
              + ")\\b(?:/[^\\s<>\"]*)?)");
  private static final Pattern TRAILING = Pattern.compile("[.,;:!?)\\]'\"’]+$");
  private static final Pattern LEADING_MENTIONS = Pattern.compile("\\A(?:@\\w{1,15}\\s+)+");

  private XText() {}

  /** The length X counts for {@code text}. */
  static int weightedLength(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    int total = 0;
    for (Unit u : units(s)) {
      total += u.weight;
    }
    return total;
  }

  private record Unit(int start, int end, int weight) {}

  private static List<Unit> units(String s) {
    List<int[]> links = links(s);
    List<Unit> out = new ArrayList<>();
    int li = 0;
    int i = 0;
    while (i < s.length()) {
      if (li < links.size() && links.get(li)[0] == i) {
        out.add(new Unit(i, links.get(li)[1], LINK));
        i = links.get(li)[1];
        li++;
        continue;
      }
      int cp = s.codePointAt(i);
      int end = i + Character.charCount(cp);
      int seqEnd = emojiSequenceEnd(s, i, end);
      if (seqEnd > end) {
        out.add(new Unit(i, seqEnd, 2));
        i = seqEnd;
      } else {
        out.add(new Unit(i, end, weight(cp)));
        i = end;
      }
    }
    return out;
  }

  private static List<int[]> links(String s) {
    List<int[]> out = new ArrayList<>();
    Matcher m = URL.matcher(s);
    while (m.find()) {
      String url = m.group();
      Matcher t = TRAILING.matcher(url);
      int end = t.find() ? m.start() + t.start() : m.end();
      if (end > m.start()) {
        out.add(new int[] {m.start(), end});
      }
    }
    return out;
  }

  /**
   * Where an emoji sequence starting at {@code start} ends: a code point followed by variation
   * selector 16, a keycap, skin tones, tag characters or zero-width-joined emoji; a flag is two
   * regional indicators. Returns {@code afterFirst} when there is no sequence.
   */
  private static int emojiSequenceEnd(String s, int start, int afterFirst) {
    int first = s.codePointAt(start);
    int i = afterFirst;
    if (isRegionalIndicator(first) && i < s.length() && isRegionalIndicator(s.codePointAt(i))) {
      return i + Character.charCount(s.codePointAt(i));
    }
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (cp == 0xFE0F || cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F)) {
        i += Character.charCount(cp);
      } else if (cp == 0x200D && i + 1 < s.length()) {
        int joined = s.codePointAt(i + 1);
        i += 1 + Character.charCount(joined);
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  private static int weight(int cp) {
    boolean light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    return light ? 1 : 2;
  }

  /**
   * {@code text} cut into posts of at most {@link #MAX_POST}, each {@code prefix + part + " (i/n)"},
   * broken at spaces where possible and never inside a link.
   */
  static List<String> split(String prefix, String text) {
    String body = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
    for (int digits = 1; digits <= 3; digits++) {
      String widest = " (" + "9".repeat(digits) + "/" + "9".repeat(digits) + ")";
      int budget = MAX_POST - weightedLength(prefix) - weightedLength(widest);
      List<String> parts = cut(body, budget);
      if (String.valueOf(parts.size()).length() <= digits) {
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
          posts.add(prefix + parts.get(i) + " (" + (i + 1) + "/" + parts.size() + ")");
        }
        return posts;
      }
    }
    throw new IllegalArgumentException("text too long to split");
  }

  private static List<String> cut(String s, int budget) {
    List<String> parts = new ArrayList<>();
    List<Unit> units = units(s);
    int from = 0;
    int weight = 0;
    int lastSpace = -1;
    for (int k = 0; k < units.size(); k++) {
      Unit u = units.get(k);
      if (weight + u.weight > budget) {
        int cutAt = lastSpace > from ? lastSpace : u.start;
        parts.add(s.substring(from, cutAt).strip());
        from = cutAt;
        while (from < s.length() && Character.isWhitespace(s.charAt(from))) {
          from++;
        }
        // start counting again from the new part's first unit
        weight = 0;
        lastSpace = -1;
        k = indexOf(units, from) - 1;
        continue;
      }
      weight += u.weight;
      if (u.end - u.start == 1 && Character.isWhitespace(s.charAt(u.start))) {
        lastSpace = u.start;
      }
    }
    if (from < s.length()) {
      parts.add(s.substring(from).strip());
    }
    parts.removeIf(String::isEmpty);
    return parts;
  }

  private static int indexOf(List<Unit> units, int position) {
    for (int k = 0; k < units.size(); k++) {
      if (units.get(k).start >= position) {
        return k;
      }
    }
    return units.size();
  }

  /** X escapes {@code & < >} in post and DM text. */
  static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  /** The text without the {@code @handle}s a reply starts with. */
  static String withoutLeadingMentions(String text) {
    String rest = LEADING_MENTIONS.matcher(text).replaceFirst("");
    return rest.isBlank() ? text : rest;
  }

  /**
   * A form of a post's text that survives X's changes: entities unescaped, links (which X rewrites
   * to t.co) and leading mentions left out, whitespace collapsed.
   */
  static String comparable(String text) {
    String s = Normalizer.normalize(unescape(text), Normalizer.Form.NFC);
    s = withoutLeadingMentions(s.strip());
    s = URL.matcher(s).replaceAll("<link>");
    return s.replaceAll("\\s+", " ").strip();
  }

  /** A conversation subject from a post: its first line, shortened. */
  static String subject(String text) {
    String s = withoutLeadingMentions(text.strip()).strip();
    int nl = s.indexOf('\n');
    if (nl > 0) {
      s = s.substring(0, nl);
    }
    s = s.replaceAll("\\s+", " ").strip();
    if (s.codePointCount(0, s.length()) > 70) {
      int end = s.offsetByCodePoints(0, 69);
      int space = s.lastIndexOf(' ', end);
      s = s.substring(0, space > 40 ? space : end).strip() + "…";
    }
    return s.isEmpty() ? "(no text)" : s;
  }
}
