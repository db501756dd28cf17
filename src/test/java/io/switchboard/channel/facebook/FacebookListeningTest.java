package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.support.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brand listening on Facebook and Instagram (ADR 0041): posts tagging the Page, visitors' posts on
 * it and Instagram media tagging the account arrive as conversations of kind {@code mention}, with
 * Graph's faults handled as for comments, and a reply is a comment under the post. The real
 * daemon against the Graph API simulator.
 */
class FacebookListeningTest {
  @TempDir static Path dir;
  private static FacebookTestSupport.Running running;
  private static GraphApiSimulator sim;
  private static Daemon daemon;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    running =
        FacebookTestSupport.startPageAndInstagram(
            dir,
            Map.of("poll.interval", "200ms", "streams", "comments, tagged, visitor_posts"),
            Map.of("poll.interval", "200ms", "streams", "comments, tags"));
    sim = running.sim();
    daemon = running.daemon();
    api = running.api();
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static JsonNode only(String query) {
    JsonNode items = api.ok("/api/conversations?" + query).get("items");
    assertThat(items).as(query).hasSize(1);
    return items.get(0);
  }

  private static int total(String query) {
    return api.ok("/api/conversations?" + query).get("total").asInt();
  }

  @Test
  void taggedVisitorAndInstagramPostsShouldArriveAsMentionsAndAReplyBeACommentUnderThePost() {
    Instant now = Instant.now();
    String tagged = sim.mention("tagged", "5550091", "Rosa Lind", "Three weeks waiting for a refund from Northwind. Nobody answers. Avoid.", now);
    sim.mention("visitor_posts", "5550092", "Olu Adeyemi", "Your Leeds shop staff were lovely today.", now);
    sim.mention("visitor_posts", FacebookTestSupport.PAGE_ID, "Northwind Travel Gear", "Our own post on the wall", now);
    sim.mention("tags", "17841400000000093", "wanderwithmina", "Sunrise in Cappadocia, Atlas 45 on my back", now);

    await().atMost(Duration.ofSeconds(15)).until(() -> total("view=listening&q=refund") == 1
        && total("view=listening&q=leeds") == 1 && total("view=listening&q=cappadocia") == 1);
    JsonNode rosa = only("view=listening&q=refund");
    assertThat(rosa.get("channel").asText()).isEqualTo("facebook");
    assertThat(rosa.get("kind").asText()).isEqualTo("mention");
    assertThat(rosa.get("isPublic").asBoolean()).isTrue();
    assertThat(rosa.get("subject").asText()).isEqualTo("Post tagging the Page by Rosa Lind");
    assertThat(rosa.get("sentiment").asText()).isEqualTo("negative");
    assertThat(rosa.get("reach").isNull()).as("Graph gives no audience of other people's posts").isTrue();
    assertThat(only("view=listening&q=leeds").get("subject").asText()).isEqualTo("Visitor post by Olu Adeyemi");
    JsonNode mina = only("view=listening&q=cappadocia");
    assertThat(mina.get("channel").asText()).isEqualTo("instagram");
    assertThat(mina.get("contact").get("name").asText()).isEqualTo("@wanderwithmina");
    assertThat(total("q=wall")).as("the Page's own post is not listening").isZero();

    Api.Response reply =
        api.post("/api/conversations/" + rosa.get("id").asLong() + "/replies",
            Api.json(Map.of("text", "Rosa, we are sorry for the wait. We have looked into it and will reply to your email today.")));
    assertThat(reply.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.posted().stream().anyMatch(p -> tagged.equals(p.parentId())));
    GraphApiSimulator.Posted posted = sim.posted().stream().filter(p -> tagged.equals(p.parentId())).findFirst().orElseThrow();
    assertThat(posted.kind()).isEqualTo("comment");
    assertThat(posted.text()).contains("we are sorry for the wait");

    // a photo that tags our Instagram account cannot be answered through the Graph API: a clear
    // 409 with the reason, nothing queued, nothing posted (ADR 0045)
    int postedBefore = sim.posted().size();
    Api.Response refused =
        api.post("/api/conversations/" + mina.get("id").asLong() + "/replies", Api.json(Map.of("text", "Love this, Mina!")));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).contains("Instagram does not let a business account comment").contains("dismiss");
    assertThat(api.ok("/api/conversations/" + mina.get("id").asLong()).get("messages")).hasSize(1);
    assertThat(sim.posted()).hasSize(postedBefore);
  }

  @Test
  void rateLimitsAndServerErrorsOnTheListeningEdgesShouldLoseNothing() {
    sim.failNext(1, 613, null, path -> path.contains("/tagged"));
    sim.failNext(2, 2, null, path -> path.contains("/visitor_posts"));
    Instant now = Instant.now();
    sim.mention("tagged", "5550101", "Ada Brook", "Northwind lost my parcel twice", now);
    sim.mention("visitor_posts", "5550102", "Ben Cole", "Is the Porto shop open on Sundays?", now);

    await().atMost(Duration.ofSeconds(20)).until(() -> total("view=listening&q=parcel") == 1 && total("view=listening&q=sundays") == 1);
    long stored =
        daemon.services().jdbi().withHandle(h -> h.createQuery(
            "SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.kind = 'mention'"
                + " AND (m.text LIKE '%parcel%' OR m.text LIKE '%Sundays%')").mapTo(Long.class).one());
    assertThat(stored).isEqualTo(2);
  }
}
