package io.switchboard.metrics;

import io.switchboard.channel.email.EmailAccount;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code config/alerts.properties} (ADR 0045): who is mailed when a channel account goes down or its
 * credentials are refused, through which email account's SMTP server, how long an account must be
 * down before it counts, and how often the {@code alerts} route looks. Without the file in the
 * configuration folder, the packaged copy applies (no recipients: the banner only).
 *
 * @param recipients the admins' addresses; empty = no mail, the banner and {@code /api/alerts} only
 * @param smtp the email account whose SMTP server sends, present when {@code recipients} is not empty
 * @param downFor how long an account stays DOWN (for any reason but refused credentials) before it
 *     is an incident worth a mail; refused credentials alert at once
 * @param period how often the route compares the accounts' health with the open incidents
 * @param inboxUrl the inbox's public address for the link in the mail, without a trailing slash
 */
public record AlertSettings(
    List<String> recipients, Optional<EmailAccount> smtp, Duration downFor, Duration period, String inboxUrl) {
  public static final String FILE = "alerts.properties";

  public static AlertSettings load(Settings settings, UnaryOperator<String> env) {
    Path file = settings.configDir().resolve(FILE);
    PropertiesFile f =
        Files.isRegularFile(file) ? PropertiesFile.load(file, env) : PropertiesFile.loadResource("config/" + FILE, env);
    List<String> to =
        Arrays.stream(f.get("alerts.recipients", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    for (String t : to) {
      if (!t.matches("[^@\\s]+@[^@\\s]+")) {
        throw new ConfigException(f.name(), "alerts.recipients", "'" + t + "' is not an email address");
      }
    }
    String accountId = f.get("alerts.account", "").strip();
    Optional<ChannelAccount> account =
        settings.accounts().stream()
            .filter(a -> a.channel().equals("email") && (accountId.isEmpty() || a.id().equals(accountId)))
            .findFirst();
    if (!accountId.isEmpty() && account.isEmpty()) {
      throw new ConfigException(f.name(), "alerts.account", "no running email account " + accountId);
    }
    if (!to.isEmpty() && account.isEmpty()) {
      throw new ConfigException(
          f.name(), "alerts.recipients", "needs an email account to send from (channels/*.properties with channel = email)");
    }
    Duration downFor = f.getDuration("alerts.downFor", Duration.ofMinutes(5));
    Duration period = f.getDuration("alerts.period", Duration.ofSeconds(15));
    if (period.isZero() || period.isNegative()) {
      throw new ConfigException(f.name(), "alerts.period", "must be more than zero");
    }
    String url = f.get("alerts.inboxUrl", "").strip().replaceAll("/+$", "");
    return new AlertSettings(to, to.isEmpty() ? Optional.empty() : account.map(EmailAccount::from), downFor, period, url);
  }
}
