package io.switchboard.workflow.csat;

import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * {@code config/csat.properties}: whether and when invitations go out, how long links work, where
 * they point and what the messages say. Without the file in the configuration folder, the packaged
 * copy applies.
 *
 * @param publicUrl the server's public address without a trailing slash, or empty for the local one
 * @param signingKey the configured HMAC key, or empty to use the generated one
 */
public record CsatSettings(
    boolean enabled,
    Duration delay,
    Duration linkValidity,
    String publicUrl,
    String signingKey,
    Set<String> channels,
    Duration sweep,
    Duration catchUp,
    String author,
    String emailText,
    String dmText) {

  public static final String FILE = "csat.properties";

  public static CsatSettings load(Settings settings, UnaryOperator<String> env) {
    Path file = settings.configDir().resolve(FILE);
    PropertiesFile f =
        Files.isRegularFile(file) ? PropertiesFile.load(file, env) : PropertiesFile.loadResource("config/" + FILE, env);
    String key = f.get("csat.signingKey", "");
    if (!key.isEmpty() && key.length() < 32) {
      throw new ConfigException(f.name(), "csat.signingKey", "must be at least 32 characters (or empty to generate one)");
    }
    String url = f.get("csat.publicUrl", "");
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    String emailText = f.get("csat.email.text", "How did we do?\n\n{links}");
    if (!emailText.contains("{links}")) {
      throw new ConfigException(f.name(), "csat.email.text", "must contain {links}");
    }
    String dmText = f.get("csat.dm.text", "How did we do? {link}");
    if (!dmText.contains("{link}")) {
      throw new ConfigException(f.name(), "csat.dm.text", "must contain {link}");
    }
    return new CsatSettings(
        f.getBoolean("csat.enabled", true),
        f.getDuration("csat.delay", Duration.ofMinutes(10)),
        f.getDuration("csat.linkValidity", Duration.ofDays(14)),
        url,
        key,
        Arrays.stream(f.get("csat.channels", "email,x,facebook,instagram").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        f.getDuration("csat.sweep", Duration.ofSeconds(30)),
        f.getDuration("csat.catchUp", Duration.ofDays(1)),
        f.get("csat.author", "csat-survey"),
        emailText,
        dmText);
  }
}
