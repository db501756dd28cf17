package io.switchboard.voice;

import io.switchboard.voice.LanguageGuide.PreferredTerm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the terms a language's guide prefers ("employee" → "team member"), keeping the case of
 * the first letter. The longest match wins, so "an employee" can become "a team member". Built once
 * per language; immutable and thread-safe.
 */
final class PreferredTerms {
  static final String RULE = "preferred-term";

  private record Swap(Phrase from, String to) {}

  private final List<Swap> swaps = new ArrayList<>();
  private final Pattern any;

  PreferredTerms(List<PreferredTerm> terms) {
    List<String> all = new ArrayList<>();
    for (PreferredTerm t : terms) {
      for (String from : t.insteadOf()) {
        swaps.add(new Swap(Phrase.words(from), t.use()));
        all.add(from);
      }
    }
    swaps.sort((a, b) -> b.from().text().length() - a.from().text().length());
    any =
        Pattern.compile(
            "(?<![\\p{L}\\p{N}])" + Phrase.alternation(all) + "(?![\\p{L}\\p{N}])",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.CASE_INSENSITIVE);
  }

  String apply(String text, List<Fix> fixes) {
    if (swaps.isEmpty()) {
      return text;
    }
    Matcher m = any.matcher(text);
    StringBuilder out = new StringBuilder();
    Set<String> seen = new LinkedHashSet<>();
    while (m.find()) {
      String found = m.group();
      String to = found;
      for (Swap s : swaps) {
        if (s.from().matcher(found).matches()) {
          to = found.equals(s.from().text()) ? s.to() : matchCase(found, s.to());
          break;
        }
      }
      if (!to.equals(found)) {
        seen.add("\"" + found + "\" → \"" + to + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(to));
    }
    m.appendTail(out);
    for (String s : seen) {
      fixes.add(new Fix(RULE, "Preferred term: " + s));
    }
    return out.toString();
  }

  private static String matchCase(String found, String to) {
    if (found.length() > 1
        && found.equals(found.toUpperCase(Locale.ROOT))
        && !found.equals(found.toLowerCase(Locale.ROOT))) {
      return to.toUpperCase(Locale.ROOT);
    }
    if (Character.isUpperCase(found.codePointAt(0)) && Character.isLowerCase(to.codePointAt(0))) {
      return to.substring(0, 1).toUpperCase(Locale.ROOT) + to.substring(1);
    }
    return to;
  }
}
