package io.switchboard.voice;

import java.util.List;
import java.util.regex.Pattern;

/** On channels that put "@handle " in front of public replies, drops the one the agent typed. */
final class HandlePrefix {
  static final String RULE = "handle";

  private HandlePrefix() {}

  /** The handle without "@", or null. */
  static String handle(Draft draft) {
    String h = draft.customerHandle();
    if (h == null || h.isBlank()) {
      return null;
    }
    h = h.strip();
    return h.startsWith("@") ? h.substring(1) : h;
  }

  /** "@handle " as the channel will write it, or "" when it adds nothing. */
  static String prefix(Draft draft, ChannelPolicy channel) {
    String h = handle(draft);
    return channel.handlePrefix() && draft.isPublic() && h != null ? "@" + h + " " : "";
  }

  static String apply(String text, Draft draft, ChannelPolicy channel, List<Fix> fixes) {
    if (prefix(draft, channel).isEmpty()) {
      return text;
    }
    String h = handle(draft);
    var m =
        Pattern.compile("\\A@" + Pattern.quote(h) + "(?![\\w])[\\s,:]*", Pattern.CASE_INSENSITIVE)
            .matcher(text);
    if (!m.find()) {
      return text;
    }
    fixes.add(
        new Fix(
            RULE,
            "Removed \"@"
                + h
                + "\" at the start: "
                + channel.name()
                + " adds it to every public reply"));
    return text.substring(m.end());
  }
}
