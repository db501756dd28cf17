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

/**
 * The inbox list's sentiment follows the customer (ADR 0028): a complaint stays negative through
 * neutral follow-ups and our replies, until the customer says it is fixed. Real daemon, real mail.
 */
class ConversationSentimentApiTest {
  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;
  static Api admin;

  @BeforeAll
  static void start() throws Exception {
    mail = new TestMail();
    daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
    admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    daemon.stop();
    mail.close();
  }

  /** Delivers a customer email and waits until the conversation holds {@code messages} messages. */
  private JsonNode deliver(String from, String id, String subject, String body, String inReplyTo, int messages)
      throws Exception {
    mail.deliver(TestMail.email(from, id, subject, body, inReplyTo));
    String query = "/api/conversations?q=" + subject.replace("Re: ", "").split(" ")[0].toLowerCase();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> {
          JsonNode items = admin.ok(query).get("items");
          return items.size() == 1 && items.get(0).get("messageCount").asInt() == messages;
        });
    return admin.ok(query).get("items").get(0);
  }

  @Test
  void aComplaintShouldStayNegativeThroughANeutralFollowUpAndOurReply() throws Exception {
    JsonNode c = deliver("maya@example.com", "<w1@example.com>", "Wheel snapped",
        "The wheel on my Meridian carry-on snapped off on its second trip. Stuck dragging it through"
            + " Lisbon airport. Not what I expected for the price.", null, 1);
    assertThat(c.get("sentiment").asText()).isEqualTo("negative");

    c = deliver("maya@example.com", "<w2@example.com>", "Re: Wheel snapped",
        "Order NW-48213 if that helps. I fly again on Friday.", "<w1@example.com>", 2);
    assertThat(c.get("sentiment").asText()).as("a neutral follow-up keeps the complaint").isEqualTo("negative");
    JsonNode detail = admin.ok("/api/conversations/" + c.get("id").asLong());
    JsonNode followUp = detail.get("messages").get(1);
    // the follow-up's own tag is the model's; the urgency weighs the conversation's
    assertThat(followUp.get("urgency").asText()).as("a follow-up to a complaint is not low").isNotEqualTo("low");
    assertThat(detail.get("sentimentTrend").get("latest").asText()).isEqualTo(followUp.get("sentiment").asText());

    Api.Response reply = admin.post("/api/conversations/" + c.get("id").asLong() + "/replies",
        Api.json(Map.of("text", "Thank you, Maya. We are sending a new wheel today.")));
    assertThat(reply.status()).isBetween(200, 299);
    assertThat(admin.ok("/api/conversations?q=wheel").get("items").get(0).get("sentiment").asText())
        .as("our reply does not change it").isEqualTo("negative");
    assertThat(admin.ok("/api/conversations?q=wheel&sentiment=negative").get("total").asInt()).isEqualTo(1);
  }

  @Test
  void aComplaintShouldTurnPositiveWhenTheCustomerSaysItIsFixed() throws Exception {
    JsonNode c = deliver("leo@example.com", "<z1@example.com>", "Zipper broken",
        "The zipper on my new Atlas 45 broke on the first day. Really disappointed.", null, 1);
    assertThat(c.get("sentiment").asText()).isEqualTo("negative");
    c = deliver("leo@example.com", "<z2@example.com>", "Re: Zipper broken",
        "I can send photos if you need them.", "<z1@example.com>", 2);
    assertThat(c.get("sentiment").asText()).isEqualTo("negative");
    c = deliver("leo@example.com", "<z3@example.com>", "Re: Zipper broken",
        "thanks, that fixed it, great help", "<z2@example.com>", 3);
    assertThat(c.get("sentiment").asText()).isEqualTo("positive");
  }
}
