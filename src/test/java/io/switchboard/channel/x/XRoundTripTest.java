package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mentions and DMs in, replies out: the real daemon and API, Twitter4J against the simulator. */
class XRoundTripTest {
  @TempDir Path dir;
  private XApiSimulator sim;
  private Daemon daemon;
  private Api api;

  @BeforeEach
  void start() throws Exception {
    sim = XTest.simulator();
    daemon = TestDaemon.start(XTest.daemonConfig(dir, sim, Map.of()), dir.resolve("data"));
    api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  @AfterEach
  void stop() {
    daemon.stop();
    sim.close();
  }

  private JsonNode awaitConversations(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> api.ok("/api/conversations").get("total").asInt() >= count);
    return api.ok("/api/conversations");
  }

  private JsonNode messages(long conversation) {
    return api.ok("/api/conversations/" + conversation).get("messages");
  }

  private void awaitSent(long conversation) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode m = messages(conversation);
      return m.get(m.size() - 1).get("delivery").get("status").asText().equals("sent");
    });
  }

  /** Waits until the poller has asked X for news a few more times. */
  private void awaitPolls(String endpoint) {
    int seen = sim.requests(endpoint).size();
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.requests(endpoint).size() >= seen + 3);
  }

  private String channelId(long messageId) {
    return daemon.services().jdbi().withHandle(
        h -> h.createQuery("SELECT channel_message_id FROM message WHERE id = :id").bind("id", messageId).mapTo(String.class).one());
  }

  @Test
  void mentionShouldBecomeAPublicConversationAndTheReplyOnePostUnderIt() {
    XApiSimulator.User kim = sim.user("kimtravels", "Kim Lee");
    String mention = sim.mention(kim, "the zip on my Atlas 45 broke on day two. What now?");

    JsonNode conversation = awaitConversations(1).get("items").get(0);
    assertThat(conversation.get("channel").asText()).isEqualTo("x");
    assertThat(conversation.get("isPublic").asBoolean()).isTrue();
    assertThat(conversation.get("contact").get("handle").asText()).isEqualTo(kim.id());
    assertThat(conversation.get("contact").get("name").asText()).isEqualTo("Kim Lee (@kimtravels)");
    assertThat(conversation.get("subject").asText()).isEqualTo("the zip on my Atlas 45 broke on day two. What now?");
    long id = conversation.get("id").asLong();

    Api.Response reply =
        api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "So sorry, Kim! DM us your order number and we will send a new one.")));
    assertThat(reply.status()).isEqualTo(202);
    awaitSent(id);

    List<XApiSimulator.Post> posted = sim.brandPosts();
    assertThat(posted).hasSize(1);
    XApiSimulator.Post post = posted.get(0);
    assertThat(post.inReplyToId()).isEqualTo(mention);
    // the brand-voice step may add a greeting and a sign-off; the handle goes in front once
    assertThat(post.text()).startsWith("@kimtravels ").contains("So sorry, Kim! DM us your order number and we will send a new one.");
    assertThat(post.text().split("@kimtravels", -1)).hasSize(2);
    assertThat(XText.weightedLength(post.text())).isLessThanOrEqualTo(280);
    assertThat(channelId(reply.json().get("id").asLong())).isEqualTo(post.id());
    assertThat(sim.brandDms()).isEmpty();
  }

  @Test
  void orderNumberInAPublicReplyShouldBeRefusedWithThePrivateMessageSuggestion() {
    XApiSimulator.User lu = sim.user("lu_travels", "Lu Chen");
    sim.mention(lu, "my suitcase never arrived, order NW-104233. Useless!");
    long id = awaitConversations(1).get("items").get(0).get("id").asLong();

    Api.Response refused =
        api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Your order NW-104233 left our warehouse today and arrives tomorrow.")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("blocked").asBoolean()).isTrue();
    JsonNode personal = null;
    for (JsonNode v : refused.json().get("violations")) {
      if (v.get("rule").asText().equals("public-personal-data")) {
        personal = v;
      }
    }
    assertThat(personal).as("a public-personal-data violation").isNotNull();
    assertThat(personal.get("severity").asText()).isEqualTo("block");
    assertThat(personal.get("suggestion").asText()).containsIgnoringCase("message");
    assertThat(sim.brandPosts()).isEmpty();
  }

  @Test
  void directMessageShouldBeAnsweredByDirectMessageAndItsEchoNotIngested() {
    XApiSimulator.User ana = sim.user("ana_goes", "Ana Souza");
    sim.dmFromCustomer(ana, "Hi, can I change the delivery address on NW-51230?");

    JsonNode conversation = awaitConversations(1).get("items").get(0);
    assertThat(conversation.get("isPublic").asBoolean()).isFalse();
    assertThat(conversation.get("contact").get("handle").asText()).isEqualTo(ana.id());
    long id = conversation.get("id").asLong();

    api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Yes: send us the new address here and we will update it.")));
    awaitSent(id);

    assertThat(sim.brandDms()).singleElement().satisfies(dm -> {
      assertThat(dm.recipientId()).isEqualTo(ana.id());
      assertThat(dm.text()).contains("Yes: send us the new address here and we will update it.").doesNotStartWith("@");
    });
    assertThat(sim.brandPosts()).isEmpty();
    // our DM is in /2/dm_events now; the next polls see it and drop it as ours
    awaitPolls(XApiSimulator.DM_EVENTS);
    assertThat(api.ok("/api/conversations").get("total").asInt()).isEqualTo(1);
    assertThat(messages(id)).extracting(m -> m.get("direction").asText()).containsExactly("in", "out");

    sim.dmFromCustomer(ana, "It is Hauptstraße 5, 10115 Berlin");
    await().atMost(Duration.ofSeconds(10)).until(() -> messages(id).size() == 3);
    assertThat(api.ok("/api/conversations").get("total").asInt()).isEqualTo(1);
  }

  @Test
  void ourOwnPublicReplyComingBackShouldNotBeACustomerMessage() {
    XApiSimulator.User raj = sim.user("rajontour", "Raj Patel");
    sim.mention(raj, "is the Transit 30 cabin size for easyJet?");
    long id = awaitConversations(1).get("items").get(0).get("id").asLong();
    api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "It is: 45x36x20 fits their free under-seat size.")));
    awaitSent(id);

    sim.listInMentions(sim.brandPosts().get(0).id());
    awaitPolls(XApiSimulator.MENTIONS);

    assertThat(api.ok("/api/conversations").get("total").asInt()).isEqualTo(1);
    assertThat(messages(id)).extracting(m -> m.get("direction").asText()).containsExactly("in", "out");
  }

  @Test
  void repliesInTheThreadShouldJoinThePublicConversationWhoeverWritesThem() {
    XApiSimulator.User jo = sim.user("jo_packs", "Jo Park");
    XApiSimulator.User ben = sim.user("benabroad", "Ben Ortiz");
    String first = sim.mention(jo, "order NW-1 says delivered but nothing came");
    long id = awaitConversations(1).get("items").get(0).get("id").asLong();
    api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Sorry Jo, we are checking with the courier.")));
    awaitSent(id);
    String ours = sim.brandPosts().get(0).id();

    sim.post(jo, "@NorthwindGear thanks, any news?", ours);
    sim.post(ben, "@jo_packs @NorthwindGear same here with NW-7!", first);

    await().atMost(Duration.ofSeconds(10)).until(() -> messages(id).size() == 4);
    assertThat(api.ok("/api/conversations").get("total").asInt()).isEqualTo(1);
    List<String> authors = new ArrayList<>();
    messages(id).forEach(m -> authors.add(m.get("author").asText()));
    assertThat(authors).contains(jo.id(), ben.id());
  }
}
