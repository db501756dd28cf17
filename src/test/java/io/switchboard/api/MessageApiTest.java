package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Tags from the ingest route's NLP step in the API, and agents' corrections of them. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class MessageApiTest {
  @Parameter TestStore store;
  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;
  static Api admin;

  @BeforeParameterizedClassInvocation
  static void start(TestStore store) throws Exception {
    mail = new TestMail();
    daemon = TestDaemon.start(TestDaemon.config(dir.resolve(store.name()), mail.imapPort(), mail.smtpPort(), store), dir.resolve(store.name()).resolve("data"));
    admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
    mail.deliver(TestMail.email("angry@example.com", "<n1@example.com>", "Charged twice",
        "You charged my card twice and nobody answers. I am still waiting after 3 weeks. If this is not fixed today I will contact my lawyer.", null));
    mail.deliver(TestMail.email("kunde@example.de", "<n2@example.de>", "Lieferung",
        "Hallo, meine Bestellung ist immer noch nicht angekommen. Wann wird sie geliefert? Viele Grüße", null));
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.ok("/api/conversations").get("total").asInt() == 2);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    daemon.stop();
    mail.close();
  }

  private JsonNode firstMessage(String query) {
    long id = admin.ok("/api/conversations?q=" + query).get("items").get(0).get("id").asLong();
    return admin.ok("/api/conversations/" + id).get("messages").get(0);
  }

  @Test
  void ingestShouldTagLanguageSentimentAndUrgencyWithReasons() {
    JsonNode angry = firstMessage("lawyer");
    assertThat(angry.get("language").asText()).isEqualTo("en");
    assertThat(angry.get("sentiment").asText()).isEqualTo("negative");
    assertThat(angry.get("urgency").asText()).isIn("high", "urgent");
    assertThat(angry.get("urgencyReasons").toString()).contains("legal");

    JsonNode german = firstMessage("Lieferung");
    assertThat(german.get("language").asText()).isEqualTo("de");
    JsonNode list = admin.ok("/api/conversations?q=lawyer").get("items").get(0);
    assertThat(list.get("sentiment").asText()).isEqualTo("negative");
    JsonNode trend = admin.ok("/api/conversations/" + list.get("id").asLong()).get("sentimentTrend");
    assertThat(trend.get("latest").asText()).isEqualTo("negative");
    assertThat(trend.get("worst").asText()).isEqualTo("negative");
    assertThat(trend.get("direction").asText()).isEqualTo("steady");
  }

  @Test
  void correctionShouldChangeTheMessageAndBeRecorded() {
    long messageId = firstMessage("Lieferung").get("id").asLong();
    Api.Response patched = admin.patch("/api/messages/" + messageId, Api.json(Map.of("sentiment", "negative", "urgency", "high")));
    assertThat(patched.status()).isEqualTo(200);
    JsonNode after = firstMessage("Lieferung");
    assertThat(after.get("sentiment").asText()).isEqualTo("negative");
    assertThat(after.get("urgency").asText()).isEqualTo("high");
    long corrections =
        daemon.services().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tag_correction").mapTo(Long.class).one());
    assertThat(corrections).isEqualTo(1);

    assertThat(admin.patch("/api/messages/" + messageId, Api.json(Map.of("sentiment", "furious"))).status()).isEqualTo(422);
    assertThat(admin.patch("/api/messages/999999", Api.json(Map.of("urgency", "low"))).status()).isEqualTo(404);
    assertThat(admin.patch("/api/messages/" + messageId, "{}").status()).isEqualTo(400);
  }

  @Test
  void reloadShouldBeForAdminsOnly() throws Exception {
    assertThat(admin.post("/api/nlp/reload", "").status()).isEqualTo(200);
    daemon.services().users().create("mo", "Mo", "mkt-pw", "marketing");
    assertThat(new Api(daemon.port(), "mo", "mkt-pw").post("/api/nlp/reload", "").status()).isEqualTo(403);
    assertThat(new Api(daemon.port(), "mo", "mkt-pw").patch("/api/messages/1", Api.json(Map.of("urgency", "low"))).status()).isEqualTo(403);
  }
}
