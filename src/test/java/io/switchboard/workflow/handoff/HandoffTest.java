package io.switchboard.workflow.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.support.TestMail;
import io.switchboard.workflow.WorkflowFixture;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-off to a department over real SMTP and IMAP (GreenMail): the department receives the
 * conversation with its transcript; its answer comes back through the support mailbox and becomes
 * an internal note, once, and only when it comes from the department's address.
 */
class HandoffTest {
  static final String DEPARTMENTS =
      """
      departments:
        - name: billing
          address: billing@dept.test
        - name: logistics
          address: logistics@dept.test
      """;

  @TempDir static Path dir;
  static WorkflowFixture app;

  @BeforeAll
  static void start() throws Exception {
    app = new WorkflowFixture(dir, DEPARTMENTS, "");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static MimeMessage mailTo(String address) throws Exception {
    for (MimeMessage m : app.mail.server.getReceivedMessages()) {
      if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address))) {
        return m;
      }
    }
    return null;
  }

  static List<String> notes(long id) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : app.admin.ok("/api/conversations/" + id).get("messages")) {
      if (m.get("direction").asText().equals("note")) {
        out.add(m.get("author").asText() + ": " + m.get("text").asText());
      }
    }
    return out;
  }

  static List<String> tags(long id) {
    List<String> out = new ArrayList<>();
    app.admin.ok("/api/conversations/" + id).get("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  /** Delivers a marker email and waits for it: everything delivered before it was ingested. */
  static void awaitIngestOfEverythingBefore(String marker) {
    app.email("marker@customer.test", marker, "Just a marker to know the mailbox was read.");
  }

  @Test
  void theDepartmentShouldGetTheTranscriptAndItsAnswerShouldBecomeANote() throws Exception {
    long id = app.email("dana@customer.test", "Charged twice for order 5521",
        "Hello, my card was charged twice for order 5521. Please refund one of the payments.");
    Api ada = app.as("ada");
    assertThat(ada.post("/api/conversations/" + id + "/replies", "{\"text\": \"Thanks Dana, I am checking this with our billing team.\"}").status())
        .isEqualTo(202);

    Api.Response handed =
        ada.post("/api/conversations/" + id + "/handoff", "{\"department\": \"billing\", \"note\": \"Two captures on the same day, please refund one.\"}");
    assertThat(handed.status()).isEqualTo(201);
    assertThat(handed.json().get("waiting").asBoolean()).isTrue();
    assertThat(handed.json().has("token")).as("the token stays secret").isFalse();

    MimeMessage forwarded = await().atMost(Duration.ofSeconds(10)).until(() -> mailTo("billing@dept.test"), m -> m != null);
    assertThat(forwarded.getSubject()).matches("\\[SB-H [0-9a-f]{24}\\] Charged twice for order 5521");
    assertThat(forwarded.getMessageID()).matches("<handoff\\.[0-9a-f]{24}@shop\\.test>");
    assertThat(forwarded.getFrom()[0].toString()).contains(TestMail.SUPPORT);
    String body = forwarded.getContent().toString();
    assertThat(body)
        .contains("Two captures on the same day, please refund one.")
        .contains("my card was charged twice for order 5521")
        .contains("Agent (ada):")
        .contains("I am checking this with our billing team")
        .contains("dana@customer.test");

    JsonNode c = app.admin.ok("/api/conversations/" + id);
    assertThat(c.get("status").asText()).isEqualTo("pending");
    assertThat(tags(id)).contains("waiting-on:billing");
    assertThat(notes(id)).containsExactly("ada: Handed off to billing (billing@dept.test): Two captures on the same day, please refund one.");

    // billing answers the email; it reaches the support mailbox
    String answer =
        "From: Billing <billing@dept.test>\r\n"
            + "To: " + TestMail.SUPPORT + "\r\n"
            + "Subject: Re: " + forwarded.getSubject() + "\r\n"
            + "Date: Mon, 23 Nov 2026 12:00:00 +0000\r\n"
            + "Message-ID: <answer.1@dept.test>\r\n"
            + "In-Reply-To: " + forwarded.getMessageID() + "\r\n"
            + "References: " + forwarded.getMessageID() + "\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "We refunded the second capture today; it shows in 3-5 days.\r\n";
    app.mail.deliver(answer);
    await().atMost(Duration.ofSeconds(20)).until(() -> notes(id).size() == 2);
    assertThat(notes(id).get(1))
        .startsWith("billing: Answer from billing (billing@dept.test):")
        .contains("We refunded the second capture today");
    // the note commits first; the tag comes off and the conversation reopens in the commits after it
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tags(id)).doesNotContain("waiting-on:billing"));
    await().atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(app.admin.ok("/api/conversations/" + id).get("status").asText()).isEqualTo("open"));
    JsonNode handoffs = app.admin.ok("/api/conversations/" + id + "/handoff").get("items");
    assertThat(handoffs.get(0).get("waiting").asBoolean()).isFalse();

    // the same answer fetched again, and a stranger using the token: neither becomes a note
    app.mail.deliver(answer);
    app.mail.deliver(answer.replace("billing@dept.test", "mallory@evil.test").replace("<answer.1@", "<answer.2@"));
    awaitIngestOfEverythingBefore("Marker after the answers");
    assertThat(notes(id)).hasSize(2);
    assertThat(app.admin.ok("/api/conversations?limit=500").get("items"))
        .extracting(n -> n.get("contact").get("handle").asText())
        .contains("mallory@evil.test")
        .doesNotContain("billing@dept.test");
    assertThat(app.admin.ok("/api/conversations/" + id).get("messages")).hasSize(4);
  }

  @Test
  void unknownDepartmentsAndReadOnlyRolesShouldBeRefused() {
    long id = app.email("eli@customer.test", "Where is my parcel", "Hello, my parcel has not arrived yet, can you check?");
    assertThat(app.as("ada").post("/api/conversations/" + id + "/handoff", "{\"department\": \"legal\"}").status()).isEqualTo(422);
    assertThat(app.as("mia").post("/api/conversations/" + id + "/handoff", "{\"department\": \"logistics\"}").status()).isEqualTo(403);
    assertThat(app.as("ada").post("/api/conversations/99999/handoff", "{\"department\": \"logistics\"}").status()).isEqualTo(404);
    assertThat(app.as("ada").ok("/api/departments").get("items")).hasSize(2);
    assertThat(app.admin.ok("/api/conversations/" + id + "/handoff").get("items")).isEmpty();
  }
}
