package io.switchboard.voice;

import java.nio.file.Path;

/** The guide and templates shipped in config/voice, loaded once for all tests. */
final class Shipped {
  static final Path DIR = Path.of("config/voice");
  static final VoiceGuide GUIDE = VoiceGuide.load(DIR);
  static final VoiceLinter LINTER = new VoiceLinter(GUIDE);

  private Shipped() {}

  /** The draft after the automatic fixes, as a rule sees it. */
  static FixedReply fixed(Draft draft) {
    return LINTER.fix(draft);
  }

  static Draft email(String text) {
    return Draft.of("email", text).withLanguage("en").withCustomer("Anna", null).withAgent("Tom");
  }

  static Draft tweet(String text) {
    return Draft.of("x", text)
        .withPublic(true)
        .withLanguage("en")
        .withCustomer("Anna", "anna_k")
        .withAgent("Tom");
  }
}
