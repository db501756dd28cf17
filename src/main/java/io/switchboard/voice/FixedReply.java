package io.switchboard.voice;

import java.util.List;

/**
 * A draft after the automatic fixes: what every {@link VoiceRule} checks.
 *
 * @param language the language whose rules apply (see {@link VoiceGuide#resolveLanguage})
 * @param languageGuide its part of the guide, or null when the guide does not know the language
 * @param text the fixed text; violations index into it
 * @param bodyStart where the message starts, after the greeting
 * @param bodyEnd where it ends, before the sign-off
 * @param privateMessage the "let's move this to a private message" reply for this conversation, or
 *     null for private replies
 */
public record FixedReply(
    Draft draft,
    String language,
    LanguageGuide languageGuide,
    ChannelPolicy channel,
    VoiceGuide guide,
    String text,
    int bodyStart,
    int bodyEnd,
    List<Fix> fixes,
    String privateMessage) {

  public FixedReply {
    fixes = List.copyOf(fixes);
  }

  /** The message without greeting and sign-off. */
  public String body() {
    return text.substring(bodyStart, bodyEnd);
  }

  /** The language's guide followed by the default language's, for checks that must not miss. */
  public List<LanguageGuide> languageAndDefault() {
    LanguageGuide fallback = guide.languages().get(guide.defaultLanguage());
    if (languageGuide == null) {
      return List.of(fallback);
    }
    return languageGuide == fallback ? List.of(languageGuide) : List.of(languageGuide, fallback);
  }
}
