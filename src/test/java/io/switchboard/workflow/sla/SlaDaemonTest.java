package io.switchboard.workflow.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.Scrape;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon with the {@code sla} route ticking on the system clock, a 24/7 calendar and a
 * first-response target of seconds: the escalation email arrives in GreenMail, the API shows the
 * clocks, and snoozes set through the API wake on time and when the customer writes.
 */
class SlaDaemonTest {
  static final String LEAD = "lead@shop.test";

  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;
  static Api admin;
  static Api marketing;

  @BeforeAll
  static void start() throws Exception {
    mail = new TestMail();
    Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
    Files.writeString(
        config.resolve("channels/email-test.properties"), "imap.idle = false\n", java.nio.file.StandardOpenOption.APPEND);
    Files.createDirectories(config.resolve("workflow"));
    Files.writeString(
        config.resolve(SlaSettings.FILE),
        String.join(
            "\n",
            "tick: 200ms",
            "warnAt: 50%",
            "calendars:",
            "  always:",
            "    zone: UTC",
            "    hours:",
            "      mon-sun: \"00:00-24:00\"",
            "policies:",
            "  - name: seconds",
            "    firstResponse: 6s",
            "    nextResponse: 1h",
            "escalation:",
            "  lead: lee",
            "  notify: [" + LEAD + "]",
            ""));
    daemon = TestDaemon.start(config, dir.resolve("data"));
    daemon.services().users().create("lee", "Lee Lead", "lee-password", "lead");
    daemon.services().users().create("mia", "Mia Marketing", "mia-password", "marketing");
    admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
    marketing = new Api(daemon.port(), "mia", "mia-password");
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    mail.close();
  }

  /**
   * Delivers a mail and waits until its conversation has SLA clocks: the workflow-events route
   * starts them just after ingest commits, so a loaded machine can list the conversation first.
   */
  static long email(String from, String messageId, String subject, String inReplyTo) {
    mail.deliver(TestMail.email(from, messageId, subject, "My parcel has not arrived, can you check?", inReplyTo));
    long id = await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> find(subject), found -> found > 0);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> sla(id).hasNonNull("policy"));
    return id;
  }

  static long find(String subject) {
    for (JsonNode c : admin.ok("/api/conversations?limit=500").get("items")) {
      if (subject.equals(c.get("subject").asText())) {
        return c.get("id").asLong();
      }
    }
    return -1;
  }

  /** How many times the {@code sla} route has run, from Camel's route meters on {@code /metrics}. */
  static double slaTicks() {
    return Scrape.value(daemon.services().metrics().scrape(), "camel_exchanges_total\\{[^}]*routeId=\"sla\"[^}]*\\}")
        .orElseThrow(() -> new AssertionError("no exchange counter for the sla route"));
  }

  static JsonNode sla(long id) {
    return admin.ok("/api/conversations/" + id + "/sla");
  }

  static List<String> activity(long id) {
    List<String> kinds = new ArrayList<>();
    admin.ok("/api/conversations/" + id + "/activity").get("items").forEach(a -> kinds.add(a.get("kind").asText()));
    return kinds;
  }

  static void reply(long id) {
    Api.Response r =
        admin.post(
            "/api/conversations/" + id + "/replies",
            Api.json(Map.of("text", "Thanks for checking in. Your parcel is on its way and should arrive within two working days.", "override", "test")));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  @Test
  void anUnansweredConversationShouldBeEscalatedOnceWithAnEmailToTheLead() throws Exception {
    long id = email("late@customer.test", "<late.1@customer.test>", "Nobody answers", null);
    JsonNode first = sla(id).get("firstResponse");
    assertThat(sla(id).get("policy").asText()).isEqualTo("seconds");
    Instant due = Instant.parse(first.get("dueAt").asText());
    Instant warnAt = Instant.parse(first.get("warnAt").asText());
    assertThat(Duration.between(warnAt, due)).isEqualTo(Duration.ofSeconds(3));

    MimeMessage notice =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> noticeFor(id), m -> m != null);
    assertThat(notice.getSubject()).contains("first response");
    JsonNode state = await().atMost(Duration.ofSeconds(10)).until(() -> sla(id), s -> s.get("firstResponse").get("state").asText().equals("breached"));
    assertThat(state.get("firstResponse").get("met").asBoolean()).isFalse();
    JsonNode conversation = admin.ok("/api/conversations/" + id);
    assertThat(conversation.get("assignee").asText()).isEqualTo("lee");
    assertThat(activity(id)).containsOnlyOnce("sla-warning", "sla-escalated");

    reply(id); // late: recorded, never escalated again
    JsonNode after = await().atMost(Duration.ofSeconds(10)).until(() -> sla(id), s -> s.get("firstResponse").get("state").asText().equals("missed"));
    assertThat(after.get("firstResponse").get("met").asBoolean()).isFalse();
    double ticks = slaTicks();
    await().atMost(Duration.ofSeconds(30)).until(() -> slaTicks() >= ticks + 3); // the sla route has run three more times
    assertThat(activity(id)).containsOnlyOnce("sla-escalated");
    assertThat(Arrays.stream(mail.server.getReceivedMessages()).filter(m -> isNoticeFor(m, id)).count()).isEqualTo(1);
  }

  @Test
  void aSnoozeSetThroughTheApiShouldWakeOnTime() {
    long id = email("snooze@customer.test", "<snooze.1@customer.test>", "Snooze me", null);
    reply(id);
    assertThat(admin.post("/api/conversations/" + id + "/snooze", "{}").status()).isEqualTo(400);
    assertThat(admin.post("/api/conversations/" + id + "/snooze", "{\"until\": \"2020-01-01T00:00:00Z\"}").status()).isEqualTo(422);
    assertThat(marketing.post("/api/conversations/" + id + "/snooze", "{\"untilCustomerWrites\": true}").status()).isEqualTo(403);
    assertThat(admin.post("/api/conversations/99999/snooze", "{\"untilCustomerWrites\": true}").status()).isEqualTo(404);

    Instant until = Instant.now().plusSeconds(2).plusNanos(123_456_789);
    Api.Response r = admin.post("/api/conversations/" + id + "/snooze", "{\"until\": \"" + until + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("pending");
    assertThat(Instant.parse(r.json().get("snooze").get("until").asText())).isEqualTo(until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(admin.ok("/api/conversations/" + id).get("status").asText()).isEqualTo("pending");

    await().atMost(Duration.ofSeconds(20)).until(() -> admin.ok("/api/conversations/" + id).get("status").asText().equals("open"));
    assertThat(Instant.now()).isAfterOrEqualTo(until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(sla(id).get("snooze").isNull()).isTrue();
    assertThat(activity(id)).containsOnlyOnce("snoozed", "woke");
  }

  @Test
  void aSnoozeUntilTheCustomerWritesShouldEndWithTheirMessage() throws Exception {
    long id = email("waiting@customer.test", "<waiting.1@customer.test>", "Waiting on me", null);
    reply(id);
    Api.Response r = admin.post("/api/conversations/" + id + "/snooze", "{\"untilCustomerWrites\": true}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("snooze").get("untilCustomerWrites").asBoolean()).isTrue();
    assertThat(r.json().get("paused").asBoolean()).isTrue();

    mail.deliver(TestMail.email("waiting@customer.test", "<waiting.2@customer.test>", "Re: Waiting on me", "Here is the photo.", "<waiting.1@customer.test>"));
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.ok("/api/conversations/" + id).get("status").asText().equals("open"));
    // ingest reopens the conversation as it stores the message; the snooze ends when the
    // workflow-events route reacts to that message, just after the commit
    await().atMost(Duration.ofSeconds(20)).until(() -> sla(id).get("snooze").isNull());
    JsonNode state = sla(id);
    assertThat(state.get("snooze").isNull()).isTrue();
    assertThat(state.get("paused").asBoolean()).isFalse();
    assertThat(state.get("nextResponse").get("state").asText()).isEqualTo("running");
    assertThat(activity(id)).containsOnlyOnce("woke");

    // snoozed again, then opened by hand: DELETE ends the snooze
    assertThat(admin.post("/api/conversations/" + id + "/snooze", "{\"untilCustomerWrites\": true}").status()).isEqualTo(200);
    HttpResponse<String> deleted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/api/conversations/" + id + "/snooze"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestDaemon.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(admin.ok("/api/conversations/" + id).get("status").asText()).isEqualTo("open");
    assertThat(sla(id).get("snooze").isNull()).isTrue();
  }

  @Test
  void theSlaOfAnUnknownConversationShouldBe404() {
    assertThat(admin.get("/api/conversations/424242/sla").status()).isEqualTo(404);
  }

  @Test
  void theListShouldGetTheSlaOfSeveralConversationsAtOnce() {
    long a = email("list1@customer.test", "<list.1@customer.test>", "List one", null);
    long b = email("list2@customer.test", "<list.2@customer.test>", "List two", null);
    JsonNode items = marketing.ok("/api/sla?ids=" + a + "," + b + ",424242").get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("conversationId").asLong()).isEqualTo(a);
    assertThat(items.get(1).get("firstResponse").get("dueAt").isTextual()).isTrue();
    assertThat(admin.get("/api/sla?ids=x").status()).isEqualTo(400);
    assertThat(admin.get("/api/sla").status()).isEqualTo(400);
  }

  static MimeMessage noticeFor(long id) {
    return Arrays.stream(mail.server.getReceivedMessages()).filter(m -> isNoticeFor(m, id)).findFirst().orElse(null);
  }

  static boolean isNoticeFor(MimeMessage m, long id) {
    try {
      return m.getSubject() != null
          && m.getSubject().startsWith("SLA breached")
          && m.getSubject().contains("#" + id + " ")
          && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(LEAD));
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
