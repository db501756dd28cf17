package io.switchboard.voice;

import io.switchboard.voice.LanguageGuide.Formality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/** Address the customer the way the guide says for the language: "Sie", not "du". */
public final class FormalityRule implements VoiceRule {
  public static final String ID = "formality";
  private final Severity severity;

  public FormalityRule(Severity severity) {
    this.severity = severity;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Violation> check(FixedReply reply) {
    LanguageGuide language = reply.languageGuide();
    Formality formality = language == null ? null : language.formality();
    if (formality == null) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>();
    for (Phrase avoid : formality.avoid()) {
      Matcher m = avoid.matcher(reply.text());
      while (m.find()) {
        if (!Overlap.any(out, m.start(), m.end())) {
          out.add(
              new Violation(
                  ID,
                  severity,
                  "The "
                      + language.name()
                      + " voice uses \""
                      + formality.use()
                      + "\"; \""
                      + m.group()
                      + "\" is the other form.",
                  m.start(),
                  m.end(),
                  formality.suggestion()));
        }
      }
    }
    out.sort(Comparator.comparingInt(Violation::start));
    return out;
  }
}
