package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.sim.x.XApiSimulator.Fault;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, rate limits, revoked credentials, broken answers and slow ones: nothing lost or doubled. */
class XFaultsTest {
  @TempDir Path dir;
  private XApiSimulator sim;
  private Daemon daemon;

  @BeforeEach
  void simulator() {
    sim = XTest.simulator();
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    sim.close();
  }

  private Daemon start() throws Exception {
    daemon = TestDaemon.start(XTest.daemonConfig(dir, sim, Map.of()), dir.resolve("data"));
    return daemon;
  }

  private Api api() {
    return new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  private Jdbi db() {
    return daemon.services().jdbi();
  }

  private long count(String sql) {
    return db().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private JsonNode health(String account) {
    for (JsonNode c : api().ok("/api/health").get("channels")) {
      if (c.get("account").asText().equals(account)) {
        return c;
      }
    }
    throw new AssertionError("no health entry for " + account);
  }

  private void awaitUp() {
    await().atMost(Duration.ofSeconds(10)).until(() -> health(XTest.ACCOUNT).get("status").asText().equals("UP"));
  }

  @Test
  void restartShouldReadNothingTwice() throws Exception {
    XApiSimulator.User a = sim.user("amira", "Amira Haddad");
    XApiSimulator.User b = sim.user("bodhi", "Bodhi Chen");
    sim.mention(a, "first");
    sim.mention(b, "second");
    String dm = sim.dmFromCustomer(a, "third, privately");
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM message") == 3);
    String newestMention = sim.postsBy(b.id()).get(0).id();
    await().atMost(Duration.ofSeconds(20)).until(() -> cursor("mentions").equals(newestMention) && cursor("dm_events").equals(dm));
    daemon.stop();

    sim.mention(a, "fourth");
    sim.dmFromCustomer(b, "fifth, privately");
    start();

    await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM message") == 5);
    awaitPolls(XApiSimulator.MENTIONS);
    awaitPolls(XApiSimulator.DM_EVENTS);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(5);
    assertThat(count("SELECT COUNT(DISTINCT channel_message_id) FROM message")).isEqualTo(5);
    assertThat(count("SELECT COUNT(*) FROM quarantine")).isZero();
    // after the restart, mentions were asked for only after the stored cursor
    List<XApiSimulator.Request> mentions = sim.requests(XApiSimulator.MENTIONS);
    assertThat(mentions.stream().filter(r -> r.query().containsKey("since_id")).map(r -> r.query().get("since_id").get(0)))
        .contains(newestMention);
  }

  /** Waits until the poller has asked X a few more times. */
  private void awaitPolls(String endpoint) {
    int seen = sim.requests(endpoint).size();
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.requests(endpoint).size() >= seen + 3);
  }

  private String cursor(String stream) {
    return db().withHandle(
        h -> h.createQuery("SELECT cursor_value FROM channel_cursor WHERE stream = :s").bind("s", stream).mapTo(String.class).findOne().orElse(""));
  }

  @Test
  void rateLimitShouldPauseMentionsUntilTheResetAndLoseNothing() throws Exception {
    start();
    awaitUp();
    Instant reset = Instant.now().plusSeconds(2);
    sim.failNext(XApiSimulator.MENTIONS, 1, Fault.rateLimited(reset));
    XApiSimulator.User c = sim.user("caro", "Caro Diaz");
    sim.mention(c, "one");
    sim.mention(c, "two");

    await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM message") == 2);

    List<XApiSimulator.Request> mentions = sim.requests(XApiSimulator.MENTIONS);
    XApiSimulator.Request limited = mentions.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    assertThat(mentions.stream().filter(r -> r.status() == 429)).hasSize(1);
    // nothing asked of the mentions endpoint between the 429 and the reset: a wait, not a loop
    assertThat(mentions.stream().filter(r -> r.at().isAfter(limited.at())).map(XApiSimulator.Request::at))
        .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(reset));
    // the DM stream was not held up meanwhile
    assertThat(sim.requests(XApiSimulator.DM_EVENTS).stream().filter(r -> r.at().isAfter(limited.at()) && r.at().isBefore(reset)))
        .isNotEmpty();
    awaitPolls(XApiSimulator.MENTIONS);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
    assertThat(count("SELECT COUNT(DISTINCT channel_message_id) FROM message")).isEqualTo(2);
    assertThat(health(XTest.ACCOUNT).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void rejectedCredentialsShouldShowTheChannelDownWithTheReasonWhileEmailGoesOn() throws Exception {
    try (TestMail mail = new TestMail()) {
      TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
      mail.deliver(TestMail.email("dee@example.com", "<d1@example.com>", "Still here?", "Email works.", null));
      sim.credentialsValid(false);
      daemon = TestDaemon.start(XTest.daemonConfig(dir, sim, Map.of()), dir.resolve("data"));

      await().atMost(Duration.ofSeconds(10)).until(() -> health(XTest.ACCOUNT).get("status").asText().equals("DOWN"));
      JsonNode x = health(XTest.ACCOUNT);
      assertThat(x.get("channel").asText()).isEqualTo("x");
      assertThat(x.get("lastError").asText()).contains("401 Unauthorized");

      await().atMost(Duration.ofSeconds(10)).until(() -> api().ok("/api/conversations?channel=email").get("total").asInt() == 1);
      assertThat(health("email-test").get("status").asText()).isEqualTo("UP");

      sim.credentialsValid(true);
      awaitUp();
    }
  }

  @Test
  void brokenJsonShouldBeQuarantinedAndTheNextPostStillArrive() throws Exception {
    start();
    awaitUp();
    sim.failNext(XApiSimulator.MENTIONS, 1, Fault.badJson());
    XApiSimulator.User e = sim.user("eli", "Eli Stone");
    sim.mention(e, "still there after the glitch?");

    await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM message") == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM quarantine") == 1);
    Map<String, Object> row = db().withHandle(h -> h.createQuery("SELECT channel, source_ref, reason FROM quarantine").mapToMap().one());
    assertThat(row.get("channel")).isEqualTo("x");
    assertThat(row.get("source_ref").toString()).startsWith("mentions");
    assertThat(row.get("reason").toString()).containsIgnoringCase("JSON");
    byte[] bytes = db().withHandle(h -> h.createQuery("SELECT raw FROM quarantine").mapTo(byte[].class).one());
    String raw = new String(bytes, StandardCharsets.UTF_8);
    assertThat(raw).startsWith("{").doesNotEndWith("}");
    assertThat(api().ok("/api/conversations").get("items").get(0).get("subject").asText()).isEqualTo("still there after the glitch?");
    awaitUp();
  }

  @Test
  void serverErrorsShouldBeRetriedWithBackoffAndNothingLost() throws Exception {
    start();
    awaitUp();
    sim.failNext(XApiSimulator.MENTIONS, 2, Fault.status(503));
    sim.mention(sim.user("fay", "Fay Moss"), "hello?");

    await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM message") == 1);
    List<XApiSimulator.Request> failed = sim.requests(XApiSimulator.MENTIONS).stream().filter(r -> r.status() == 503).toList();
    assertThat(failed).hasSize(2);
    assertThat(Duration.between(failed.get(0).at(), failed.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(90));
    assertThat(health(XTest.ACCOUNT).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void replyWhoseAnswerTimedOutShouldNotBePostedTwice() throws Exception {
    // the retry comes well after X finished taking the post
    daemon =
        TestDaemon.start(
            XTest.daemonConfig(dir, sim, Map.of("http.timeout", "500ms"), "switchboard.outbox.retryBase = 1s\n"), dir.resolve("data"));
    Api api = api();
    sim.mention(sim.user("gus", "Gus Hale"), "where is my refund?");
    await().atMost(Duration.ofSeconds(10)).until(() -> api.ok("/api/conversations").get("total").asInt() == 1);
    long id = api.ok("/api/conversations").get("items").get(0).get("id").asLong();
    // X takes the post but answers after our read timeout
    sim.failNext(XApiSimulator.CREATE_POST, 1, Fault.slow(Duration.ofMillis(800)));

    api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "It left our bank today, Gus.")));

    await().atMost(Duration.ofSeconds(15))
        .until(() -> api.ok("/api/conversations/" + id).get("messages").get(1).get("delivery").get("status").asText().equals("sent"));
    // a later reply through the same outbox goes out: the outbox has had its turn after the first
    // was found posted, and did not post the first again
    api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "And the receipt is in your DMs.")));
    await().atMost(Duration.ofSeconds(15))
        .until(() -> api.ok("/api/conversations/" + id).get("messages").get(2).get("delivery").get("status").asText().equals("sent"));
    assertThat(sim.brandPosts()).hasSize(2);
    assertThat(sim.brandPosts()).filteredOn(p -> p.text().contains("It left our bank today")).hasSize(1);
    assertThat(sim.requests(XApiSimulator.CREATE_POST)).hasSize(2);
    assertThat(sim.requests(XApiSimulator.USER_POSTS)).isNotEmpty();
  }

  @Test
  void tooLongReplyShouldFailWithTheReasonAndPostNothing() throws Exception {
    start();
    Api api = api();
    sim.mention(sim.user("hal", "Hal Ng"), "tell me everything about your warranty");
    await().atMost(Duration.ofSeconds(10)).until(() -> api.ok("/api/conversations").get("total").asInt() == 1);
    long id = api.ok("/api/conversations").get("items").get(0).get("id").asLong();

    // past the brand-voice check (which would stop it first) with an agent's override
    Api.Response queued =
        api.post(
            "/api/conversations/" + id + "/replies",
            Api.json(Map.of("text", "Our warranty covers ".repeat(20).strip(), "override", "testing X's own limit")));
    assertThat(queued.status()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> api.ok("/api/conversations/" + id).get("messages").get(1).get("delivery").get("status").asText().equals("failed"));
    JsonNode delivery = api.ok("/api/conversations/" + id).get("messages").get(1).get("delivery");
    assertThat(delivery.get("error").asText()).contains("over X's limit of 280").contains("split.long");
    assertThat(sim.brandPosts()).isEmpty();
    assertThat(sim.requests(XApiSimulator.CREATE_POST)).isEmpty();
  }

  @Test
  void accountFileShouldBeValidWhenEnabled() throws Exception {
    // the shipped example parses with its defaults once enabled
    var file =
        io.switchboard.config.PropertiesFile.load(
            Path.of("config/channels/x-brand.properties"), Map.of("SWITCHBOARD_X_ENABLED", "true", "SWITCHBOARD_X_BEARER_TOKEN", "t")::get);
    XAccount account = XAccount.from(io.switchboard.config.ChannelAccount.of(file, "x-brand"));
    assertThat(account.apiBase()).isEqualTo("https://api.x.com");
    assertThat(account.streams()).containsExactlyInAnyOrder(XAccount.Stream.MENTIONS, XAccount.Stream.DMS);
    assertThat(Files.readString(Path.of("config/channels/x-brand.properties"))).contains("{{env:SWITCHBOARD_X_ENABLED:false}}");
  }
}
