package io.switchboard.voice;

import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The brand voice guide ({@code config/voice/brand-voice.yaml}) and its templates ({@code
 * config/voice/templates/<language>.yaml}), read once and immutable after, so one instance can be
 * shared by every thread.
 *
 * @param defaultLanguage used when a draft has no language
 * @param rules the severity of every rule that is switched on, by rule id
 */
public record VoiceGuide(
    String brand,
    String defaultLanguage,
    Map<String, LanguageGuide> languages,
    Map<String, ChannelPolicy> channels,
    PublicReplies publicReplies,
    Map<String, Severity> rules,
    Scoring scoring,
    TemplateLibrary templates) {

  public VoiceGuide {
    languages = Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
    rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
  }

  /**
   * Reads {@code brand-voice.yaml} and {@code templates/*.yaml} from a folder.
   *
   * @throws ConfigException naming the file and key of the first problem
   */
  public static VoiceGuide load(Path configVoiceDir) {
    return GuideLoader.load(configVoiceDir);
  }

  /** Reads the copy of {@code config/voice} packaged in the jar (or in target/classes). */
  public static VoiceGuide loadPackaged() {
    return load(Settings.packaged("config/voice"));
  }

  /**
   * Reads {@code dir} if it exists, else the packaged copy: the same rule as the rest of config/.
   */
  public static VoiceGuide loadOrPackaged(Path dir) {
    return Files.isDirectory(dir) ? load(dir) : loadPackaged();
  }

  /**
   * The language code rules are looked up by: lower case, region dropped ({@code pt-BR} → {@code
   * pt}), the default language when null or blank. It may be a language the guide does not know.
   */
  public String resolveLanguage(String code) {
    if (code == null || code.isBlank()) {
      return defaultLanguage;
    }
    String c = code.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    int dash = c.indexOf('-');
    return dash > 0 ? c.substring(0, dash) : c;
  }

  public Optional<LanguageGuide> language(String code) {
    return Optional.ofNullable(languages.get(code));
  }

  /**
   * @throws IllegalArgumentException for a channel the guide does not describe
   */
  public ChannelPolicy channel(String id) {
    ChannelPolicy policy = channels.get(id);
    if (policy == null) {
      throw new IllegalArgumentException(
          "unknown channel '" + id + "'; the voice guide knows " + channels.keySet());
    }
    return policy;
  }

  /** The rule's severity, or empty when it is switched off. */
  public Optional<Severity> severity(String ruleId) {
    return Optional.ofNullable(rules.get(ruleId));
  }
}
