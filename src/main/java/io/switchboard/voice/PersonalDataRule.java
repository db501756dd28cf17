package io.switchboard.voice;

import io.switchboard.voice.PublicReplies.PersonalData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Order numbers, email addresses, phone numbers, postal addresses and card numbers never go into a
 * reply everybody can read. The message names the kind, not the value, so it can be logged.
 */
public final class PersonalDataRule implements VoiceRule {
  public static final String ID = "public-personal-data";
  private final Severity severity;

  public PersonalDataRule(Severity severity) {
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
    for (PersonalData kind : reply.guide().publicReplies().personalData()) {
      Matcher m = kind.pattern().matcher(reply.text());
      while (m.find()) {
        if (m.end() == m.start()
            || (kind.luhn() && !Luhn.valid(m.group()))
            || Luhn.digits(m.group()) < kind.minDigits()
            || Overlap.any(out, m.start(), m.end())) {
          continue;
        }
        out.add(
            new Violation(
                ID,
                severity,
                "Personal data ("
                    + kind.name()
                    + ") in a public "
                    + reply.channel().name()
                    + " reply: everyone can read it. Ask for it in a private "
                    + "message instead.",
                m.start(),
                m.end(),
                reply.privateMessage()));
      }
    }
    out.sort(Comparator.comparingInt(Violation::start));
    return out;
  }
}
