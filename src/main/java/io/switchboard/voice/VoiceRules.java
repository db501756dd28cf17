package io.switchboard.voice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every rule the linter knows, its default severity, and the order they run in. */
public final class VoiceRules {
  private static final Map<String, Function<Severity, VoiceRule>> FACTORIES = new LinkedHashMap<>();
  private static final Map<String, Severity> DEFAULTS = new LinkedHashMap<>();

  static {
    add(EmptyReplyRule.ID, Severity.BLOCK, EmptyReplyRule::new);
    add(PlaceholderRule.ID, Severity.BLOCK, PlaceholderRule::new);
    add(LengthRule.ID, Severity.BLOCK, LengthRule::new);
    add(PersonalDataRule.ID, Severity.BLOCK, PersonalDataRule::new);
    add(CompensationRule.ID, Severity.BLOCK, CompensationRule::new);
    add(BannedPhraseRule.ID, Severity.WARN, BannedPhraseRule::new);
    add(FormalityRule.ID, Severity.WARN, FormalityRule::new);
    add(EmojiRule.ID, Severity.WARN, EmojiRule::new);
    add(ExclamationRule.ID, Severity.WARN, ExclamationRule::new);
    add(EmpathyRule.ID, Severity.WARN, EmpathyRule::new);
    add(LanguageRule.ID, Severity.WARN, LanguageRule::new);
  }

  /** Rule id → severity when the guide does not say. */
  public static final Map<String, Severity> DEFAULT_SEVERITY =
      Collections.unmodifiableMap(DEFAULTS);

  private VoiceRules() {}

  private static void add(String id, Severity severity, Function<Severity, VoiceRule> factory) {
    FACTORIES.put(id, factory);
    DEFAULTS.put(id, severity);
  }

  /** The rules the guide switches on, with its severities, in the standard order. */
  public static List<VoiceRule> of(VoiceGuide guide) {
    List<VoiceRule> rules = new ArrayList<>();
    FACTORIES.forEach(
        (id, factory) -> guide.severity(id).ifPresent(s -> rules.add(factory.apply(s))));
    return List.copyOf(rules);
  }
}
