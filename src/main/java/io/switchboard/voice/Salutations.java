package io.switchboard.voice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the greeting and sign-off an agent typed, in any language of the guide, so the linter can
 * replace them with the channel's own instead of adding a second pair. Built once per guide;
 * immutable and thread-safe.
 *
 * <p>A greeting is an opening word from {@code detect.greetings} at the very start ("Hi", "Guten
 * Tag") with what belongs to it: a name, "there", punctuation; or the customer's name alone
 * ("Anna,"). A sign-off is, near the end, a line starting with a word from {@code detect.signOffs}
 * followed by at most three short lines (name, team, brand); or a trailing "^Tom", "– Tom" (the
 * agent's name), the agent's name alone, or the brand alone; or on one line, "… today. Best, Tom".
 */
final class Salutations {
  private static final String NOT_LETTER = "(?![\\p{L}\\p{N}])";
  private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
  private static final int SHORT_LINE = 40;

  private final String greetings;
  private final String signOffs;
  private final String thanks;
  private final Pattern wholeLineGreeting;
  private final Pattern signOffLine;
  private final Pattern thanksLine;

  /** The parts of a draft; greeting and signOff are null when there is none. */
  record Split(String greeting, String body, String signOff) {}

  Salutations(Collection<LanguageGuide> languages) {
    List<String> g = new ArrayList<>();
    List<String> s = new ArrayList<>();
    List<String> t = new ArrayList<>();
    for (LanguageGuide l : languages) {
      g.addAll(l.detect().greetings());
      s.addAll(l.detect().signOffs());
      t.addAll(l.detect().thanksSignOffs());
    }
    greetings = "(?i:" + Phrase.alternation(g) + ")" + NOT_LETTER;
    signOffs = "(?i:" + Phrase.alternation(s) + ")" + NOT_LETTER;
    thanks = "(?i:" + Phrase.alternation(t) + ")" + NOT_LETTER;
    // "Dear valued customer," or "Hello team" alone on the first line
    wholeLineGreeting =
        Pattern.compile(
            "\\A"
                + greetings
                + "(?:[^\\n"
                + ".,!?:;]{0,40}[,!:]|(?:[ \\t]+[^\\s.,!?:;]+){0,3}[ \\t]*[.!]?)[ \\t]*(?=\\n"
                + ")",
            FLAGS);
    signOffLine = Pattern.compile("\\A" + signOffs + "[ \\t]*[,!.:]?\\z", FLAGS);
    thanksLine = Pattern.compile("\\A" + thanks + "[ \\t]*[,!.:]?\\z", FLAGS);
  }

  Split split(String text, String customerFirstName, String agentFirstName, String brand) {
    String greeting = null;
    String rest = text;
    Matcher g = wholeLineGreeting.matcher(text);
    if (!g.find()) {
      g = inlineGreeting(customerFirstName).matcher(text);
      g.find(); // matches, if only the empty string
    }
    if (g.end() > 0) {
      greeting = g.group().strip();
      rest = text.substring(g.end()).strip();
    }
    Tail tail = signOff(rest, agentFirstName, brand);
    return new Split(greeting, tail.body(), tail.signOff());
  }

  private Pattern inlineGreeting(String customer) {
    String name = name(customer);
    String alone =
        customer == null || customer.isBlank()
            ? ""
            : "|,?[ \\t]+(?i:"
                + Pattern.quote(customer.strip())
                + ")"
                + NOT_LETTER
                + "[ \\t]*[,!:.]*";
    // "Anna," alone, with the customer's name
    String nameOnly =
        customer == null || customer.isBlank()
            ? ""
            : "|(?i:" + Pattern.quote(customer.strip()) + ")" + NOT_LETTER + "[ \\t]*[,!:]";
    // "Hi Anna," / "Olá, Maria," / "Hallo Frau Dr. Weber," / "Hi Anna thanks…" / "Hi," / "Hello!"
    return Pattern.compile(
        "\\A(?:"
            + greetings
            + "(?:,?[ \\t]+"
            + name
            + "(?:[ \\t]+"
            + name
            + "){0,2}(?:[ \\t]*[,!:.]+|[ \\t]*(?=\\n|\\z))"
            + alone
            + "|[ \\t]*[,!:.]*)"
            + nameOnly
            + ")?",
        FLAGS);
  }

  /** A word that can be (part of) a name: capitalised, a handle, or the given name in any case. */
  private static String name(String given) {
    String known =
        given == null || given.isBlank()
            ? ""
            : "|(?i:" + Pattern.quote(given.strip()) + ")" + NOT_LETTER;
    return "(?:\\p{Lu}[\\p{L}'’.-]*|@\\w+" + known + ")";
  }

  /** The message and the sign-off found after it (null when there is none). */
  private record Tail(String body, String signOff) {}

  private Tail signOff(String text, String agent, String brand) {
    List<String> lines = text.lines().toList();
    Tail tail = signOffBlock(lines, agent, brand);
    if (tail == null) {
      tail = signatureLines(lines, agent, brand);
    }
    if (tail == null) {
      tail = signOffOnLastLine(lines, agent);
    }
    return tail != null ? tail : new Tail(text, null);
  }

  /** "Best regards," (or "Thanks," with a name) near the end, then at most three short lines. */
  private Tail signOffBlock(List<String> lines, String agent, String brand) {
    int n = lines.size();
    String name = name(agent);
    Pattern withName =
        Pattern.compile(
            "\\A(?:"
                + signOffs
                + "|"
                + thanks
                + ")[ \\t]*[,!.:]?[ \\t]*"
                + name
                + "(?:[ \\t]+"
                + name
                + "){0,3}[ \\t]*\\z",
            FLAGS);
    for (int k = Math.max(0, n - 5); k < n; k++) {
      String line = lines.get(k).strip();
      boolean isThanks = thanksLine.matcher(line).matches();
      if (!signOffLine.matcher(line).matches() && !isThanks && !withName.matcher(line).matches()) {
        continue;
      }
      List<String> after = lines.subList(k + 1, n).stream().filter(l -> !l.isBlank()).toList();
      boolean fits = after.size() <= 3 && after.stream().allMatch(l -> shortLine(l, brand));
      if (fits && !(isThanks && after.isEmpty())) {
        return cut(lines, k);
      }
    }
    return null;
  }

  /** Trailing "^Tom", "– Tom", "Tom" or the brand, without a sign-off word. */
  private static Tail signatureLines(List<String> lines, String agent, String brand) {
    int n = lines.size();
    int k = n;
    while (k > 0 && n - k < 3 && signature(lines.get(k - 1).strip(), agent, brand)) {
      k--;
    }
    return k < n ? cut(lines, k) : null;
  }

  /** On the last line, after the message: "… ships today. Best, Tom" or "… ships today ^Tom". */
  private Tail signOffOnLastLine(List<String> lines, String agent) {
    if (lines.isEmpty()) {
      return null;
    }
    String dashed =
        agent == null || agent.isBlank()
            ? ""
            : "|[-–—][ \\t]?(?i:" + Pattern.quote(agent.strip()) + ")";
    Pattern inline =
        Pattern.compile(
            "(?<=[.!?…)])[ \\t]+((?:"
                + signOffs
                + "|"
                + thanks
                + ")[ \\t]*[,!.]?(?:[ \\t]+"
                + name(agent)
                + "){0,3}[ \\t]*[.!]?)\\z"
                + "|[ \\t]+([\\^~][ \\t]?\\p{L}[\\p{L}.'’-]*"
                + dashed
                + ")[ \\t]*\\z",
            FLAGS);
    String last = lines.get(lines.size() - 1);
    Matcher m = inline.matcher(last);
    if (!m.find()) {
      return null;
    }
    String sign = (m.group(1) != null ? m.group(1) : m.group(2)).strip();
    if (thanksLine.matcher(sign).matches()) {
      return null; // "… Thanks!" is part of the message
    }
    List<String> body = new ArrayList<>(lines);
    body.set(body.size() - 1, last.substring(0, m.start()));
    return new Tail(String.join("\n", body).strip(), sign);
  }

  private static Tail cut(List<String> lines, int k) {
    return new Tail(
        String.join("\n", lines.subList(0, k)).strip(),
        String.join("\n", lines.subList(k, lines.size())).strip());
  }

  /** A name, team or brand line under a sign-off: short, a few words, not a question. */
  private static boolean shortLine(String line, String brand) {
    String l = line.strip();
    boolean shortEnough =
        l.length() <= SHORT_LINE && l.split("\\s+").length <= 6
            || brand != null
                && l.length() <= SHORT_LINE + brand.length()
                && l.toLowerCase(Locale.ROOT).contains(brand.toLowerCase(Locale.ROOT));
    return shortEnough && !l.endsWith("?") && !l.endsWith(":") && !l.matches(".*[.!?]\\s+\\S.*");
  }

  private static boolean signature(String line, String agent, String brand) {
    if (line.isEmpty()) {
      return false;
    }
    if (line.matches("[\\^~][ \\t]?\\p{L}[\\p{L}.'’-]*")) {
      return true;
    }
    if (brand != null && line.equalsIgnoreCase(brand)) {
      return true;
    }
    if (agent == null || agent.isBlank()) {
      return false;
    }
    String a = agent.strip();
    return line.equalsIgnoreCase(a) || line.matches("(?i)[-–—][ \\t]?" + Pattern.quote(a));
  }
}
