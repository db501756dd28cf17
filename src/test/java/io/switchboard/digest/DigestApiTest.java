package io.switchboard.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/digest} as JSON, CSV and chart images, who may read it, and the dashboard's files. */
class DigestApiTest {
  @TempDir static Path dir;
  static TestMail mail;
  static Daemon daemon;
  static Period week;
  static DigestFixture seeded;
  static String query;

  @BeforeAll
  static void start() throws Exception {
    mail = new TestMail();
    daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
    daemon.services().users().create("mia", "Mia Marketing", "marketing-pw", "marketing");
    daemon.services().users().create("leo", "Leo Lead", "lead-pw", "lead");
    daemon.services().users().create("sam", "Sam Agent", "agent-pw", "agent");
    week = DigestFixture.week(Clock.systemUTC());
    seeded = new DigestFixture(daemon.services().jdbi()).seed(week);
    query = "?from=" + week.from() + "&to=" + week.to();
  }

  @AfterAll
  static void stop() {
    daemon.stop();
    mail.close();
  }

  static Api as(String user, String password) {
    return new Api(daemon.port(), user, password);
  }

  @Test
  void marketingShouldReadTheWeekAsJson() {
    JsonNode d = as("mia", "marketing-pw").ok("/api/digest" + query);
    assertThat(d.at("/total/messages").asLong()).isEqualTo(11);
    assertThat(d.at("/total/previousMessages").asLong()).isEqualTo(3);
    assertThat(d.at("/total/negative").asLong()).isEqualTo(7);
    assertThat(d.get("channels")).extracting(c -> c.get("name").asText()).containsExactly("email", "x", "facebook");
    assertThat(d.at("/channels/0/messages").asLong()).isEqualTo(6);
    assertThat(d.at("/channels/0/previousMessages").asLong()).isEqualTo(2);
    assertThat(d.at("/channels/1/negativeShare").asDouble()).isEqualTo(0.5);
    // each share corrected for the tagger's known errors, with its 90 % interval
    assertThat(d.at("/total/shares/adjusted").asBoolean()).isTrue();
    double sum = 0;
    for (String label : java.util.List.of("negative", "neutral", "positive")) {
      JsonNode e = d.at("/total/shares/" + label);
      assertThat(e.get("low").asDouble()).isLessThanOrEqualTo(e.get("estimate").asDouble());
      assertThat(e.get("high").asDouble()).isGreaterThanOrEqualTo(e.get("estimate").asDouble());
      assertThat(e.get("previous").isNumber()).as("the week before had messages").isTrue();
      sum += e.get("estimate").asDouble();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.001));
    io.switchboard.nlp.ShareEstimator estimator = io.switchboard.nlp.ShareEstimator.packaged();
    io.switchboard.nlp.ShareEstimator.Shares expected =
        estimator.estimate(DigestFixture.answers(daemon.services().jdbi(), week, estimator));
    assertThat(expected.n()).isEqualTo(11);
    assertThat(d.at("/total/shares/negative/estimate").asDouble())
        .isCloseTo(expected.get("negative").estimate(), org.assertj.core.api.Assertions.within(0.0001));
    assertThat(d.at("/channels/0/shares/positive/high").isNumber()).isTrue();

    JsonNode theme = d.at("/themes/0");
    assertThat(theme.get("label").asText()).isEqualTo("lost luggage");
    assertThat(theme.get("count").asInt()).isEqualTo(4);
    assertThat(theme.get("previousCount").asInt()).isEqualTo(1);
    assertThat(theme.get("variants")).extracting(JsonNode::asText).contains("bag lost", "luggage lost");
    assertThat(theme.get("examples")).hasSize(3).allSatisfy(q -> assertThat(q.get("conversationId").asLong()).isPositive());

    assertThat(d.at("/negativePublicPosts/0/conversationId").asLong()).isEqualTo(seeded.lostLuggageX);
    assertThat(d.at("/negativePublicPosts/0/reach").asInt()).isEqualTo(3);
    assertThat(d.at("/urgent/conversations").asInt()).isEqualTo(2);
    assertThat(d.at("/urgent/medianFirstReplySeconds").asLong()).isEqualTo(7200);
    assertThat(d.at("/urgent/slowest/0/conversationId").asLong()).isEqualTo(seeded.urgentUnanswered);
    assertThat(d.get("praise")).hasSize(1);
    assertThat(d.at("/praise/0/conversationId").asLong()).isEqualTo(seeded.praise);
  }

  @Test
  void leadAndAdminShouldReadItAndAgentsShouldNot() {
    assertThat(as("leo", "lead-pw").get("/api/digest").status()).isEqualTo(200);
    assertThat(as("admin", TestDaemon.ADMIN_PASSWORD).get("/api/digest").status()).isEqualTo(200);
    Api.Response agent = as("sam", "agent-pw").get("/api/digest");
    assertThat(agent.status()).isEqualTo(403);
    assertThat(agent.json().get("error").asText()).contains("agent");
    assertThat(as("sam", "agent-pw").get("/api/digest.csv").status()).isEqualTo(403);
    assertThat(as("sam", "agent-pw").get("/api/digest/chart/volume.png").status()).isEqualTo(403);
    assertThat(new Api(daemon.port(), null, null).get("/api/digest").status()).isEqualTo(401);
  }

  @Test
  void csvShouldCarryTheSameNumbers() {
    Api.Response r = as("mia", "marketing-pw").get("/api/digest.csv" + query);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith(DigestCsv.HEADER + "\r\n");
    assertThat(r.body()).contains("total,all,messages,11,3,,\r\n");
    assertThat(r.body()).contains("channel,email,messages,6,2,,\r\n");
    assertThat(r.body()).contains("theme,lost luggage,messages,4,1,,\r\n");
    JsonNode d = as("mia", "marketing-pw").ok("/api/digest" + query);
    for (String label : java.util.List.of("negative", "neutral", "positive")) {
      JsonNode e = d.at("/total/shares/" + label);
      assertThat(r.body()).contains("total,all," + label + "_share_estimate," + e.get("estimate").asDouble() + ","
          + e.get("previous").asDouble() + ",,\r\n");
      assertThat(r.body()).contains("total,all," + label + "_share_low," + e.get("low").asDouble() + ",,,\r\n");
      assertThat(r.body()).contains("total,all," + label + "_share_high," + e.get("high").asDouble() + ",,,\r\n");
    }
    assertThat(r.body()).contains("theme,lost luggage,example,,," + seeded.lostLuggageX + ",\"Lost luggage again @brand, worst airline ever\"\r\n");
  }

  @Test
  void chartsShouldBePngImages() throws Exception {
    for (String name : DigestCharts.NAMES) {
      HttpResponse<byte[]> r = raw("/api/digest/chart/" + name + ".png" + query);
      assertThat(r.statusCode()).as(name).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
      assertThat(ImageIO.read(new ByteArrayInputStream(r.body()))).as(name).isNotNull();
    }
    assertThat(as("mia", "marketing-pw").get("/api/digest/chart/nope.png").status()).isEqualTo(404);
  }

  @Test
  void badPeriodsShouldAnswer400() {
    Api mia = as("mia", "marketing-pw");
    assertThat(mia.get("/api/digest?from=yesterday").status()).isEqualTo(400);
    assertThat(mia.get("/api/digest?from=2026-05-10&to=2026-05-01").status()).isEqualTo(400);
    assertThat(mia.get("/api/digest?from=2020-01-01&to=2026-01-01").status()).isEqualTo(400);
    assertThat(mia.get("/api/digest?from=2026-05-01&to=2026-05-08").status()).isEqualTo(200);
  }

  @Test
  void dashboardFilesShouldBeServedWithoutInlineScript() throws Exception {
    Api anonymous = new Api(daemon.port(), null, null);
    Api.Response page = anonymous.get("/digest.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/digest.js\"").doesNotContain("<script>").doesNotContain("onclick=");
    assertThat(anonymous.get("/digest.js").status()).isEqualTo(200);
    assertThat(anonymous.get("/digest.css").status()).isEqualTo(200);
  }

  private static HttpResponse<byte[]> raw(String path) throws Exception {
    String auth = Base64.getEncoder().encodeToString("mia:marketing-pw".getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path)).header("Authorization", "Basic " + auth).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }
}
