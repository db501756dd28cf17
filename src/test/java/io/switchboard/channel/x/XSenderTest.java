package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channel.SendException;
import io.switchboard.model.OutboundMessage;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.sim.x.XApiSimulator.Fault;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replies posted through Twitter4J to the simulator: limits, threads, DMs, signing, retries. */
class XSenderTest {
  @TempDir static Path dir;
  private static Database db;
  private static ChannelHealth health;
  private XApiSimulator sim;
  private XApiSimulator.User maya;
  private String mention;

  @BeforeAll
  static void database() {
    db = HsqldbTemplate.open(dir.resolve("data"));
    health = new ChannelHealth(db.jdbi(), Clock.systemUTC());
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @BeforeEach
  void simulator() {
    sim = XTest.simulator();
    maya = sim.user("mayaroams", "Maya Lindqvist");
    mention = sim.mention(maya, "the wheel of my Meridian snapped off");
  }

  @AfterEach
  void close() {
    sim.close();
  }

  private XSender sender(XApiSimulator server, Map<String, String> overrides) {
    XAccount account = XTest.xAccount(server, overrides);
    return new XSender(List.of(account), Map.of(account.id(), new XApi(account)), health);
  }

  private OutboundMessage reply(String text, boolean isPublic) {
    return new OutboundMessage(
        1, 1, XTest.ACCOUNT, isPublic, maya.id(), "Maya Lindqvist (@mayaroams)", "wheel", text, null, mention, List.of());
  }

  @Test
  void publicReplyShouldAnswerTheCustomerPostWithTheHandleInFront() throws Exception {
    String id = sender(sim, Map.of()).send(reply("So sorry, Maya. A new wheel is on its way.", true));

    assertThat(sim.brandPosts()).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo(id);
      assertThat(p.inReplyToId()).isEqualTo(mention);
      assertThat(p.text()).isEqualTo("@mayaroams So sorry, Maya. A new wheel is on its way.");
    });
  }

  @Test
  void handleTheAgentTypedShouldNotBeDoubled() throws Exception {
    sender(sim, Map.of()).send(reply("@MayaRoams thanks for waiting!", true));

    assertThat(sim.brandPosts().get(0).text()).isEqualTo("@mayaroams thanks for waiting!");
  }

  @Test
  void replyOfExactly280WithTheHandleShouldGoOut() throws Exception {
    String text = "a".repeat(280 - "@mayaroams ".length());
    sender(sim, Map.of()).send(reply(text, true));

    assertThat(XText.weightedLength(sim.brandPosts().get(0).text())).isEqualTo(280);
  }

  @Test
  void replyOverTheLimitShouldBeRefusedNotTruncated() {
    String text = "a".repeat(281 - "@mayaroams ".length());

    assertThatThrownBy(() -> sender(sim, Map.of()).send(reply(text, true)))
        .isInstanceOf(SendException.class)
        .hasMessageContaining("281 characters as X counts them")
        .hasMessageContaining("over X's limit of 280")
        .satisfies(e -> assertThat(((SendException) e).retryable()).isFalse());
    assertThat(sim.brandPosts()).isEmpty();
  }

  @Test
  void wideCharactersShouldCountDoubleTowardsTheLimit() {
    String text = "日本".repeat(70);  // 140 code points, 280 as X counts them, plus the handle

    assertThatThrownBy(() -> sender(sim, Map.of()).send(reply(text, true))).isInstanceOf(SendException.class);
    assertThat(sim.brandPosts()).isEmpty();
  }

  @Test
  void longReplyShouldBeANumberedThreadWhenSplitIsOn() throws Exception {
    XSender sender = sender(sim, Map.of("split.long", "true"));
    OutboundMessage m = reply("We are very sorry about the wheel. ".repeat(15).strip(), true);

    String last = sender.send(m);

    List<XApiSimulator.Post> posts = sim.brandPosts();
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).inReplyToId()).isEqualTo(mention);
    assertThat(posts.get(1).inReplyToId()).isEqualTo(posts.get(0).id());
    assertThat(posts.get(0).text()).startsWith("@mayaroams We are very sorry").endsWith(" (1/2)");
    assertThat(posts.get(1).text()).endsWith(" (2/2)");
    posts.forEach(p -> assertThat(XText.weightedLength(p.text())).isLessThanOrEqualTo(280));
    assertThat(last).isEqualTo(posts.get(1).id());
    assertThat(sender.findSent(m)).contains(last);
  }

  @Test
  void threadCutShortShouldGoOnWhereItStopped() throws Exception {
    XSender sender = sender(sim, Map.of("split.long", "true"));
    OutboundMessage m = reply("Here is what happens next with your return. ".repeat(15).strip(), true);
    sim.failLater(XApiSimulator.CREATE_POST, 1, 1, Fault.status(503));

    assertThatThrownBy(() -> sender.send(m)).isInstanceOf(SendException.class).satisfies(e -> assertThat(((SendException) e).retryable()).isTrue());
    assertThat(sim.brandPosts()).hasSize(1);
    String last = sender.send(m);

    List<XApiSimulator.Post> posts = sim.brandPosts();
    assertThat(posts).hasSize(3);
    assertThat(posts.get(1).inReplyToId()).isEqualTo(posts.get(0).id());
    assertThat(posts.get(2).inReplyToId()).isEqualTo(posts.get(1).id());
    assertThat(last).isEqualTo(posts.get(2).id());
  }

  @Test
  void threadLongerThanAllowedShouldBeRefused() {
    XSender sender = sender(sim, Map.of("split.long", "true", "split.max.parts", "2"));

    assertThatThrownBy(() -> sender.send(reply("word ".repeat(200), true)))
        .isInstanceOf(SendException.class)
        .hasMessageContaining("split.max.parts=2");
    assertThat(sim.brandPosts()).isEmpty();
  }

  @Test
  void privateReplyShouldBeADirectMessageToTheContact() throws Exception {
    String id = sender(sim, Map.of()).send(reply("Could you send us a photo of the wheel?", false));

    assertThat(sim.brandDms()).singleElement().satisfies(dm -> {
      assertThat(dm.id()).isEqualTo(id);
      assertThat(dm.recipientId()).isEqualTo(maya.id());
      assertThat(dm.text()).isEqualTo("Could you send us a photo of the wheel?");
    });
    assertThat(sim.brandPosts()).isEmpty();
  }

  @Test
  void retriedDirectMessageAlreadySentShouldBeFound() throws Exception {
    String customerDm = sim.dmFromCustomer(maya, "hello?");
    XSender sender = sender(sim, Map.of());
    OutboundMessage m =
        new OutboundMessage(2, 2, XTest.ACCOUNT, false, maya.id(), "Maya", "dm", "Hi Maya!", null, customerDm, List.of());
    String id = sender.send(m);

    assertThat(sender.findSent(m)).contains(id);
    OutboundMessage other =
        new OutboundMessage(3, 2, XTest.ACCOUNT, false, maya.id(), "Maya", "dm", "Something else", null, customerDm, List.of());
    assertThat(sender.findSent(other)).isEmpty();
  }

  @Test
  void duplicateRefusedByXShouldResolveToTheEarlierPost() throws Exception {
    XSender sender = sender(sim, Map.of());
    OutboundMessage m = reply("On its way!", true);
    String first = sender.send(m);

    assertThat(sender.send(m)).isEqualTo(first);
    assertThat(sim.brandPosts()).hasSize(1);
  }

  @Test
  void rejectedCredentialsShouldFailWithoutRetryAndSayWhy() {
    sim.credentialsValid(false);

    assertThatThrownBy(() -> sender(sim, Map.of()).send(reply("hello", true)))
        .isInstanceOf(SendException.class)
        .hasMessageContaining("401 Unauthorized")
        .satisfies(e -> assertThat(((SendException) e).retryable()).isFalse());
  }

  @Test
  void oauth1SignedRequestsShouldBeAcceptedAndWrongSecretsRefused() throws Exception {
    try (XApiSimulator signed =
        XApiSimulator.builder().oauth1("ck", "consumer secret", "at", "token/secret").start()) {
      XApiSimulator.User kim = signed.user("kimtravels", "Kim Lee");
      String post = signed.mention(kim, "hi & hello, 100% sure?");
      Map<String, String> oauth =
          Map.of(
              "bearer.token", "",
              "oauth.consumer.key", "ck",
              "oauth.consumer.secret", "consumer secret",
              "oauth.access.token", "at",
              "oauth.access.token.secret", "token/secret");
      XAccount account = XTest.xAccount(signed, oauth);
      XApi api = new XApi(account);

      assertThat(api.mentions(null, null).items()).hasSize(1);
      String id = api.createPost("@kimtravels signed & sealed", post);
      assertThat(signed.brandPosts()).extracting(XApiSimulator.Post::id).containsExactly(id);
      assertThat(api.sendDm(kim.id(), "a DM, signed")).isNotBlank();

      Map<String, String> wrong = new java.util.HashMap<>(oauth);
      wrong.put("oauth.consumer.secret", "guess");
      XApi bad = new XApi(XTest.xAccount(signed, wrong));
      assertThatThrownBy(() -> bad.mentions(null, null))
          .isInstanceOf(XApiException.class)
          .satisfies(e -> assertThat(((XApiException) e).kind()).isEqualTo(XApiException.Kind.AUTH));
    }
  }
}
