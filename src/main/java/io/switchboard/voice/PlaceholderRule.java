package io.switchboard.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** A placeholder still in the text ("{order.number}") has to be filled in before sending. */
public final class PlaceholderRule implements VoiceRule {
  public static final String ID = "placeholder";
  private final Severity severity;

  public PlaceholderRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    List<Violation> out = new ArrayList<>();
    Matcher m = Placeholders.PLACEHOLDER.matcher(reply.text());
    while (m.find()) {
      out.add(
          new Violation(
              ID, severity, "Fill in " + m.group() + " before sending.", m.start(), m.end(), null));
    }
    return out;
  }
}
