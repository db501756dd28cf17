package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail in over IMAP, conversation in the API, reply out over SMTP: the real daemon, end to end. */
class EmailRoundTripTest {
  @TempDir Path dir;
  private TestMail mail;
  private Daemon daemon;
  private Api api;

  @BeforeEach
  void start() throws Exception {
    mail = new TestMail();
    daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
    api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  @AfterEach
  void stop() {
    daemon.stop();
    mail.close();
  }

  private JsonNode awaitConversations(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() >= count);
    return api.ok("/api/conversations");
  }

  @Test
  void replyShouldThreadUnderOriginalMessageId() throws Exception {
    mail.deliver(TestMail.email("ann@example.com", "<q1@example.com>", "Where is my order?", "It has been two weeks.", null));

    JsonNode list = awaitConversations(1);
    JsonNode conversation = list.get("items").get(0);
    assertThat(conversation.get("subject").asText()).isEqualTo("Where is my order?");
    assertThat(conversation.get("contact").get("handle").asText()).isEqualTo("ann@example.com");
    assertThat(conversation.get("status").asText()).isEqualTo("open");
    long id = conversation.get("id").asLong();

    Api.Response reply = api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "It ships today.")));
    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().get("direction").asText()).isEqualTo("out");
    // the outbox timer may claim it before the answer is written (workflow listeners run in between)
    assertThat(reply.json().get("delivery").get("status").asText()).isIn("queued", "sending", "sent");

    await().atMost(Duration.ofSeconds(20)).until(() -> mail.server.getReceivedMessagesForDomain("example.com").length == 1);
    MimeMessage sent = mail.server.getReceivedMessagesForDomain("example.com")[0];
    assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo("<q1@example.com>");
    assertThat(sent.getHeader("References", null)).contains("<q1@example.com>");
    assertThat(sent.getSubject()).isEqualTo("Re: Where is my order?");
    assertThat(sent.getFrom()[0].toString()).contains(TestMail.SUPPORT);
    assertThat(sent.getMessageID()).startsWith("<sb.").endsWith("@shop.test>");
    assertThat(sent.getContent().toString()).contains("It ships today.");

    await().atMost(Duration.ofSeconds(10))
        .until(() -> lastMessage(id).get("delivery").get("status").asText().equals("sent"));
  }

  @Test
  void customersReplyShouldThreadIntoTheSameConversation() throws Exception {
    mail.deliver(TestMail.email("bob@example.com", "<b1@example.com>", "Broken zipper", "The zipper broke.", null));
    long id = awaitConversations(1).get("items").get(0).get("id").asLong();
    api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Sorry! Send us a photo?")));
    await().atMost(Duration.ofSeconds(20)).until(() -> mail.server.getReceivedMessagesForDomain("example.com").length == 1);
    String ourId = mail.server.getReceivedMessagesForDomain("example.com")[0].getMessageID();

    mail.deliver(TestMail.email("bob@example.com", "<b2@example.com>", "Re: Broken zipper", "Photo attached.", ourId));

    await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations/" + id).get("messageCount").asInt() == 3);
    assertThat(api.ok("/api/conversations").get("total").asInt()).isEqualTo(1);
    JsonNode messages = api.ok("/api/conversations/" + id).get("messages");
    assertThat(Arrays.asList(messages.get(0).get("direction").asText(), messages.get(1).get("direction").asText(), messages.get(2).get("direction").asText()))
        .containsExactly("in", "out", "in");
  }

  @Test
  void anotherCustomerQuotingTheThreadShouldGetANewConversation() {
    mail.deliver(TestMail.email("carol@example.com", "<c1@example.com>", "Refund", "Where is my refund?", null));
    awaitConversations(1);

    // a different person answers with the same References: never someone else's conversation
    mail.deliver(TestMail.email("mallory@example.org", "<m1@example.org>", "Re: Refund", "Me too!", "<c1@example.com>"));

    JsonNode list = awaitConversations(2);
    assertThat(list.get("items")).extracting(c -> c.get("messageCount").asInt()).containsOnly(1);
  }

  @Test
  void replyShouldRequireTextAndAnExistingConversation() {
    mail.deliver(TestMail.email("dan@example.com", "<d1@example.com>", "Hello", "Hi there", null));
    long id = awaitConversations(1).get("items").get(0).get("id").asLong();

    assertThat(api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "  "))).status()).isEqualTo(422);
    assertThat(api.post("/api/conversations/" + id + "/replies", "{not json").status()).isEqualTo(400);
    Api.Response missing = api.post("/api/conversations/999999/replies", Api.json(Map.of("text", "x")));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).contains("999999");
  }

  private JsonNode lastMessage(long conversation) {
    JsonNode messages = api.ok("/api/conversations/" + conversation).get("messages");
    return messages.get(messages.size() - 1);
  }
}
