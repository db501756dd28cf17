package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's list of channel accounts with their health: admins only, and never a secret. */
class ChannelAccountsApiTest {
  static final String PAGE_TOKEN = "EAAG-page-token-that-must-not-leak";
  static final String OFF_FILE =
      String.join(
          "\n",
          "enabled = false",
          "channel = facebook",
          "page.id = 1234567890",
          "access.token = " + PAGE_TOKEN,
          "app.secret = app-secret-that-must-not-leak",
          "graph.url = https://graph-user:graph-pass@graph.example.test",
          "");

  @TempDir static Path dir;
  static XApiSimulator x;
  static WebFixture app;

  @BeforeAll
  static void start() throws Exception {
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    app = new WebFixture(dir, x, Map.of("facebook-page.properties", OFF_FILE));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (x != null) {
      x.close();
    }
  }

  static JsonNode account(JsonNode items, String id) {
    for (JsonNode a : items) {
      if (a.get("account").asText().equals(id)) {
        return a;
      }
    }
    return null;
  }

  @Test
  void adminShouldSeeEveryAccountWithItsHealthAndNoSecret() {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonNode items = app.admin.ok("/api/admin/channels").get("items");
      return "UP".equals(account(items, "email-test").get("status").asText())
          && "UP".equals(account(items, "x-brand").get("status").asText());
    });
    Api.Response r = app.admin.get("/api/admin/channels");
    JsonNode items = r.json().get("items");

    JsonNode email = account(items, "email-test");
    assertThat(email.get("channel").asText()).isEqualTo("email");
    assertThat(email.get("enabled").asBoolean()).isTrue();
    assertThat(email.get("file").asText()).isEqualTo("email-test.properties");
    assertThat(email.get("lastSuccessAt").isNull()).isFalse();
    assertThat(email.get("settings").get("imap.host").asText()).isEqualTo("127.0.0.1");
    assertThat(email.get("settings").has("imap.password")).isFalse();
    assertThat(email.get("secrets").toString()).contains("imap.password");

    JsonNode xBrand = account(items, "x-brand");
    assertThat(xBrand.get("channel").asText()).isEqualTo("x");
    assertThat(xBrand.get("settings").get("handle").asText()).isEqualTo(x.brand().username());
    assertThat(xBrand.get("secrets").toString()).contains("bearer.token");

    JsonNode off = account(items, "facebook-page");
    assertThat(off.get("enabled").asBoolean()).isFalse();
    assertThat(off.get("status").asText()).isEqualTo("DISABLED");
    assertThat(off.get("settings").get("page.id").asText()).isEqualTo("1234567890");
    assertThat(off.get("settings").get("graph.url").asText()).isEqualTo("https://graph.example.test");
    assertThat(off.get("secrets").toString()).contains("access.token", "app.secret");

    // the mailbox password is the word "secret": look for it as a value, not inside a key's name
    assertThat(r.body())
        .doesNotContain("\"" + TestMail.PASSWORD + "\"", WebFixture.X_TOKEN, PAGE_TOKEN, "app-secret-that-must-not-leak", "graph-pass");
  }

  @Test
  void anAccountThatFailsShouldShowDownWithTheReason() {
    x.credentialsValid(false);
    try {
      JsonNode down =
          await().atMost(Duration.ofSeconds(20)).until(
              () -> account(app.admin.ok("/api/admin/channels").get("items"), "x-brand"),
              a -> a.get("status").asText().equals("DOWN"));
      assertThat(down.get("lastError").asText()).isNotBlank();
      assertThat(down.get("lastErrorAt").isNull()).isFalse();
      assertThat(down.toString()).doesNotContain(WebFixture.X_TOKEN);
    } finally {
      x.credentialsValid(true);
    }
    await().atMost(Duration.ofSeconds(20)).until(
        () -> account(app.admin.ok("/api/admin/channels").get("items"), "x-brand").get("status").asText().equals("UP"));
  }

  @Test
  void onlyAdminsShouldSeeChannelAccounts() {
    for (String user : new String[] {"ada", "lee", "mia"}) {
      Api.Response r = new Api(app.port(), user, WebFixture.PASSWORD).get("/api/admin/channels");
      assertThat(r.status()).as(user).isEqualTo(403);
      assertThat(r.body()).doesNotContain("email-test");
    }
    assertThat(new Api(app.port(), "admin", "wrong password").get("/api/admin/channels").status()).isEqualTo(401);
    assertThat(new Api(app.port(), "admin", TestDaemon.ADMIN_PASSWORD).get("/api/admin/channels").status()).isEqualTo(200);
  }

  @Test
  void aPausedMailboxShouldNotBeReadUntilResumedAndTheChangesAreAudited() throws Exception {
    Api agent = new Api(app.port(), "ada", WebFixture.PASSWORD);
    assertThat(agent.post("/api/admin/channels/email-test/pause", "{}").status()).isEqualTo(403);
    assertThat(app.admin.post("/api/admin/channels/no-such-account/pause", "{}").status()).isEqualTo(404);

    Api.Response paused = app.admin.post("/api/admin/channels/email-test/pause", "{}");
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().get("status").asText()).isEqualTo("PAUSED");
    assertThat(paused.json().get("pausedBy").asText()).isEqualTo("admin");
    try {
      String subject = "Paused mailbox " + System.nanoTime();
      app.mail.deliver(TestMail.email("pat@customer.test", "<" + System.nanoTime() + "@customer.test>", subject, "Hello?", null));
      // the route keeps turning while paused, without reading: three turns after the delivery
      // (each a second or more) prove the mail was there to read and was left alone
      long turns = app.daemon.services().inbound().turns("email-test");
      await().atMost(Duration.ofSeconds(30)).until(() -> app.daemon.services().inbound().turns("email-test") >= turns + 3);
      assertThat(app.find(subject)).as("not read while paused").isNotPositive();
      assertThat(account(app.admin.ok("/api/admin/channels").get("items"), "email-test").get("status").asText())
          .isEqualTo("PAUSED");

      Api.Response resumed = app.admin.post("/api/admin/channels/email-test/resume", "{}");
      assertThat(resumed.status()).isEqualTo(200);
      assertThat(resumed.json().get("pausedAt").isNull()).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> app.find(subject), id -> id > 0);
    } finally {
      app.admin.post("/api/admin/channels/email-test/resume", "{}");
    }
    List<String> audit =
        app.daemon.services().jdbi().withHandle(h -> h.createQuery(
                "SELECT actor || ' ' || action || ' ' || detail FROM audit_log WHERE action LIKE 'channel.%' ORDER BY id")
            .mapTo(String.class)
            .list());
    assertThat(audit).startsWith("admin channel.pause email-test", "admin channel.resume email-test");
  }
}
