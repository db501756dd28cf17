package io.switchboard.voice;

import java.util.List;

/**
 * The reply must fit the channel as the channel counts it, including the "@handle " X puts in front
 * of a public reply. Too long blocks: a channel never cuts a reply short.
 */
public final class LengthRule implements VoiceRule {
  public static final String ID = "max-length";
  private final Severity severity;

  public LengthRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    ChannelPolicy channel = reply.channel();
    Integer max = channel.maxLength(reply.draft().isPublic());
    if (max == null) {
      return List.of();
    }
    String prefix = HandlePrefix.prefix(reply.draft(), channel);
    int prefixLength = TextLength.length(prefix, channel.lengthCounting());
    int total = prefixLength + TextLength.length(reply.text(), channel.lengthCounting());
    if (total <= max) {
      return List.of();
    }
    int from = TextLength.overflowIndex(reply.text(), max - prefixLength, channel.lengthCounting());
    String kind = reply.draft().isPublic() ? "public reply" : "private message";
    String counted =
        prefix.isEmpty()
            ? ""
            : ", counting the \"" + prefix + "\" " + channel.name() + " puts in front";
    String message =
        String.format(
            "Too long for a %s %s: %d characters%s; the limit is %d. Shorten it by %d: replies are "
                + "never cut short.",
            channel.name(), kind, total, counted, max, total - max);
    String suggestion =
        reply.draft().isPublic()
            ? "Shorten the reply, or move the conversation to a private message."
            : "Shorten the reply.";
    return List.of(new Violation(ID, severity, message, from, reply.text().length(), suggestion));
  }
}
