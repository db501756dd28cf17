package io.switchboard.voice;

import io.switchboard.voice.LanguageGuide.BannedPhrase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/** Phrases the brand does not use ("unfortunately", "as per our policy", blaming the customer). */
public final class BannedPhraseRule implements VoiceRule {
  public static final String ID = "banned-phrase";
  private final Severity severity;

  public BannedPhraseRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    if (reply.languageGuide() == null) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>();
    for (BannedPhrase banned : reply.languageGuide().bannedPhrases()) {
      Matcher m = banned.phrase().matcher(reply.text());
      while (m.find()) {
        if (m.end() > m.start() && !Overlap.any(out, m.start(), m.end())) {
          String message =
              banned.message() == null
                  ? "Avoid \"" + m.group() + "\"."
                  : banned.message() + ": \"" + m.group() + "\".";
          out.add(
              new Violation(
                  ID,
                  banned.severity() != null ? banned.severity() : severity,
                  message,
                  m.start(),
                  m.end(),
                  banned.suggestion()));
        }
      }
    }
    out.sort(Comparator.comparingInt(Violation::start));
    return out;
  }
}
