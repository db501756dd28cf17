package io.switchboard.metrics;

import io.switchboard.channel.email.EmailAccount;
import io.switchboard.channel.email.OutgoingMail;
import io.switchboard.config.ChannelAccount;
import io.switchboard.store.AlertStore;
import io.switchboard.store.ChannelHealth;
import io.switchboard.util.Backoff;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code alerts} route's bean (ADR 0045): at each tick, compares every running account's health
 * with the open incidents. An account whose credentials were refused, or that stayed DOWN (or
 * without a reader) for {@code alerts.downFor}, opens an incident; an account UP again closes it.
 * Each open incident is mailed to the admins once: the instance whose conditional UPDATE claims it
 * sends it and marks it sent; a failed send backs off and any instance may try again.
 */
public final class ChannelAlerts {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelAlerts.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  /** How long a claimed mail may take before another instance may send it instead. */
  static final Duration CLAIM = Duration.ofMinutes(2);
  private static final Backoff RETRY = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30));

  private final AlertSettings settings;
  private final ChannelHealth health;
  private final AlertStore store;
  private final Map<String, ChannelAccount> accounts;
  private final String instance;
  private final Clock clock;
  private final Session session;
  private final Instant started;

  public ChannelAlerts(
      AlertSettings settings, ChannelHealth health, AlertStore store, List<ChannelAccount> accounts, String instance, Clock clock) {
    this.settings = settings;
    this.health = health;
    this.store = store;
    this.accounts = accounts.stream().collect(Collectors.toMap(ChannelAccount::id, a -> a, (a, b) -> a, LinkedHashMap::new));
    this.instance = instance;
    this.clock = clock;
    this.started = clock.instant();
    this.session = settings.smtp().map(a -> Session.getInstance(a.smtp().smtpProperties())).orElse(null);
  }

  public AlertSettings settings() {
    return settings;
  }

  public AlertStore store() {
    return store;
  }

  /** One pass: open and close incidents, then mail the open ones not mailed yet. */
  public void tick() {
    Instant now = clock.instant();
    Set<String> open = Set.copyOf(store.openAccounts());
    for (ChannelHealth.State s : health.all()) {
      if (!accounts.containsKey(s.account())) {
        continue; // remembered from an earlier start, configured no more
      }
      String status = s.status();
      if (status.equals("UP")) {
        if (open.contains(s.account()) && store.close(s.account())) {
          LOG.info("{}: UP again; its alert is over", s.account());
        }
      } else if (s.credentialsRefused()) {
        store.open(s.account(), s.channel(), "token", s.lastError());
      } else if (status.equals("DOWN") || status.equals("NO_READER")) {
        // down since its last successful poll, or since this instance started when it never had one
        Instant since = s.lastSuccessAt() != null ? s.lastSuccessAt() : started;
        boolean longEnough = !since.plus(settings.downFor()).isAfter(now);
        if (open.contains(s.account()) || longEnough) {
          String reason = status.equals("NO_READER") ? "no instance reads the account (its poller lease ran out)" : s.lastError();
          store.open(s.account(), s.channel(), "down", reason);
        }
      }
    }
    if (session == null) {
      return;
    }
    for (AlertStore.Alert a : store.open()) {
      if (a.sentAt() == null && store.claim(a.id(), instance, CLAIM)) {
        send(a);
      }
    }
  }

  private void send(AlertStore.Alert a) {
    String to = String.join(", ", settings.recipients());
    try {
      EmailAccount from = settings.smtp().orElseThrow();
      MimeMessage mail = OutgoingMail.plain(session, from, "Switchboard alerts", null, subject(a), text(a));
      for (String r : settings.recipients()) {
        mail.addRecipient(Message.RecipientType.TO, new InternetAddress(r));
      }
      mail.setHeader("Auto-Submitted", "auto-generated");
      mail.saveChanges();
      from.smtp().send(mail);
      store.sent(a.id(), instance, to);
      LOG.warn("{}: alert mailed to {}: {}", a.account(), to, subject(a));
    } catch (MessagingException | RuntimeException e) {
      Instant retry = clock.instant().plus(RETRY.delay(a.attempts() + 1));
      store.failed(a.id(), instance, e.toString(), retry);
      LOG.error("{}: cannot mail the alert (attempt {}), next try at {}: {}", a.account(), a.attempts() + 1, retry, e.toString());
    }
  }

  static String subject(AlertStore.Alert a) {
    return "token".equals(a.kind())
        ? "[Switchboard] " + a.account() + " (" + a.channel() + "): credentials refused, the account is DOWN"
        : "[Switchboard] " + a.account() + " (" + a.channel() + ") is DOWN";
  }

  String text(AlertStore.Alert a) {
    StringBuilder b = new StringBuilder();
    b.append("The ").append(a.channel()).append(" account ").append(a.account()).append(" is DOWN since ")
        .append(TIME.format(a.openedAt())).append(": Switchboard neither reads it nor sends replies through it.\n\n");
    b.append("Last error: ").append(a.reason() == null ? "(none)" : a.reason()).append("\n\n");
    b.append("What to do: ").append(advice(a)).append("\n\n");
    if (!settings.inboxUrl().isEmpty()) {
      b.append("Admin page: ").append(settings.inboxUrl()).append("/admin\n");
    }
    b.append("You get this once per incident; the inbox shows a banner until the account is UP again.\n");
    return b.toString();
  }

  /** What to do about the incident, for the mail and the admins' banner. */
  public String advice(AlertStore.Alert a) {
    ChannelAccount account = accounts.get(a.account());
    String file = account == null || account.settings().name() == null ? null : fileName(account.settings().name());
    return AlertAdvice.of(a.account(), a.channel(), a.kind(), file);
  }

  private static String fileName(String name) {
    return name.endsWith(".properties") ? Path.of(name).getFileName().toString() : null;
  }
}
