package io.switchboard.voice;

import java.util.ArrayList;
import java.util.List;

/** No more "!" than the channel allows; repeated ones were already collapsed by the fixes. */
public final class ExclamationRule implements VoiceRule {
  public static final String ID = "exclamation";
  private final Severity severity;

  public ExclamationRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    Integer max = reply.channel().maxExclamations();
    if (max == null) {
      return List.of();
    }
    String text = reply.text();
    List<Integer> at = new ArrayList<>();
    for (int i = text.indexOf('!'); i >= 0; i = text.indexOf('!', i + 1)) {
      at.add(i);
    }
    if (at.size() <= max) {
      return List.of();
    }
    String message = "At most " + max + " \"!\" per reply; this one has " + at.size() + ".";
    List<Violation> out = new ArrayList<>();
    for (int i : at.subList(max, at.size())) {
      out.add(new Violation(ID, severity, message, i, i + 1, "End the sentence with a full stop."));
    }
    return out;
  }
}
