package io.switchboard.voice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Refunds, vouchers and other compensation are offered in private, never in a public reply. Checks
 * the conversation's language and the default language, since agents often answer in English.
 */
public final class CompensationRule implements VoiceRule {
  public static final String ID = "public-compensation";
  private final Severity severity;

  public CompensationRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    if (!reply.draft().isPublic()) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>();
    for (LanguageGuide language : reply.languageAndDefault()) {
      for (Phrase phrase : language.compensation()) {
        Matcher m = phrase.matcher(reply.text());
        while (m.find()) {
          if (!Overlap.any(out, m.start(), m.end())) {
            out.add(
                new Violation(
                    ID,
                    severity,
                    "Compensation (\""
                        + m.group()
                        + "\") in a public "
                        + reply.channel().name()
                        + " reply: everyone reads it as a promise. Offer it in a "
                        + "private message.",
                    m.start(),
                    m.end(),
                    reply.privateMessage()));
          }
        }
      }
    }
    out.sort(Comparator.comparingInt(Violation::start));
    return out;
  }
}
