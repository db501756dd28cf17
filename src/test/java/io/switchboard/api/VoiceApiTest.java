package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The brand-voice step in the reply path: checked drafts, templates, fixes, blocks, overrides. */
class VoiceApiTest {
  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;
  static Api api;
  static long conversation;

  @BeforeAll
  static void start() throws Exception {
    mail = new TestMail();
    daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
    daemon.services().users().create("sam", "Sam Carter", "agent-pw", "agent");
    api = new Api(daemon.port(), "sam", "agent-pw");
    mail.deliver(
        "From: Ann Lee <ann@example.com>\r\nTo: " + TestMail.SUPPORT + "\r\nSubject: Late delivery\r\n"
            + "Message-ID: <v1@example.com>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "My parcel NW-104233 has not been delivered yet. Where is it?\r\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() == 1);
    conversation = api.ok("/api/conversations").get("items").get(0).get("id").asLong();
  }

  @AfterAll
  static void stop() {
    daemon.stop();
    mail.close();
  }

  @Test
  void emailReplyShouldBeSentWithGreetingAndSignOffNormalized() throws Exception {
    Api.Response r =
        api.post(
            "/api/conversations/" + conversation + "/replies",
            Api.json(Map.of("text", "Your order NW-104233 left our warehouse today and arrives tomorrow.")));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("text").asText())
        .startsWith("Hi Ann,")
        .contains("NW-104233 left our warehouse")
        .endsWith("Best regards,\nSam\nNorthwind Travel Gear");

    await().atMost(Duration.ofSeconds(20)).until(() -> mail.server.getReceivedMessagesForDomain("example.com").length >= 1);
    String sent = mail.server.getReceivedMessagesForDomain("example.com")[0].getContent().toString();
    assertThat(sent).startsWith("Hi Ann,").contains("Best regards,");
  }

  @Test
  void blockedReplyShouldAnswer422WithViolationsUnlessOverridden() {
    String draft = "Your voucher code is {voucher.code}.";
    Api.Response blocked = api.post("/api/conversations/" + conversation + "/replies", Api.json(Map.of("text", draft)));
    assertThat(blocked.status()).isEqualTo(422);
    assertThat(blocked.json().get("error").asText()).contains("brand-voice");
    assertThat(blocked.json().get("violations")).anySatisfy(v -> {
      assertThat(v.get("rule").asText()).isEqualTo("placeholder");
      assertThat(v.get("severity").asText()).isEqualTo("block");
    });

    Api.Response overridden =
        api.post(
            "/api/conversations/" + conversation + "/replies",
            Api.json(Map.of("text", draft, "override", "customer asked for the literal template")));
    assertThat(overridden.status()).isEqualTo(202);
    long audits =
        daemon.services().jdbi().withHandle(h ->
            h.createQuery("SELECT COUNT(*) FROM audit_log WHERE action = 'voice.override' AND actor = 'sam'").mapTo(Long.class).one());
    assertThat(audits).isEqualTo(1);
  }

  @Test
  void checkShouldReturnFixedTextScoreAndViolations() {
    Api.Response r =
        api.post(
            "/api/voice/check",
            Api.json(Map.of("conversationId", conversation, "text", "Unfortunately, as per our policy an employee will call!!!")));
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("text").asText()).contains("team member").doesNotContain("!!!");
    assertThat(body.get("violations")).anySatisfy(v -> assertThat(v.get("rule").asText()).isEqualTo("banned-phrase"));
    assertThat(body.get("score").asInt()).isLessThan(100);
    assertThat(body.get("blocked").asBoolean()).isFalse();

    assertThat(api.post("/api/voice/check", "{}").status()).isEqualTo(400);
    assertThat(api.post("/api/voice/check", Api.json(Map.of("conversationId", 9999, "text", "x"))).status()).isEqualTo(404);
  }

  @Test
  void templatesShouldRankDeliveryAnswersFirstForADeliveryQuestion() {
    JsonNode templates = api.ok("/api/templates?conversation=" + conversation);
    assertThat(templates.size()).isPositive();
    JsonNode best = templates.get(0);
    assertThat(best.get("language").asText()).isEqualTo("en");
    assertThat(best.get("reasons").toString()).containsIgnoringCase("deliver");
    assertThat(best.get("body").asText()).doesNotContain("{brand}");
    assertThat(api.get("/api/templates").status()).isEqualTo(400);
  }
}
