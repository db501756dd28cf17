package io.switchboard.workflow.nps;

import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * {@code config/nps.properties}: whether Net Promoter surveys go out, after a resolution or on a
 * schedule, how seldom one customer is asked, and what the messages say. Without the file in the
 * configuration folder, the packaged copy applies.
 *
 * @param mode {@code resolved}: after a resolution; {@code schedule}: every sweep asks customers
 *     with a conversation resolved within {@code lookback}
 * @param quietPeriod at most one survey per customer (person, merged contacts once) in this time
 */
public record NpsSettings(
    boolean enabled,
    String mode,
    Duration delay,
    Duration quietPeriod,
    Duration lookback,
    Duration linkValidity,
    Set<String> channels,
    Duration sweep,
    String author,
    String question,
    String emailText,
    String dmText) {

  public static final String FILE = "nps.properties";

  public boolean afterResolution() {
    return mode.equals("resolved");
  }

  public static NpsSettings load(Settings settings, UnaryOperator<String> env) {
    Path file = settings.configDir().resolve(FILE);
    PropertiesFile f =
        Files.isRegularFile(file) ? PropertiesFile.load(file, env) : PropertiesFile.loadResource("config/" + FILE, env);
    String mode = f.get("nps.mode", "resolved").strip().toLowerCase(Locale.ROOT);
    if (!mode.equals("resolved") && !mode.equals("schedule")) {
      throw new ConfigException(f.name(), "nps.mode", "must be resolved or schedule, not '" + mode + "'");
    }
    Duration quiet = f.getDuration("nps.quietPeriod", Duration.ofDays(90));
    if (quiet.isNegative()) {
      throw new ConfigException(f.name(), "nps.quietPeriod", "must not be negative");
    }
    String question = f.get("nps.question", "How likely are you to recommend us to a friend or colleague?");
    String emailText = f.get("nps.email.text", "{question}\n\n{links}");
    if (!emailText.contains("{links}")) {
      throw new ConfigException(f.name(), "nps.email.text", "must contain {links}");
    }
    String dmText = f.get("nps.dm.text", "{question} {link}");
    if (!dmText.contains("{link}")) {
      throw new ConfigException(f.name(), "nps.dm.text", "must contain {link}");
    }
    return new NpsSettings(
        f.getBoolean("nps.enabled", true),
        mode,
        f.getDuration("nps.delay", Duration.ofHours(1)),
        quiet,
        f.getDuration("nps.lookback", Duration.ofDays(30)),
        f.getDuration("nps.linkValidity", Duration.ofDays(14)),
        Arrays.stream(f.get("nps.channels", "email,x,facebook,instagram").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        f.getDuration("nps.sweep", Duration.ofSeconds(30)),
        f.get("nps.author", "nps-survey"),
        question,
        emailText.replace("{question}", question),
        dmText.replace("{question}", question));
  }
}
