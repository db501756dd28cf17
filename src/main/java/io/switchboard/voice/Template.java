package io.switchboard.voice;

import java.util.List;
import java.util.Map;

/**
 * A canned reply from {@code config/voice/templates/<language>.yaml}. The body is only the message;
 * the linter adds the channel's greeting and sign-off.
 *
 * @param channels where it may be used
 * @param keywords phrases the customer might write (plain phrases, see {@link Phrase})
 * @param source the file it came from
 */
public record Template(
    String id,
    String language,
    String title,
    List<String> channels,
    Visibility visibility,
    List<String> keywords,
    String body,
    String source) {

  public Template {
    channels = List.copyOf(channels);
    keywords = List.copyOf(keywords);
  }

  /** Whether it may be used on this channel, in a public or a private reply. */
  public boolean allowedOn(String channel, boolean isPublic) {
    return channels.contains(channel) && visibility.allows(isPublic);
  }

  /** The body with known placeholders filled in (see {@link Placeholders#values}). */
  public String render(Map<String, String> values) {
    return Placeholders.render(body, values);
  }

  /** Where a template may be used. */
  public enum Visibility {
    /** Public and private replies. */
    ANY,
    /** Only public replies (e.g. "let's move this to a private message"). */
    PUBLIC,
    /** Never in public: it names order details or compensation. */
    PRIVATE;

    public boolean allows(boolean isPublic) {
      return this == ANY || (this == PUBLIC) == isPublic;
    }
  }
}
