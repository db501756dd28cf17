package io.switchboard.reliability;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounce of one of our replies joins the reply's conversation and marks that reply as not
 * delivered, with the server's reason; it does not open a conversation of its own, and the reply
 * is not sent again.
 */
class BounceTest {
  @TempDir Path dir;

  @Test
  void bounceShouldMarkTheReplyUndeliveredInItsConversation() throws Exception {
    try (TestMail mail = new TestMail()) {
      mail.deliver(TestMail.email("typo@example.invalid", "<q1@example.invalid>", "Where is my order?", "NW-5 has not come.", null));
      Daemon daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
      try {
        Api api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() == 1);
        long id = api.ok("/api/conversations").get("items").get(0).get("id").asLong();
        Api.Response reply = api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "On it.")));
        assertThat(reply.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> last(api, id).path("delivery").path("status").asText().equals("sent"));
        String ours =
            daemon.services().jdbi().withHandle(
                h -> h.createQuery("SELECT channel_message_id FROM message WHERE direction = 'out'").mapTo(String.class).one());

        mail.deliver(bounce(ours));

        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations/" + id).get("messages").size() == 3);
        assertThat(api.ok("/api/conversations").get("total").asInt()).as("no conversation of its own").isEqualTo(1);
        // the bounce recorder reacts to the stored bounce through the workflow-events route (ADR 0030)
        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations/" + id).get("messages").get(1).path("delivery").path("status").asText().equals("failed"));
        JsonNode replyRow = api.ok("/api/conversations/" + id).get("messages").get(1);
        assertThat(replyRow.get("direction").asText()).isEqualTo("out");
        assertThat(replyRow.get("delivery").get("status").asText()).isEqualTo("failed");
        assertThat(replyRow.get("delivery").get("error").asText())
            .contains("bounced")
            .contains("5.1.1")
            .contains("typo@example.invalid")
            .contains("user unknown");
        assertThat(api.ok("/api/conversations").get("items").get(0).get("tags").toString()).contains("auto-generated");
        long outbox =
            daemon.services().jdbi().withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").mapTo(Long.class).one());
        assertThat(outbox).as("the outbox does not send it again").isEqualTo(1);
      } finally {
        daemon.stop();
      }
    }
  }

  private static JsonNode last(Api api, long conversation) {
    JsonNode messages = api.ok("/api/conversations/" + conversation).get("messages");
    return messages.get(messages.size() - 1);
  }

  /** A Postfix-style report returning the headers of {@code messageId}. */
  private static String bounce(String messageId) {
    return String.join(
        "\r\n",
        "Return-Path: <>",
        "From: Mail Delivery System <MAILER-DAEMON@mx.shop.test>",
        "To: " + TestMail.SUPPORT,
        "Subject: Undelivered Mail Returned to Sender",
        "Date: Mon, 23 Nov 2026 10:05:00 +0000",
        "Message-ID: <dsn-77@mx.shop.test>",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"DSN\"",
        "",
        "--DSN",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "I'm sorry to have to inform you that your message could not be delivered.",
        "",
        "--DSN",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.shop.test",
        "",
        "Final-Recipient: rfc822; typo@example.invalid",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 <typo@example.invalid>: Recipient address rejected:",
        "    user unknown",
        "",
        "--DSN",
        "Content-Type: text/rfc822-headers",
        "",
        "From: Shop Support <" + TestMail.SUPPORT + ">",
        "To: typo@example.invalid",
        "Subject: Re: Where is my order?",
        "Message-ID: " + messageId,
        "",
        "--DSN--",
        "");
  }
}
