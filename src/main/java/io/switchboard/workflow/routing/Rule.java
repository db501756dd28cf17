package io.switchboard.workflow.routing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A routing rule: when every condition it gives matches a new conversation, the conversation goes
 * to {@code team}. A list matches when any of its values does; an empty list matches anything.
 * Words match whole words (or phrases) in the subject and first message, in any case.
 */
public record Rule(
    String name,
    String team,
    List<String> channels,
    List<String> languages,
    List<String> urgencies,
    List<String> words) {
  public Rule {
    team = Skills.name(team, "rule team");
    name = name == null || name.isBlank() ? "to " + team : name.strip();
    if (name.length() > 100) {
      throw new IllegalArgumentException("a rule name is at most 100 characters");
    }
    channels = Skills.channels(channels);
    languages = Skills.languages(languages);
    urgencies = Skills.urgencies(urgencies);
    words = Skills.words(words);
  }

  /** What a rule looks at in a new conversation. */
  public record Facts(String channel, String language, String urgency, String text) {}

  public boolean matches(Facts f) {
    return (channels.isEmpty() || channels.contains(f.channel()))
        && (languages.isEmpty() || languages.contains(f.language()))
        && (urgencies.isEmpty() || urgencies.contains(f.urgency()))
        && (words.isEmpty() || words.stream().anyMatch(w -> containsWord(f.text(), w)));
  }

  static boolean containsWord(String text, String word) {
    if (text == null) {
      return false;
    }
    Pattern p =
        Pattern.compile(
            "(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return p.matcher(text.toLowerCase(Locale.ROOT)).find();
  }
}
