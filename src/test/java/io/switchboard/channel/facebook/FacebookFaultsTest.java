package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph API faults with the real daemon: rate limits, transient errors, an expired token, a body
 * that is not JSON, a page cut off mid-way. Nothing lost, nothing doubled, the token never logged.
 * One daemon for the class, with one Page per test, each on its own simulator.
 */
class FacebookFaultsTest {
  @TempDir static Path dir;
  private static final Map<String, GraphApiSimulator> sims = new LinkedHashMap<>();
  private static final Map<String, String> posts = new HashMap<>();
  private static Daemon daemon;
  private static TokenLogGuard logs;

  @BeforeAll
  static void start() throws Exception {
    logs = new TokenLogGuard();
    Map<String, Map<String, String>> accounts = new LinkedHashMap<>();
    for (String name : List.of("rate", "transient", "token", "malformed", "cut")) {
      GraphApiSimulator sim = FacebookTestSupport.simulator();
      sims.put(name, sim);
      posts.put(name, sim.addPost("Autumn sale: 20% off every Atlas backpack."));
      Map<String, String> s = new HashMap<>(Map.of("poll.interval", "200ms", "streams", "comments"));
      if (name.equals("rate")) {
        s.put("rate.limit.backoff", "1s");
      }
      if (name.equals("cut")) {
        s.put("page.size", "5");
      }
      accounts.put("fb-" + name, FacebookTestSupport.settings(sim, "facebook", s));
    }
    // faults met on the very first poll
    sims.get("transient").failNext(2, 2);
    sims.get("transient").comment(posts.get("transient"), "5550001", "Ann", "hello");
    sims.get("malformed").comment(posts.get("malformed"), "5550001", "Ann", "hello");
    sims.get("malformed").malformedNext(1);
    GraphApiSimulator cut = sims.get("cut");
    cut.maxPageSize(5);
    for (int i = 0; i < 12; i++) {
      cut.comment(posts.get("cut"), "55503" + String.format("%02d", i), "Customer " + i, "comment " + i);
    }
    // more cut-offs than one read retries (retry.attempts 3): that read fails whole, the next resumes
    cut.cutNextPages(4);

    daemon = TestDaemon.start(FacebookTestSupport.config(dir, accounts), dir.resolve("data"));
  }

  @AfterAll
  static void stop() {
    daemon.stop();
    sims.values().forEach(GraphApiSimulator::close);
    logs.close();
    logs.assertNeverShows(FacebookTestSupport.TOKEN);
    for (GraphApiSimulator sim : sims.values()) {
      assertThat(sim.requestLog()).as("the token travels in a header, never in a URL").noneMatch(r -> r.contains("access_token"));
    }
  }

  private static long count(String sql, String account) {
    return daemon.services().jdbi().withHandle(h -> h.createQuery(sql).bind("a", account).mapTo(Long.class).one());
  }

  private static long messages(String account) {
    return count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.account = :a", account);
  }

  private static long distinctMessages(String account) {
    return count(
        "SELECT COUNT(DISTINCT m.channel_message_id) FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.account = :a",
        account);
  }

  private static long quarantined(String account) {
    return count("SELECT COUNT(*) FROM quarantine WHERE account = :a", account);
  }

  private static JsonNode health(String account) {
    JsonNode channels = new Api(daemon.port(), null, null).ok("/api/health").get("channels");
    for (JsonNode c : channels) {
      if (c.get("account").asText().equals(account)) {
        return c;
      }
    }
    throw new AssertionError("no " + account + " in " + channels);
  }

  @Test
  void rateLimitShouldBackOffAndResumeWithNothingLost() throws Exception {
    GraphApiSimulator sim = sims.get("rate");
    sim.comment(posts.get("rate"), "5550001", "Ann", "first");
    await().atMost(Duration.ofSeconds(10)).until(() -> messages("fb-rate") == 1);

    sim.failNext(2, 4);
    sim.comment(posts.get("rate"), "5550002", "Ben", "second");
    sim.comment(posts.get("rate"), "5550003", "Cy", "third");
    await().atMost(Duration.ofSeconds(20)).until(() -> health("fb-rate").get("lastError").asText("").contains("rate limited"));
    int before = sim.requests();
    // a neighbour on the same 200 ms interval asks its Graph API three more times meanwhile
    GraphApiSimulator neighbour = sims.get("transient");
    int neighbourBefore = neighbour.requests();
    await().atMost(Duration.ofSeconds(30)).until(() -> neighbour.requests() - neighbourBefore >= 3);
    assertThat(sim.requests() - before).as("no calls while backing off").isLessThanOrEqualTo(1);

    await().atMost(Duration.ofSeconds(15)).until(() -> messages("fb-rate") == 3);
    assertThat(health("fb-rate").get("lastError").asText()).contains("(#4)").contains("Application request limit reached");
    await().atMost(Duration.ofSeconds(20)).until(() -> health("fb-rate").get("status").asText().equals("UP"));
    assertThat(distinctMessages("fb-rate")).isEqualTo(3);
  }

  @Test
  void transientErrorsShouldBeRetriedWithoutTheChannelGoingDown() {
    await().atMost(Duration.ofSeconds(10)).until(() -> messages("fb-transient") == 1);

    assertThat(health("fb-transient").get("status").asText()).isEqualTo("UP");
    assertThat(health("fb-transient").get("lastError").isNull()).isTrue();
    assertThat(logs.anyContains("(#2)")).as("the retries are logged").isTrue();
  }

  @Test
  void expiredTokenShouldShowTheChannelDownWithTheReason() {
    GraphApiSimulator sim = sims.get("token");
    await().atMost(Duration.ofSeconds(10)).until(() -> health("fb-token").get("status").asText().equals("UP"));

    sim.expireToken();

    await().atMost(Duration.ofSeconds(10)).until(() -> health("fb-token").get("status").asText().equals("DOWN"));
    String reason = health("fb-token").get("lastError").asText();
    assertThat(reason).contains("(#190/463)").contains("Session has expired").contains("renew the Page token");
    assertThat(reason).doesNotContain(FacebookTestSupport.TOKEN);

    sim.renewToken();
    sim.comment(posts.get("token"), "5550001", "Ann", "are you there?");
    await().atMost(Duration.ofSeconds(15)).until(() -> messages("fb-token") == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> health("fb-token").get("status").asText().equals("UP"));
  }

  @Test
  void bodyThatIsNotJsonShouldBeQuarantinedAndPollingGoOn() {
    await().atMost(Duration.ofSeconds(10)).until(() -> quarantined("fb-malformed") == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> messages("fb-malformed") == 1);

    List<String[]> rows =
        daemon.services().jdbi().withHandle(
            h -> h.createQuery("SELECT channel, reason, source_ref, raw FROM quarantine WHERE account = 'fb-malformed'")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), new String(rs.getBytes(4), StandardCharsets.UTF_8)})
                .list());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)[0]).isEqualTo("facebook");
    assertThat(rows.get(0)[1]).contains("malformed JSON");
    assertThat(rows.get(0)[2]).contains("GET /" + FacebookTestSupport.PAGE_ID + "/posts");
    assertThat(rows.get(0)[3]).as("the body exactly as received").startsWith("{\"data\": [");
  }

  @Test
  void pageCutOffMidWayShouldBeReadAgainWithoutLoss() {
    await().atMost(Duration.ofSeconds(15)).until(() -> messages("fb-cut") == 12);

    assertThat(distinctMessages("fb-cut")).isEqualTo(12);
    assertThat(quarantined("fb-cut")).as("a cut-off body is a network fault, not bad data").isZero();
    assertThat(logs.anyContains("response cut off")).isTrue();
  }
}
