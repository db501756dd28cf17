package io.switchboard.channel.email;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts quoted history and signatures off a reply so agents see what the customer just wrote.
 * Heuristic by nature: it recognises the common client conventions and leaves anything else alone.
 * Stateless.
 */
final class QuoteTrimmer {

  /** Attribution lines ("On ... wrote:") in the languages the inbox serves. */
  private static final List<Pattern> ATTRIBUTIONS =
      List.of(
          Pattern.compile("^On\\s.+\\swrote:\\s*$", Pattern.CASE_INSENSITIVE),
          Pattern.compile("^Am\\s.+\\sschrieb\\s.*:\\s*$", Pattern.CASE_INSENSITIVE),
          Pattern.compile("^Le\\s.+\\sa\\s+écrit\\s*:\\s*$", Pattern.CASE_INSENSITIVE),
          Pattern.compile("^El\\s.+\\sescribió\\s*:\\s*$", Pattern.CASE_INSENSITIVE));

  private static final Pattern ORIGINAL_MESSAGE =
      Pattern.compile(
          "^-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje"
              + " original)\\s*-{2,}\\s*$",
          Pattern.CASE_INSENSITIVE);
  // Outlook's header block; plain-text renderings sometimes keep the bold markers as asterisks
  private static final Pattern OUTLOOK_FROM =
      Pattern.compile("^\\*?(From|Von|De|Van)\\s?:\\*?\\s.*", Pattern.CASE_INSENSITIVE);
  private static final Pattern OUTLOOK_SENT =
      Pattern.compile(
          "^\\*?(Sent|Gesendet|Envoyé|Enviado(?: el)?)\\s?:\\*?\\s.*", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNDERSCORE_RULE = Pattern.compile("^_{10,}\\s*$");

  /**
   * Pattern matching is skipped on longer lines: no attribution is that long, and it bounds the
   * regex work.
   */
  private static final int MAX_HEADER_LINE = 400;

  private QuoteTrimmer() {}

  /**
   * The text without trailing quotes, attribution-and-after, Outlook history or signature; the text
   * itself if that would leave nothing.
   */
  static String trim(String text) {
    String[] lines = text.split("\n", -1);
    int cut = firstCut(lines);
    String[] kept = Arrays.copyOf(lines, cut);
    int end = withoutTrailingQuote(kept);
    String result = String.join("\n", Arrays.copyOf(kept, end)).strip();
    return result.isEmpty() ? text : result;
  }

  private static int firstCut(String[] lines) {
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (lines[i].equals("-- ") || line.equals("--")) {
        return i;
      }
      if (line.length() > MAX_HEADER_LINE || line.startsWith(">")) {
        continue;
      }
      if (isAttribution(line)
          || (i + 1 < lines.length && isAttribution(line + " " + lines[i + 1].strip()))) {
        return i;
      }
      if (ORIGINAL_MESSAGE.matcher(line).matches()) {
        return i;
      }
      if (OUTLOOK_FROM.matcher(line).matches() && sentFollows(lines, i)) {
        return i > 0 && UNDERSCORE_RULE.matcher(lines[i - 1]).matches() ? i - 1 : i;
      }
    }
    return lines.length;
  }

  private static boolean isAttribution(String line) {
    if (line.length() > MAX_HEADER_LINE) {
      return false;
    }
    for (Pattern p : ATTRIBUTIONS) {
      if (p.matcher(line).matches()) {
        return true;
      }
    }
    return false;
  }

  private static boolean sentFollows(String[] lines, int from) {
    for (int j = from + 1; j < Math.min(lines.length, from + 4); j++) {
      String line = lines[j].strip();
      if (line.length() <= MAX_HEADER_LINE && OUTLOOK_SENT.matcher(line).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Index just past the last line that is neither blank nor part of a trailing "&gt;" block. */
  private static int withoutTrailingQuote(String[] lines) {
    int end = lines.length;
    boolean sawQuote = false;
    while (end > 0) {
      String line = lines[end - 1].strip();
      if (line.startsWith(">")) {
        sawQuote = true;
      } else if (!line.isEmpty()) {
        break;
      }
      end--;
    }
    return sawQuote ? end : lines.length;
  }
}
