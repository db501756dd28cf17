package io.switchboard.workflow.csat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invitations by direct message: the real daemon with an X account and a Facebook Page on their
 * simulators (the real Twitter4J and RestFB clients). A private conversation gets a DM with one
 * link to the rating page; a public post gets none, and the reason is recorded.
 */
class CsatChannelsTest {
  private static final Pattern LINK = Pattern.compile("http://\\S+/csat/[0-9.]+[A-Za-z0-9_-]+");
  private static final String FB_TOKEN = "EAAGtestPageToken0123456789abcdefSECRET";
  private static final String PAGE_ID = "1029384756";

  @TempDir static Path dir;
  private static XApiSimulator x;
  private static GraphApiSimulator facebook;
  private static Daemon daemon;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    x = XApiSimulator.builder().bearerToken("test-bearer-token").start();
    facebook = GraphApiSimulator.start(FB_TOKEN, PAGE_ID, "Northwind Travel Gear", "17841400000000001", "northwindtravelgear");
    Path config = dir.resolve("config");
    Files.createDirectories(config.resolve("channels"));
    Files.writeString(
        config.resolve("application.properties"),
        Files.readString(Path.of("config/application.properties"))
            + "\nswitchboard.http.port = 0\nswitchboard.outbox.retryBase = 200ms\nswitchboard.outbox.periodMs = 100\n");
    Files.writeString(
        config.resolve("channels/brand.properties"),
        String.join("\n", "channel = x", "user.id = " + x.brand().id(), "handle = " + x.brand().username(),
            "bearer.token = test-bearer-token", "api.base = " + x.baseUrl(), "poll.interval = 100ms", "http.timeout = 2s",
            "retry.backoff = 100ms", "retry.backoff.max = 500ms", ""));
    Files.writeString(
        config.resolve("channels/facebook-test.properties"),
        String.join("\n", "channel = facebook", "page.id = " + PAGE_ID, "access.token = " + FB_TOKEN,
            "graph.url = " + facebook.baseUrl(), "poll.interval = 200ms", "retry.base = 50ms", "rate.limit.backoff = 300ms",
            "backoff.max = 2s", "timeout = 5s", ""));
    Files.writeString(config.resolve("csat.properties"), "csat.delay = 0s\ncsat.sweep = 200ms\n");
    daemon = TestDaemon.start(config, dir.resolve("data"));
    api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    daemon.stop();
    x.close();
    facebook.close();
  }

  /** Waits for the conversation of a contact handle on a channel; returns its id. */
  private static long conversation(String channel, String handle) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              for (JsonNode c : api.ok("/api/conversations?status=&limit=500").get("items")) {
                if (c.get("channel").asText().equals(channel) && c.get("contact").get("handle").asText().equals(handle)) {
                  return c.get("id").asLong();
                }
              }
              return -1L;
            },
            id -> id > 0);
  }

  private static void resolve(long id) {
    Api.Response reply =
        api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Done: it is on its way.", "override", "test")));
    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    assertThat(api.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
  }

  private static CsatStore.Survey survey(long id) {
    return new CsatStore(daemon.services().jdbi(), Clock.systemUTC()).find(id).orElseThrow();
  }

  /** The rating page of a DM's link, as JSON: picks {@code rating} and follows it. */
  private static void rateThrough(String link, int rating) throws Exception {
    Http.Answer choose = Http.get(link, true);
    assertThat(choose.status()).isEqualTo(200);
    JsonNode options = new ObjectMapper().readTree(choose.body()).get("ratings");
    assertThat(options.size()).isEqualTo(5);
    String base = link.substring(0, link.indexOf("/csat/"));
    assertThat(Http.get(base + options.get(String.valueOf(rating)).asText(), true).status()).isEqualTo(200);
    assertThat(Http.get(link, true).status()).as("the DM link after rating").isEqualTo(409);
  }

  @Test
  void resolvedXDirectMessageConversationShouldGetTheSurveyLinkByDm() throws Exception {
    XApiSimulator.User ana = x.user("ana_goes", "Ana Souza");
    x.dmFromCustomer(ana, "Hi, can I change the delivery address on NW-51230?");
    long id = conversation("x", ana.id());
    resolve(id);

    XApiSimulator.DmEvent dm =
        await().atMost(Duration.ofSeconds(15)).until(
            () -> x.brandDms().stream().filter(d -> d.recipientId().equals(ana.id()) && d.text().contains("/csat/")).findFirst().orElse(null),
            d -> d != null);
    assertThat(dm.text()).contains("How did we do?");
    Matcher m = LINK.matcher(dm.text());
    assertThat(m.find()).as("a rating link in " + dm.text()).isTrue();
    assertThat(m.group()).contains("/csat/" + id + ".0.");

    rateThrough(m.group(), 2);
    assertThat(survey(id).rating()).isEqualTo(2);
    assertThat(survey(id).status()).isEqualTo("sent");
    assertThat(x.brandDms().stream().filter(d -> d.recipientId().equals(ana.id()))).as("the reply and the survey").hasSize(2);
  }

  @Test
  void resolvedMessengerConversationShouldGetTheSurveyLinkInMessenger() throws Exception {
    facebook.message("7000001", "Chloé Martin", "Hi! My order NW-48213 has not moved since Friday.");
    long id = conversation("facebook", "7000001");
    resolve(id);

    GraphApiSimulator.Posted sent =
        await().atMost(Duration.ofSeconds(15)).until(
            () -> facebook.posted().stream().filter(p -> "7000001".equals(p.recipientId()) && p.text().contains("/csat/")).findFirst().orElse(null),
            p -> p != null);
    Matcher m = LINK.matcher(sent.text());
    assertThat(m.find()).as("a rating link in " + sent.text()).isTrue();
    rateThrough(m.group(), 5);
    assertThat(survey(id).rating()).isEqualTo(5);
  }

  @Test
  void aResolvedPublicMentionShouldBeSurveyedByDmWhenTheCustomerHasADmConversation() throws Exception {
    XApiSimulator.User lu = x.user("lu_travels", "Lu Chen");
    x.dmFromCustomer(lu, "Hi, quick question about my order.");
    long dm = conversation("x", lu.id());
    x.mention(lu, "my suitcase never arrived, still waiting!");
    long mention =
        await().atMost(Duration.ofSeconds(15)).until(
            () -> {
              for (JsonNode c : api.ok("/api/conversations?status=&limit=500").get("items")) {
                if (c.get("isPublic").asBoolean() && c.get("contact").get("handle").asText().equals(lu.id())) {
                  return c.get("id").asLong();
                }
              }
              return -1L;
            },
            id -> id > 0);
    resolve(mention);

    XApiSimulator.DmEvent invitation =
        await().atMost(Duration.ofSeconds(15)).until(
            () -> x.brandDms().stream().filter(d -> d.recipientId().equals(lu.id()) && d.text().contains("/csat/")).findFirst().orElse(null),
            d -> d != null);
    Matcher m = LINK.matcher(invitation.text());
    assertThat(m.find()).isTrue();
    assertThat(m.group()).as("the link rates the public conversation").contains("/csat/" + mention + ".0.");
    assertThat(x.brandPosts()).noneMatch(p -> p.text().contains("/csat/"));
    assertThat(survey(mention).messageId()).isNotNull();
    rateThrough(m.group(), 4);
    assertThat(survey(mention).rating()).isEqualTo(4);
    assertThat(new CsatStore(daemon.services().jdbi(), Clock.systemUTC()).find(dm)).isEmpty();
  }

  @Test
  void aResolvedPublicMentionShouldGetNoSurveyAndSayWhy() {
    XApiSimulator.User kim = x.user("kimtravels", "Kim Lee");
    x.mention(kim, "the zip on my Atlas 45 broke on day two. What now?");
    long id = conversation("x", kim.id());
    resolve(id);

    CsatStore store = new CsatStore(daemon.services().jdbi(), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(15)).until(() -> store.find(id).map(CsatStore.Survey::status).orElse("").equals("skipped"));
    assertThat(survey(id).skipReason()).contains("public conversation and no private one");
    assertThat(x.brandPosts()).noneMatch(p -> p.text().contains("/csat/"));
    assertThat(x.brandDms()).noneMatch(d -> d.recipientId().equals(kim.id()));
  }
}
