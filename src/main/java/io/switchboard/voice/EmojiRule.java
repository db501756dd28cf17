package io.switchboard.voice;

import java.util.ArrayList;
import java.util.List;

/** No more emoji than the channel allows (none in email, one on X…). */
public final class EmojiRule implements VoiceRule {
  public static final String ID = "emoji";
  private final Severity severity;

  public EmojiRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    Integer max = reply.channel().maxEmoji();
    List<Emoji.Span> found = Emoji.find(reply.text());
    if (max == null || found.size() <= max) {
      return List.of();
    }
    String message =
        max == 0
            ? reply.channel().name() + " replies use no emoji."
            : "At most "
                + max
                + " emoji on "
                + reply.channel().name()
                + "; this reply has "
                + found.size()
                + ".";
    List<Violation> out = new ArrayList<>();
    for (Emoji.Span s : found.subList(max, found.size())) {
      out.add(new Violation(ID, severity, message, s.start(), s.end(), "Remove this emoji."));
    }
    return out;
  }
}
