package io.switchboard.workflow.routing;

import io.switchboard.config.ChannelAccount;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks and normal forms shared by the configuration file and the API, so both refuse the same
 * input with the same message ({@link IllegalArgumentException}).
 */
final class Skills {
  static final Set<String> URGENCIES = Set.of("low", "normal", "high", "urgent");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");
  private static final Pattern USER = Pattern.compile("[^\\s,]{1,100}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

  private Skills() {}

  static String name(String s, String what) {
    String n = s == null ? "" : s.strip();
    if (!NAME.matcher(n).matches()) {
      throw new IllegalArgumentException(what + " '" + n + "' must be 1 to 60 lower-case letters, digits, - or _");
    }
    return n;
  }

  static String username(String s) {
    String n = s == null ? "" : s.strip();
    if (!USER.matcher(n).matches()) {
      throw new IllegalArgumentException("'" + n + "' is not a user name");
    }
    return n;
  }

  static List<String> languages(List<String> in) {
    return clean(in, "language", v -> LANGUAGE.matcher(v).matches(), "a two-letter code like en");
  }

  static List<String> channels(List<String> in) {
    return clean(in, "channel", ChannelAccount.CHANNELS::contains, "one of " + ChannelAccount.CHANNELS);
  }

  static List<String> urgencies(List<String> in) {
    return clean(in, "urgency", URGENCIES::contains, "one of " + URGENCIES);
  }

  static List<String> words(List<String> in) {
    return clean(in, "word", v -> !v.isEmpty() && v.length() <= 100, "1 to 100 characters");
  }

  private static List<String> clean(
      List<String> in, String what, java.util.function.Predicate<String> ok, String expected) {
    if (in == null) {
      return List.of();
    }
    List<String> out =
        in.stream().map(v -> v == null ? "" : v.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    for (String v : out) {
      if (!ok.test(v) || v.contains(",")) {
        throw new IllegalArgumentException(what + " '" + v + "' must be " + expected);
      }
    }
    return out;
  }

  /** A list as stored in one column. */
  static String join(List<String> values) {
    return String.join(",", values);
  }

  static List<String> split(String column) {
    return column == null || column.isBlank() ? List.of() : List.of(column.split(","));
  }
}
