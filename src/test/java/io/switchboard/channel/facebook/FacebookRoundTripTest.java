package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.Polls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comments and messages in through the Graph API simulator, conversations in the API, replies out
 * through the Graph API: the real daemon with a Facebook Page and an Instagram account, end to end.
 * One daemon for the class; each test has its own post and customers.
 */
class FacebookRoundTripTest {
  @TempDir static Path dir;
  private static FacebookTestSupport.Running running;
  private static GraphApiSimulator sim;
  private static Daemon daemon;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    running =
        FacebookTestSupport.startPageAndInstagram(dir, Map.of("poll.interval", "200ms"), Map.of("poll.interval", "200ms"));
    sim = running.sim();
    daemon = running.daemon();
    api = running.api();
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static Optional<JsonNode> conversationOf(String channel, String handle) {
    for (JsonNode c : api.ok("/api/conversations?limit=500&channel=" + channel).get("items")) {
      if (c.get("contact").get("handle").asText().equals(handle)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static JsonNode awaitConversation(String channel, String handle) {
    await().atMost(Duration.ofSeconds(15)).until(() -> conversationOf(channel, handle).isPresent());
    return conversationOf(channel, handle).orElseThrow();
  }

  private static JsonNode messages(long conversation) {
    return api.ok("/api/conversations/" + conversation).get("messages");
  }

  private static int messageCount(long conversation) {
    return api.ok("/api/conversations/" + conversation).get("messageCount").asInt();
  }

  private static String lastDelivery(long conversation) {
    JsonNode m = messages(conversation);
    return m.get(m.size() - 1).get("delivery").get("status").asText();
  }

  private static Api.Response reply(long conversation, String text) {
    return api.post("/api/conversations/" + conversation + "/replies", Api.json(Map.of("text", text)));
  }

  private static List<GraphApiSimulator.Posted> postedUnder(String parentOrRecipient) {
    return sim.posted().stream().filter(p -> parentOrRecipient.equals(p.parentId()) || parentOrRecipient.equals(p.recipientId())).toList();
  }

  @Test
  void commentReplyShouldBePostedOnceUnderTheCustomersComment() throws Exception {
    String post = sim.addPost("Meet the Meridian Carry-On 2.");
    String comment = sim.comment(post, "5550001", "Marco Bellini", "The wheel snapped on the second trip!");

    JsonNode c = awaitConversation("facebook", "5550001");
    assertThat(c.get("isPublic").asBoolean()).isTrue();
    assertThat(c.get("contact").get("name").asText()).isEqualTo("Marco Bellini");
    assertThat(c.get("subject").asText()).contains("Meridian Carry-On 2");
    long id = c.get("id").asLong();

    assertThat(reply(id, "Sorry, Marco! We are sending new wheels today.").status()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(15)).until(() -> lastDelivery(id).equals("sent"));
    assertThat(postedUnder(comment)).singleElement().satisfies(sent -> {
      assertThat(sent.kind()).isEqualTo("comment");
      assertThat(sent.text()).contains("Sorry, Marco! We are sending new wheels today.");
    });

    // our reply is listed beside the customers' comments: the poller reads past it, never as a
    // customer's message
    Polls.awaitAfter(daemon.port(), "facebook-test", Instant.now(), 3);
    assertThat(messageCount(id)).isEqualTo(2);
    assertThat(postedUnder(comment)).hasSize(1);
  }

  @Test
  void anotherPersonReplyingInTheThreadShouldJoinThePublicConversation() {
    String post = sim.addPost("Autumn sale: 20% off every Atlas backpack.");
    String comment = sim.comment(post, "5550011", "Lena Fischer", "The code AUTUMN20 says invalid.");
    long id = awaitConversation("facebook", "5550011").get("id").asLong();

    sim.reply(comment, "5550012", "Jana Novak", "Same here, it does not work for me either.");

    await().atMost(Duration.ofSeconds(15)).until(() -> messageCount(id) == 2);
    assertThat(conversationOf("facebook", "5550012")).as("no conversation of its own").isEmpty();

    reply(id, "Lena, Jana: the code works again, sorry for the trouble.");
    await().atMost(Duration.ofSeconds(15)).until(() -> postedUnder(comment).size() == 1);
    assertThat(postedUnder(comment).get(0).parentId()).as("replies go under the top-level comment").isEqualTo(comment);
  }

  @Test
  void messengerMessageShouldBeAnsweredInMessenger() {
    sim.message("7000001", "Chloé Martin", "Hi! My order NW-48213 has not moved since Friday.");

    JsonNode c = awaitConversation("facebook", "7000001");
    assertThat(c.get("isPublic").asBoolean()).isFalse();
    long id = c.get("id").asLong();

    reply(id, "Hi Chloé, it is with the carrier's depot; it will arrive on Wednesday.");

    await().atMost(Duration.ofSeconds(15)).until(() -> lastDelivery(id).equals("sent"));
    assertThat(postedUnder("7000001")).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo("message");
      assertThat(p.text()).contains("it is with the carrier's depot; it will arrive on Wednesday.");
    });

    sim.message("7000001", "Chloé Martin", "Great, thank you!");
    await().atMost(Duration.ofSeconds(15)).until(() -> messageCount(id) == 3);
    List<String> directions = new ArrayList<>();
    messages(id).forEach(m -> directions.add(m.get("direction").asText()));
    assertThat(directions).containsExactly("in", "out", "in");
  }

  @Test
  void replyOutsideTheMessagingWindowShouldFailWithTheReason() {
    sim.message("7000009", "Ines Duarte", "Do you repair zips?");
    long id = awaitConversation("facebook", "7000009").get("id").asLong();
    sim.expireMessagingWindow("7000009"); // as if she had written more than 24 hours ago

    reply(id, "Yes, we do!");

    await().atMost(Duration.ofSeconds(15)).until(() -> lastDelivery(id).equals("failed"));
    JsonNode m = messages(id);
    String error = m.get(m.size() - 1).get("delivery").get("error").asText();
    assertThat(error).contains("messaging window").contains("outside of allowed window").contains("2018278");
    assertThat(postedUnder("7000009")).isEmpty();
  }

  @Test
  void instagramCommentAndDirectMessageShouldBeAnsweredOnInstagram() {
    String media = sim.addMedia("Sunrise over the Dolomites with the Atlas 45.");
    String comment = sim.comment(media, "17841400000000101", "wanderwithmia", "Is this the 45 or the 55?");
    sim.message("instagram", "17841400000000103", "ana.travels", "Can I still change the colour of my order?", Instant.now());

    JsonNode publicOne = awaitConversation("instagram", "17841400000000101");
    JsonNode direct = awaitConversation("instagram", "17841400000000103");
    assertThat(publicOne.get("isPublic").asBoolean()).isTrue();
    assertThat(publicOne.get("contact").get("name").asText()).isEqualTo("@wanderwithmia");
    assertThat(direct.get("isPublic").asBoolean()).isFalse();
    reply(publicOne.get("id").asLong(), "It is the 45!");
    reply(direct.get("id").asLong(), "Yes, it has not shipped yet.");

    await().atMost(Duration.ofSeconds(15)).until(() -> lastDelivery(publicOne.get("id").asLong()).equals("sent"));
    await().atMost(Duration.ofSeconds(15)).until(() -> lastDelivery(direct.get("id").asLong()).equals("sent"));
    assertThat(postedUnder(comment)).singleElement().satisfies(p -> assertThat(p.text()).contains("It is the 45!"));
    assertThat(postedUnder("17841400000000103")).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo("message"));
  }
}
