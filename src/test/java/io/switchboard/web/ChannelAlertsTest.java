package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channel alerts against the real daemon (ADR 0045): a Page whose token expires (Graph error 190)
 * and an X account whose credentials are refused (401) each mail the admins exactly once per
 * incident, through GreenMail, however many polls fail and across a restart; the inbox shows a
 * banner (with what to do, for admins) until the account is UP again; a new incident mails again.
 */
class ChannelAlertsTest {
  static final String TOKEN = "EAAGalertsPageToken0123456789abcdef";
  static final String PAGE_ID = "1029384756";
  static final String OPS = "ops@shop.test";

  @TempDir Path dir;
  TestMail mail;
  GraphApiSimulator graph;
  XApiSimulator x;
  Daemon daemon;
  Browser browser;
  Path config;

  @AfterEach
  void stop() {
    Browser.closeAll(browser, daemon == null ? null : daemon::stop, graph, x, mail);
  }

  private void start() {
    daemon = TestDaemon.start(config, dir.resolve("data"));
  }

  private Api admin() {
    return new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  private List<MimeMessage> alertMails() throws Exception {
    return Arrays.stream(mail.server.getReceivedMessages())
        .filter(m -> {
          try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(OPS));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })
        .toList();
  }

  private long alertMailsAbout(String account) throws Exception {
    long n = 0;
    for (MimeMessage m : alertMails()) {
      if (m.getSubject().contains(account)) {
        n++;
      }
    }
    return n;
  }

  private String status(String account) {
    for (JsonNode c : new Api(daemon.port(), null, null).ok("/api/health").get("channels")) {
      if (c.get("account").asText().equals(account)) {
        return c.get("status").asText();
      }
    }
    return "absent";
  }

  @Test
  void expiredTokensShouldMailOncePerIncidentAndShowABannerUntilUpAgain() throws Exception {
    mail = new TestMail();
    graph = GraphApiSimulator.start(TOKEN, PAGE_ID, "Northwind Travel Gear", "17841400000000001", "northwindtravelgear");
    graph.addPost("Autumn sale: 20% off every Atlas backpack.");
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
    Files.writeString(
        config.resolve("channels/fb-page.properties"),
        String.join(
            "\n",
            "channel = facebook",
            "page.id = " + PAGE_ID,
            "access.token = " + TOKEN,
            "graph.url = " + graph.baseUrl(),
            "streams = comments",
            "poll.interval = 200ms",
            "retry.base = 50ms",
            "backoff.max = 500ms",
            "timeout = 5s",
            ""));
    Files.writeString(
        config.resolve("channels/x-brand.properties"),
        WebFixture.xAccount(x, java.util.Map.of("retry.backoff.max", "500ms")));
    Files.writeString(
        config.resolve("alerts.properties"),
        "alerts.recipients = " + OPS + "\nalerts.period = 300ms\nalerts.downFor = 5m\nalerts.inboxUrl = http://inbox.test\n");
    start();
    daemon.services().users().create("ada", "Ada Agent", WebFixture.PASSWORD, "agent");
    await().atMost(Duration.ofSeconds(20)).until(() -> status("fb-page").equals("UP") && status("x-brand").equals("UP"));
    assertThat(admin().ok("/api/alerts").get("items")).isEmpty();

    // the Page token expires, X revokes the app's credentials
    graph.expireToken();
    x.credentialsValid(false);
    await().atMost(Duration.ofSeconds(20)).until(() -> alertMailsAbout("fb-page") == 1 && alertMailsAbout("x-brand") == 1);
    MimeMessage fb = alertMails().stream().filter(m -> subject(m).contains("fb-page")).findFirst().orElseThrow();
    String text = (String) fb.getContent();
    assertThat(subject(fb)).contains("credentials refused");
    assertThat(text)
        .contains("Session has expired")
        .contains("Generate a new Page access token")
        .contains("config/channels/fb-page.properties")
        .contains("POST /api/admin/channels/fb-page/resume")
        .contains("http://inbox.test/admin")
        .doesNotContain(TOKEN);
    assertThat(fb.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    String xText = (String) alertMails().stream().filter(m -> subject(m).contains("x-brand")).findFirst().orElseThrow().getContent();
    assertThat(xText).contains("401").contains("X developer portal").contains("config/channels/x-brand.properties");

    // many more failed polls and alert passes: no second mail
    int before = graph.requests();
    int xBefore = x.requests().size();
    await().atMost(Duration.ofSeconds(20)).until(() -> graph.requests() - before >= 5 && x.requests().size() - xBefore >= 3);
    assertThat(alertMails()).hasSize(2);
    JsonNode health = new Api(daemon.port(), null, null).ok("/api/health").get("channels");
    assertThat(health.findValues("alert")).hasSize(2);
    assertThat(daemon.services().metrics().scrape()).contains("switchboard_alerts_sent_total{kind=\"token\"} 2.0");

    // a restart while both are still down: no second mail either
    daemon.stop();
    start();
    int afterRestart = graph.requests();
    await().atMost(Duration.ofSeconds(20)).until(() -> graph.requests() - afterRestart >= 5 && status("fb-page").equals("DOWN"));
    await().atMost(Duration.ofSeconds(20)).until(() -> admin().ok("/api/alerts").get("items").size() == 2);
    assertThat(alertMails()).hasSize(2);

    // the banner, for an agent without the action, for an admin with it
    JsonNode forAgent = new Api(daemon.port(), "ada", WebFixture.PASSWORD).ok("/api/alerts").get("items");
    assertThat(forAgent).hasSize(2);
    assertThat(forAgent.get(0).has("action")).isFalse();
    browser = new Browser(daemon.port());
    browser.signIn("admin", TestDaemon.ADMIN_PASSWORD);
    assertThat(browser.text("#alerts .alert[data-account='fb-page']")).contains("credentials were refused").contains("admins were emailed");
    assertThat(browser.text("#alerts .alert[data-account='fb-page'] .alert-todo"))
        .contains("POST /api/admin/channels/fb-page/resume");
    assertThat(browser.text("#alerts .alert[data-account='x-brand']")).contains("x-brand");

    // fixed: UP again, the banner goes
    graph.renewToken();
    x.credentialsValid(true);
    browser.waitFor(d -> browser.all("#alerts .alert").isEmpty());
    assertThat(browser.all("#alerts").get(0).isDisplayed()).isFalse();
    assertThat(admin().ok("/api/alerts").get("recent").findValues("closedAt")).allMatch(v -> !v.isNull());

    // a new incident on the Page mails again, once
    graph.expireToken();
    await().atMost(Duration.ofSeconds(20)).until(() -> alertMailsAbout("fb-page") == 2);
    browser.find("#alerts .alert[data-account='fb-page']");
    int again = graph.requests();
    await().atMost(Duration.ofSeconds(20)).until(() -> graph.requests() - again >= 5);
    assertThat(alertMails()).hasSize(3);
    assertThat(alertMailsAbout("x-brand")).isEqualTo(1);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
