package io.switchboard.web;

import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import io.switchboard.support.XSimAccount;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real daemon and GreenMail for a test class, with one user per role; optionally an X account
 * reading the X API simulator on 127.0.0.1 as well.
 */
final class WebFixture implements AutoCloseable {
  static final String PASSWORD = "correct horse battery";
  /** The X simulator's bearer token, as the account file below names it. */
  static final String X_TOKEN = "web-test-bearer";

  final TestMail mail;
  final Daemon daemon;
  final Api admin;

  WebFixture(Path dir) throws Exception {
    this(dir, null);
  }

  /** With an X account {@code x-brand} polling {@code x} when it is not null. */
  WebFixture(Path dir, XApiSimulator x) throws Exception {
    this(dir, x, java.util.Map.of());
  }

  /** As above, with more files for {@code config/channels/} (name to content). */
  WebFixture(Path dir, XApiSimulator x, java.util.Map<String, String> channelFiles) throws Exception {
    mail = new TestMail();
    Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
    // plain polling: a message that lands between SEARCH and IDLE would otherwise wait for imap.idle.max
    java.nio.file.Files.writeString(
        config.resolve("channels/email-test.properties"), "imap.idle = false\n", java.nio.file.StandardOpenOption.APPEND);
    if (x != null) {
      java.nio.file.Files.writeString(config.resolve("channels/x-brand.properties"), xAccount(x, java.util.Map.of()));
    }
    for (var f : channelFiles.entrySet()) {
      java.nio.file.Files.writeString(config.resolve("channels").resolve(f.getKey()), f.getValue());
    }
    daemon = TestDaemon.start(config, dir.resolve("data"));
    var users = daemon.services().users();
    users.create("ada", "Ada Agent", PASSWORD, "agent");
    users.create("bo", "Bo Agent", PASSWORD, "agent");
    users.create("lee", "Lee Lead", PASSWORD, "lead");
    users.create("mia", "Mia Marketing", PASSWORD, "marketing");
    admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  /**
   * An account file for the brand's X account reading {@code x}, polling every 200 ms with short
   * timeouts and backoff; {@code settings} add keys or replace these.
   */
  static String xAccount(XApiSimulator x, java.util.Map<String, String> settings) {
    java.util.Map<String, String> all = XSimAccount.settings(x, X_TOKEN, "200ms", "2s", "200ms", "1s");
    all.putAll(settings);
    StringBuilder file = new StringBuilder();
    all.forEach((k, v) -> file.append(k).append(" = ").append(v).append('\n'));
    return file.toString();
  }

  int port() {
    return daemon.port();
  }

  /** Delivers a customer email and waits until it is a conversation; returns its id. */
  long email(String from, String subject, String body) {
    String id = "<" + Math.abs((from + subject).hashCode()) + "." + System.nanoTime() + "@customer.test>";
    return deliver(TestMail.email(from, id, subject, body, null), subject);
  }

  long deliver(String rfc822, String subject) {
    mail.deliver(rfc822);
    try {
      return await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> find(subject), id -> id > 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "'" + subject + "' did not arrive; inbox: " + admin.get("/api/conversations?limit=500").body()
              + "; quarantine: " + admin.get("/api/quarantine").body(), e);
    }
  }

  /** Waits until a post by the customer on X is a conversation; returns its id. */
  long awaitX(String text) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> find(text), id -> id > 0);
  }

  long find(String subject) {
    for (var c : admin.ok("/api/conversations?limit=500").get("items")) {
      if (subject.equals(c.get("subject").asText())) {
        return c.get("id").asLong();
      }
    }
    return -1;
  }

  /** Sets what the NLP tagger would have set (not wired in yet). */
  void tag(long conversationId, String sentiment, String urgency, String language, String reasons) {
    daemon
        .services()
        .jdbi()
        .useHandle(
            h -> {
              h.createUpdate("UPDATE conversation SET sentiment = :s, urgency = :u, language = :l WHERE id = :id")
                  .bind("s", sentiment)
                  .bind("u", urgency)
                  .bind("l", language)
                  .bind("id", conversationId)
                  .execute();
              h.createUpdate(
                      "UPDATE message SET sentiment = :s, urgency = :u, language = :l, urgency_reasons = :r"
                          + " WHERE conversation_id = :id AND direction = 'in'")
                  .bind("s", sentiment)
                  .bind("u", urgency)
                  .bind("l", language)
                  .bind("r", reasons)
                  .bind("id", conversationId)
                  .execute();
            });
  }

  /** Moves a conversation's customer messages back in time (the test emails share one Date). */
  void sentHoursAgo(long conversationId, int hours) {
    java.sql.Timestamp at = java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(hours)));
    daemon.services().jdbi().useHandle(h -> {
      h.createUpdate("UPDATE message SET sent_at = :at WHERE conversation_id = :id AND direction = 'in'")
          .bind("at", at).bind("id", conversationId).execute();
      h.createUpdate("UPDATE conversation SET last_message_at = :at WHERE id = :id").bind("at", at).bind("id", conversationId).execute();
      io.switchboard.store.WaitingSince.recompute(h, conversationId);
    });
  }

  @Override
  public void close() {
    daemon.stop();
    mail.close();
  }
}
