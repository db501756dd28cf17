package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.config.ConfigException;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.sim.x.XApiSimulator.Fault;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.workflow.csat.CsatStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brand listening on X (ADR 0041): posts that name the brand without tagging it arrive through
 * recent search as conversations of kind {@code mention}, tagged with sentiment and with the
 * author's followers as reach; they are answered through the brand-voice step or dismissed; the
 * search has the mentions stream's faults handled the same way. The real daemon, the simulator.
 */
class XListeningTest {
  static final String KEYWORDS = "Northwind, #northwindgear, \"Meridian carry-on\"";

  @TempDir Path dir;
  private XApiSimulator sim;
  private Daemon daemon;
  private Api api;

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

  private void start(String keywords) throws Exception {
    Path config = XTest.daemonConfig(dir, sim, Map.of("listen.keywords", keywords));
    // the shipped teams: a default team that customer conversations are routed to
    java.nio.file.Files.createDirectories(config.resolve("workflow"));
    // surveys at once, so that a resolved listening post shows it gets none
    java.nio.file.Files.writeString(config.resolve("csat.properties"), "csat.delay = 0s\ncsat.sweep = 200ms\n");
    java.nio.file.Files.copy(
        Path.of("config/workflow/teams.yaml"), config.resolve("workflow/teams.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    daemon = TestDaemon.start(config, dir.resolve("data"));
    api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  private int total(String query) {
    return api.ok("/api/conversations?" + query).get("total").asInt();
  }

  private long count(String sql) {
    return daemon.services().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private void awaitPolls(String endpoint) {
    int seen = sim.requests(endpoint).size();
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.requests(endpoint).size() >= seen + 3);
  }

  @Test
  void untaggedPostShouldArriveAsAMentionWithSentimentAndReachAndTaggedOnesStayMessages() throws Exception {
    XApiSimulator.User nomad = sim.user("budgetnomad", "The Budget Nomad");
    sim.followers(nomad, 184_000);
    XApiSimulator.User kim = sim.user("kimtravels", "Kim Lee");
    String untagged = sim.post(nomad, "The Northwind Meridian carry-on broke after a month. Terrible, would not buy again.", null);
    sim.mention(kim, "my Northwind bag is late, where is it?");
    sim.post(sim.brand(), "New at Northwind: the Atlas 45 in green.", null);
    sim.post(kim, "Off to Lisbon with nothing but a daypack.", null);
    start(KEYWORDS);

    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 1 && total("kind=message") == 1);
    JsonNode mention = api.ok("/api/conversations?view=listening").get("items").get(0);
    assertThat(mention.get("kind").asText()).isEqualTo("mention");
    assertThat(mention.get("reach").asLong()).isEqualTo(184_000);
    assertThat(mention.get("isPublic").asBoolean()).isTrue();
    assertThat(mention.get("sentiment").asText()).isEqualTo("negative");
    assertThat(mention.get("contact").get("name").asText()).isEqualTo("The Budget Nomad (@budgetnomad)");
    JsonNode tagged = api.ok("/api/conversations?kind=message").get("items").get(0);
    assertThat(tagged.get("kind").asText()).isEqualTo("message");
    assertThat(tagged.get("preview").asText()).contains("my Northwind bag is late");

    // the query leaves out what mentions bring, our own posts and reposts; later polls ask after the cursor
    awaitPolls(XApiSimulator.SEARCH_RECENT);
    List<XApiSimulator.Request> searches = sim.requests(XApiSimulator.SEARCH_RECENT);
    assertThat(searches.get(0).query().get("query").get(0))
        .isEqualTo("(Northwind OR #northwindgear OR \"Meridian carry-on\") -@NorthwindGear -from:NorthwindGear -is:retweet");
    assertThat(searches.get(searches.size() - 1).query().get("since_id")).containsExactly(untagged);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);

    // the tagged post is a customer conversation: routed to a team, its SLA clock runs; the post
    // found by listening waits in the Listening view with neither (ADR 0045)
    long mentionId = mention.get("id").asLong();
    long taggedId = tagged.get("id").asLong();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> count("SELECT COUNT(*) FROM conversation_sla WHERE conversation_id = " + taggedId) == 1);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> count("SELECT COUNT(*) FROM conversation_team WHERE conversation_id = " + taggedId) == 1);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> count("SELECT COUNT(*) FROM workflow_event WHERE conversation_id = " + mentionId + " AND state <> 'done'") == 0);
    assertThat(count("SELECT COUNT(*) FROM workflow_event WHERE conversation_id = " + mentionId)).isPositive();
    assertThat(count("SELECT COUNT(*) FROM conversation_sla WHERE conversation_id = " + mentionId)).isZero();
    assertThat(count("SELECT COUNT(*) FROM conversation_team WHERE conversation_id = " + mentionId)).isZero();
    assertThat(api.ok("/api/conversations/" + mentionId).path("assignee").isNull()
        || api.ok("/api/conversations/" + mentionId).path("assignee").isMissingNode()).isTrue();
  }

  @Test
  void mentionShouldBeAnsweredInPublicThroughTheBrandVoiceOrDismissed() throws Exception {
    XApiSimulator.User ines = sim.user("ines_walks", "Ines Duarte");
    XApiSimulator.User kai = sim.user("kai_b", "Kai Brenner");
    String post = sim.post(ines, "Day 12 of the Camino and my Northwind pack is still perfect.", null);
    sim.post(kai, "Northwind shop in Porto was closed today, oh well", null);
    sim.mention(kai, "do you ship to Norway?");
    start(KEYWORDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 2 && total("kind=message") == 1);
    long answered = idOf("kind=mention&q=camino");
    long dismissed = idOf("kind=mention&q=porto");

    Api.Response reply =
        api.post("/api/conversations/" + answered + "/replies", Api.json(Map.of("text", "So glad it holds up, Ines. Buen camino!")));
    assertThat(reply.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.brandPosts().size() == 1);
    XApiSimulator.Post sent = sim.brandPosts().get(0);
    assertThat(sent.inReplyToId()).isEqualTo(post);
    assertThat(sent.text()).startsWith("@ines_walks ").contains("So glad it holds up");

    Api.Response dismiss = api.post("/api/conversations/" + dismissed + "/dismiss", "{}");
    assertThat(dismiss.status()).isEqualTo(200);
    JsonNode after = api.ok("/api/conversations/" + dismissed);
    assertThat(after.get("status").asText()).isEqualTo("closed");
    assertThat(after.get("tags")).extracting(JsonNode::asText).contains("dismissed");
    assertThat(api.ok("/api/conversations/" + dismissed + "/activity").toString()).contains("dismissed");
    assertThat(total("view=listening&status=open")).isEqualTo(1);
    // a customer who wrote to us is not dismissed
    long message = idOf("kind=message");
    assertThat(api.post("/api/conversations/" + message + "/dismiss", "{}").status()).isEqualTo(409);
    assertThat(api.get("/api/conversations?kind=tweets").status()).isEqualTo(400);

    // its author never asked us for help: resolving the answered post sends no survey, and says why
    assertThat(api.post("/api/conversations/" + answered + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
    CsatStore surveys = new CsatStore(daemon.services().jdbi(), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(15)).until(() -> surveys.find(answered).map(CsatStore.Survey::status).orElse("").equals("skipped"));
    assertThat(surveys.find(answered).orElseThrow().skipReason()).contains("a post found by listening");
    assertThat(sim.brandPosts()).noneMatch(p -> p.text().contains("/csat/"));
    assertThat(sim.brandDms()).noneMatch(d -> d.recipientId().equals(ines.id()));
  }

  private long idOf(String query) {
    JsonNode items = api.ok("/api/conversations?" + query).get("items");
    assertThat(items).as(query).hasSize(1);
    return items.get(0).get("id").asLong();
  }

  @Test
  void searchFaultsShouldParkOnlyTheSearchAndLoseNothing() throws Exception {
    start(KEYWORDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.requests(XApiSimulator.SEARCH_RECENT).size() > 0);
    // rate-limited search: mentions go on meanwhile
    sim.failNext(XApiSimulator.SEARCH_RECENT, 1, Fault.rateLimited(Instant.now().plusSeconds(2)));
    XApiSimulator.User a = sim.user("amira", "Amira Haddad");
    sim.post(a, "Northwind zip broke again", null);
    awaitPolls(XApiSimulator.MENTIONS);
    sim.mention(a, "hello, anyone there?");
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=message") == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 1);
    List<XApiSimulator.Request> limited =
        sim.requests(XApiSimulator.SEARCH_RECENT).stream().filter(r -> r.status() == 429).toList();
    assertThat(limited).hasSize(1);

    // 5xx are tried again; a body that is not JSON is quarantined, and the post still arrives once
    sim.failNext(XApiSimulator.SEARCH_RECENT, 2, Fault.status(503));
    sim.post(a, "#northwindgear anyone know a repair shop?", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 2);
    sim.failNext(XApiSimulator.SEARCH_RECENT, 1, Fault.badJson());
    sim.post(a, "Northwind again, third post", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 3);
    await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM quarantine") == 1);
    String ref = daemon.services().jdbi().withHandle(h -> h.createQuery("SELECT source_ref FROM quarantine").mapTo(String.class).one());
    assertThat(ref).startsWith("search/");
    awaitPolls(XApiSimulator.SEARCH_RECENT);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(4);
    assertThat(count("SELECT COUNT(DISTINCT channel_message_id) FROM message")).isEqualTo(4);
  }

  @Test
  void digestShouldSayWhatPeopleSayWithoutTaggingUsWidestReachFirst() throws Exception {
    XApiSimulator.User nomad = sim.user("budgetnomad", "The Budget Nomad");
    sim.followers(nomad, 184_000);
    XApiSimulator.User kai = sim.user("kai_b", "Kai Brenner");
    sim.followers(kai, 312);
    XApiSimulator.User ines = sim.user("ines_walks", "Ines Duarte");
    sim.followers(ines, 2_650);
    sim.post(kai, "My Northwind backpack zip broke after two trips. Terrible quality, really disappointed.", null);
    sim.post(nomad, "The Northwind Meridian carry-on broke after a month. Terrible, would not buy again.", null);
    sim.post(ines, "Day 12 of the Camino and my Northwind pack is still perfect. Love it, thank you!", null);
    start(KEYWORDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 3);

    Instant now = Instant.now();
    String period = "?from=" + now.minus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofHours(1));
    JsonNode listening = api.ok("/api/digest" + period).get("listening");
    assertThat(listening.get("posts").asLong()).isEqualTo(3);
    // the posts found by listening are not customer messages: volume, shares and praise leave them out
    JsonNode digest = api.ok("/api/digest" + period);
    assertThat(digest.get("total").get("messages").asLong()).isZero();
    assertThat(digest.get("praise")).isEmpty();
    assertThat(digest.get("negativePublicPosts")).isEmpty();
    assertThat(listening.get("negative").asLong()).isEqualTo(2);
    assertThat(listening.get("positive").asLong()).isEqualTo(1);
    JsonNode widest = listening.get("widestNegative");
    assertThat(widest).extracting(m -> m.get("reach").asLong()).containsExactly(184_000L, 312L);
    assertThat(widest.get(0).get("author").asText()).isEqualTo("The Budget Nomad (@budgetnomad)");
    assertThat(widest.get(0).get("quote").get("text").asText()).contains("Meridian carry-on broke");

    // the email says it too, in HTML and in plain text
    io.switchboard.digest.Digest d =
        new io.switchboard.digest.DigestService(
                new io.switchboard.digest.DigestQueries(daemon.services().jdbi()),
                io.switchboard.digest.ThemeFinder.packaged(),
                io.switchboard.digest.DigestService.Options.DEFAULTS,
                java.time.Clock.systemUTC())
            .digest(new io.switchboard.digest.Period(now.minus(Duration.ofDays(1)), now.plus(Duration.ofHours(1))));
    io.switchboard.digest.DigestRenderer.Rendered mail =
        new io.switchboard.digest.DigestRenderer(
                new io.switchboard.digest.DigestCharts(), java.time.ZoneOffset.UTC, "Digest", "http://127.0.0.1:8080")
            .render(d);
    assertThat(mail.text()).contains("WHAT PEOPLE SAY WITHOUT TAGGING US", "3 posts", "2 negative", "reach 184000");
    assertThat(mail.html()).contains("What people say without tagging us", "reach 184000", "Meridian carry-on broke");
    // the page shows the same section
    assertThat(api.get("/digest.html").body()).contains("What people say without tagging us");
  }

  @Test
  void emptyOrTooLongKeywordListShouldStopTheStartWithAClearErrorAndLoseNothing() throws Exception {
    XApiSimulator.User a = sim.user("amira", "Amira Haddad");
    sim.post(a, "Northwind first", null);
    start(KEYWORDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 1);
    daemon.stop();
    daemon = null;
    sim.post(a, "Northwind second, while we were down", null);

    assertThatThrownBy(() -> start(" , "))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listen.keywords: is empty");
    String tooLong = String.join(", ", java.util.Collections.nCopies(40, "Meridian carry-on"));
    assertThatThrownBy(() -> start(tooLong))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listen.keywords: makes an X search query of")
        .hasMessageContaining("X takes at most 512");

    start(KEYWORDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> total("kind=mention") == 2);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
  }
}
