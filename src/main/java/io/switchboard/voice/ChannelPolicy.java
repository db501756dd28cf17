package io.switchboard.voice;

import java.util.List;
import java.util.Map;

/**
 * What the voice guide says about one channel. Immutable.
 *
 * @param id {@code email}, {@code x}, {@code facebook}, {@code instagram}
 * @param name for messages, e.g. {@code X}
 * @param greetings per language, patterns tried in order: the first whose placeholders are all
 *     known is used
 * @param signOffs likewise
 * @param maxLengthPublic limit for public replies, or null for none
 * @param maxLengthPrivate limit for private replies, or null for none
 * @param handlePrefix public replies start with "@handle ", which the channel adds and counts
 * @param maxEmoji null for no limit
 * @param maxExclamations null for no limit
 */
public record ChannelPolicy(
    String id,
    String name,
    Layout layout,
    Map<String, List<String>> greetings,
    Map<String, List<String>> signOffs,
    Integer maxLengthPublic,
    Integer maxLengthPrivate,
    boolean handlePrefix,
    LengthCounting lengthCounting,
    Integer maxEmoji,
    Integer maxExclamations) {

  public ChannelPolicy {
    greetings = Map.copyOf(greetings);
    signOffs = Map.copyOf(signOffs);
  }

  /** The length limit for a public or a private reply, or null for none. */
  public Integer maxLength(boolean isPublic) {
    return isPublic ? maxLengthPublic : maxLengthPrivate;
  }

  public List<String> greetings(String language) {
    return greetings.getOrDefault(language, List.of());
  }

  public List<String> signOffs(String language) {
    return signOffs.getOrDefault(language, List.of());
  }

  /** How greeting, body and sign-off are put together. */
  public enum Layout {
    /** Separated by a blank line, as in a letter. */
    PARAGRAPHS("\n\n"),
    /** Each on its own line, as in a short social reply. */
    LINES("\n");

    private final String separator;

    Layout(String separator) {
      this.separator = separator;
    }

    public String separator() {
      return separator;
    }
  }

  /** How the channel counts length. */
  public enum LengthCounting {
    /** Unicode code points. */
    CHARACTERS,
    /** X's weighting: emoji and most non-Latin characters count 2, every link 23. */
    X_WEIGHTED
  }
}
