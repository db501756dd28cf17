package io.switchboard.digest;

import io.switchboard.channel.email.EmailAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code config/digest.properties}: schedule, recipients, content limits and SMTP. Without the file
 * in the configuration folder, the packaged copy applies (email off).
 */
public record DigestSettings(
    List<String> recipients,
    String cron,
    ZoneId zone,
    Duration period,
    String subject,
    String from,
    String inboxUrl,
    Optional<EmailAccount.Server> smtp,
    DigestService.Options options,
    Duration claimTtl,
    Duration takeoverEvery) {

  public static final String FILE = "digest.properties";

  public boolean enabled() {
    return !recipients.isEmpty();
  }

  /** What the route file reads as {@code {{digest.*}}} placeholders. */
  public Map<String, String> routeProperties() {
    return Map.of(
        "digest.enabled", String.valueOf(enabled()),
        "digest.cron", cron,
        "digest.timezone", zone.getId(),
        "digest.takeoverMs", String.valueOf(takeoverEvery.toMillis()));
  }

  public static DigestSettings load(Settings settings, UnaryOperator<String> env) {
    Path file = settings.configDir().resolve(FILE);
    PropertiesFile f =
        Files.isRegularFile(file) ? PropertiesFile.load(file, env) : PropertiesFile.loadResource("config/" + FILE, env);
    List<String> recipients =
        Arrays.stream(f.get("digest.recipients", "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String r : recipients) {
      if (!r.contains("@")) {
        throw new ConfigException(f.name(), "digest.recipients", "'" + r + "' is not an email address");
      }
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(f.get("digest.timezone", "UTC"));
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(f.name(), "digest.timezone", "unknown time zone: " + e.getMessage());
    }
    Optional<EmailAccount.Server> smtp =
        f.find("digest.smtp.host")
            .map(
                host ->
                    new EmailAccount.Server(
                        host,
                        f.getInt("digest.smtp.port", 587),
                        f.getBoolean("digest.smtp.ssl", false),
                        f.getBoolean("digest.smtp.starttls", true),
                        f.get("digest.smtp.user", ""),
                        f.get("digest.smtp.password", "")))
            .or(
                () ->
                    settings.accounts().stream()
                        .filter(a -> a.channel().equals("email"))
                        .findFirst()
                        .map(a -> EmailAccount.from(a).smtp()));
    if (!recipients.isEmpty() && smtp.isEmpty()) {
      throw new ConfigException(
          f.name(), "digest.smtp.host", "is required for the digest email when no email account is configured");
    }
    DigestService.Options options =
        new DigestService.Options(
            f.getInt("digest.themes.sample", 5000),
            f.getInt("digest.themes.max", 8),
            f.getInt("digest.themes.quotes", 3),
            f.getInt("digest.posts.max", 5),
            f.getInt("digest.praise.max", 5),
            Double.parseDouble(f.get("digest.praise.minScore", "0.8")));
    return new DigestSettings(
        recipients,
        f.get("digest.cron", "0 0 7 ? * MON"),
        zone,
        f.getDuration("digest.period", Duration.ofDays(7)),
        f.get("digest.subject", "Customer sentiment digest"),
        f.get("digest.from", "digest@switchboard.local"),
        f.get("digest.inbox.url", "").replaceAll("/+$", ""),
        smtp,
        options,
        // a run claimed by an instance that died is taken over once its claim expires (ADR 0038)
        f.getDuration("digest.claimTtl", Duration.ofMinutes(10)),
        f.getDuration("digest.takeoverEvery", Duration.ofSeconds(30)));
  }
}
