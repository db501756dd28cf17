package io.switchboard.voice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a reply against the brand voice guide: first the automatic fixes (whitespace, the
 * "@handle" X adds itself, greeting and sign-off in the channel's pattern, preferred terms,
 * repeated "!"), then every rule on the fixed text. Deterministic: the same draft and guide give
 * the same result.
 *
 * <p>Build one per guide and share it: it is immutable and thread-safe.
 */
public final class VoiceLinter {
  private final VoiceGuide guide;
  private final List<VoiceRule> rules;
  private final Salutations salutations;
  private final Map<String, PreferredTerms> preferredTerms = new HashMap<>();

  /** The guide's rules with the guide's severities. */
  public VoiceLinter(VoiceGuide guide) {
    this(guide, VoiceRules.of(guide));
  }

  /** Only the given rules, in this order (for tests and for callers that need a subset). */
  public VoiceLinter(VoiceGuide guide, List<VoiceRule> rules) {
    this.guide = guide;
    this.rules = List.copyOf(rules);
    this.salutations = new Salutations(guide.languages().values());
    guide
        .languages()
        .forEach((code, l) -> preferredTerms.put(code, new PreferredTerms(l.preferredTerms())));
  }

  public VoiceGuide guide() {
    return guide;
  }

  /**
   * Fixes and checks a draft.
   *
   * @throws IllegalArgumentException for a channel the guide does not describe
   */
  public VoiceResult check(Draft draft) {
    FixedReply reply = fix(draft);
    List<Violation> violations = new ArrayList<>();
    for (VoiceRule rule : rules) {
      violations.addAll(rule.check(reply));
    }
    violations.sort(Comparator.comparingInt(Violation::start).thenComparingInt(Violation::end));
    return new VoiceResult(
        reply.text(),
        violations,
        guide.scoring().score(violations),
        reply.fixes(),
        reply.language());
  }

  /** Only the automatic fixes: what the rules get to check. */
  public FixedReply fix(Draft draft) {
    ChannelPolicy channel = guide.channel(draft.channel());
    String language = guide.resolveLanguage(draft.language());
    LanguageGuide languageGuide = guide.languages().get(language);
    List<Fix> fixes = new ArrayList<>();

    String text = Whitespace.apply(draft.text(), fixes);
    text = HandlePrefix.apply(text, draft, channel, fixes);
    text = Exclamations.apply(text, fixes);
    Composed composed;
    if (languageGuide == null) {
      composed = new Composed(text, 0, text.length());
    } else {
      Salutations.Split split =
          salutations.split(text, draft.customerFirstName(), draft.agentFirstName(), guide.brand());
      String body = preferredTerms.get(language).apply(split.body(), fixes);
      composed = compose(split, body, draft, channel, language, fixes);
    }
    String privateMessage = draft.isPublic() ? privateMessage(draft, channel, language) : null;
    return new FixedReply(
        draft,
        language,
        languageGuide,
        channel,
        guide,
        composed.text,
        composed.bodyStart,
        composed.bodyEnd,
        fixes,
        privateMessage);
  }

  private record Composed(String text, int bodyStart, int bodyEnd) {}

  private Composed compose(
      Salutations.Split split,
      String body,
      Draft draft,
      ChannelPolicy channel,
      String language,
      List<Fix> fixes) {
    if (body.isBlank()) {
      return new Composed("", 0, 0);
    }
    Map<String, String> values =
        Placeholders.values(guide.brand(), draft.customerFirstName(), draft.agentFirstName());
    String greeting =
        pick(channel.greetings(language), values, split.greeting(), "greeting", fixes);
    String signOff = pick(channel.signOffs(language), values, split.signOff(), "sign-off", fixes);
    String separator = channel.layout().separator();
    StringBuilder text = new StringBuilder();
    if (greeting != null) {
      text.append(greeting).append(separator);
    }
    int bodyStart = text.length();
    text.append(body);
    int bodyEnd = text.length();
    if (signOff != null) {
      text.append(separator).append(signOff);
    }
    return new Composed(text.toString(), bodyStart, bodyEnd);
  }

  /**
   * The channel's greeting (or sign-off): the first pattern whose placeholders are all known. When
   * none can be filled in, what the agent wrote stays.
   */
  private static String pick(
      List<String> patterns,
      Map<String, String> values,
      String found,
      String what,
      List<Fix> fixes) {
    String wanted = first(patterns, values);
    if (wanted == null) {
      return found;
    }
    if (found == null) {
      fixes.add(new Fix(what, "Added " + what + " \"" + oneLine(wanted) + "\""));
    } else if (!found.equals(wanted)) {
      fixes.add(
          new Fix(
              what,
              "Replaced " + what + " \"" + oneLine(found) + "\" with \"" + oneLine(wanted) + "\""));
    }
    return wanted;
  }

  private static String oneLine(String s) {
    return s.replace("\n", " / ");
  }

  /**
   * The private-message template for the conversation, ready to send on its channel. The loader
   * made sure every language of the guide has it; other languages get the default language's.
   */
  private String privateMessage(Draft draft, ChannelPolicy channel, String language) {
    String id = guide.publicReplies().privateMessageTemplate();
    Template template =
        guide
            .templates()
            .find(language, id)
            .orElseGet(() -> guide.templates().find(guide.defaultLanguage(), id).orElseThrow());
    Map<String, String> values =
        Placeholders.values(guide.brand(), draft.customerFirstName(), draft.agentFirstName());
    String greeting = first(channel.greetings(template.language()), values);
    String signOff = first(channel.signOffs(template.language()), values);
    String sep = channel.layout().separator();
    return (greeting == null ? "" : greeting + sep)
        + template.render(values)
        + (signOff == null ? "" : sep + signOff);
  }

  private static String first(List<String> patterns, Map<String, String> values) {
    for (String p : patterns) {
      String s = Placeholders.renderAll(p, values);
      if (s != null) {
        return s;
      }
    }
    return null;
  }
}
