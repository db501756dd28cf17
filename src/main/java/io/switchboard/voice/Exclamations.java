package io.switchboard.voice;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collapses "!!!" to "!", "???" to "?", "?!?!" to "?!" and "¡¡" to "¡". */
final class Exclamations {
  static final String RULE = "exclamation";
  private static final Pattern REPEATED = Pattern.compile("[!?]{2,}|¡{2,}");

  private Exclamations() {}

  static String apply(String text, List<Fix> fixes) {
    Matcher m = REPEATED.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean changed = false;
    while (m.find()) {
      String run = m.group();
      String one =
          run.startsWith("¡")
              ? "¡"
              : run.indexOf('!') >= 0 && run.indexOf('?') >= 0 ? "?!" : run.substring(0, 1);
      changed |= !one.equals(run);
      m.appendReplacement(out, Matcher.quoteReplacement(one));
    }
    m.appendTail(out);
    if (changed) {
      fixes.add(new Fix(RULE, "Collapsed repeated \"!\" and \"?\""));
    }
    return out.toString();
  }
}
