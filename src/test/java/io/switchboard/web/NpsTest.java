package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.digest.DigestQueries;
import io.switchboard.digest.Period;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestMail;
import io.switchboard.workflow.nps.NpsStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Net Promoter surveys against the real daemon: the email after a resolution with eleven signed
 * links, a score and a comment taken once each, a customer asked once per quiet period (merged
 * contacts count once), NPS per channel with the comments in GET /api/kpis and on /kpis, and the
 * detractors' comments among the digest's complaints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NpsTest {
  private static final Pattern LINK = Pattern.compile("(?m)^(\\d+)[^:\\n]*: (http://\\S+/nps/\\S+)$");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMMENT = "The zipper broke again and the replacement never came.";

  @TempDir static Path dir;
  static XApiSimulator x;
  static WebFixture app;
  static Api ada;
  static NpsStore store;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/nps.properties"), "nps.delay = 0s\nnps.sweep = 200ms\nnps.quietPeriod = 30d\n");
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    app = new WebFixture(dir, x);
    ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    store = new NpsStore(app.daemon.services().jdbi(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    app.close();
    x.close();
  }

  private static long email(String name, String address, String subject, String body) {
    String id = "<" + Math.abs(subject.hashCode()) + "." + System.nanoTime() + "@customer.test>";
    return app.deliver(TestMail.email(address, id, subject, body, null).replace("From: Customer <", "From: " + name + " <"), subject);
  }

  private static void resolve(long id) {
    Api.Response r = ada.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Sorted, thank you for your patience.", "override", "test")));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(ada.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
  }

  /** The survey email's text once it is queued in the conversation. */
  private static String surveyText(long id) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> {
      for (JsonNode m : ada.ok("/api/conversations/" + id).get("messages")) {
        if ("nps-survey".equals(m.path("author").asText()) && m.path("text").asText().contains("/nps/")) {
          return m.get("text").asText();
        }
      }
      return null;
    }, t -> t != null);
  }

  private static String link(String text, int score) {
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == score) {
        return m.group(2);
      }
    }
    throw new AssertionError("no link for " + score + " in " + text);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String awaitSkipped(long id) {
    return await().atMost(Duration.ofSeconds(20)).until(
        () -> store.ofConversation(id).filter(s -> s.status().equals("skipped")).map(NpsStore.Survey::skipReason).orElse(null),
        r -> r != null);
  }

  @Test
  @Order(1)
  void aResolvedEmailShouldGetTheQuestionWithElevenLinksScoredAndCommentedOnce() throws Exception {
    long id = email("Rosa Diaz", "rosa.diaz@example.com", "Zipper broken on Transit 40", "The zipper broke after a week.");
    resolve(id);
    String text = surveyText(id);
    assertThat(text).startsWith("How likely are you to recommend us to a friend or colleague?");
    assertThat(LINK.matcher(text).results().count()).isEqualTo(11);

    String three = link(text, 3);
    HttpResponse<String> scored = send(HttpRequest.newBuilder(URI.create(three)).GET());
    assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
    assertThat(JSON.readTree(scored.body()).get("score").asInt()).isEqualTo(3);
    assertThat(send(HttpRequest.newBuilder(URI.create(link(text, 10))).GET()).statusCode()).as("a second score").isEqualTo(409);
    HttpResponse<String> commented = send(HttpRequest.newBuilder(URI.create(three))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Api.json(Map.of("comment", COMMENT)))));
    assertThat(commented.statusCode()).as(commented.body()).isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(URI.create(three.replace(".3.", ".9."))).GET()).statusCode()).as("tampered").isEqualTo(403);
    NpsStore.Survey s = store.ofConversation(id).orElseThrow();
    assertThat(s.score()).isEqualTo(3);
    assertThat(s.comment()).isEqualTo(COMMENT);

    // the same customer again within the quiet period: not asked twice
    long again = email("Rosa Diaz", "rosa.diaz@example.com", "Strap question", "Which strap fits the Transit 40?");
    resolve(again);
    assertThat(awaitSkipped(again)).contains("nps.quietPeriod");
  }

  @Test
  @Order(2)
  void aMergedCustomerShouldBeAskedOnceAcrossChannels() throws Exception {
    long mail = email("Tom Berg", "tom.berg@example.com", "Great service", "Thanks, the new wheels arrived.");
    resolve(mail);
    String text = surveyText(mail);
    assertThat(send(HttpRequest.newBuilder(URI.create(link(text, 10))).GET()).statusCode()).isEqualTo(200);

    XApiSimulator.User tom = x.user("tomberg", "Tom Berg");
    String dmText = "One more thing about my wheels order.";
    x.dmFromCustomer(tom, dmText);
    long dm = app.awaitX(dmText);
    long emailContact = ada.ok("/api/conversations/" + mail).get("contact").get("id").asLong();
    long xContact = ada.ok("/api/conversations/" + dm).get("contact").get("id").asLong();
    assertThat(ada.post("/api/contacts/" + emailContact + "/merge", Api.json(Map.of("other", xContact))).status()).isEqualTo(200);
    resolve(dm);
    assertThat(awaitSkipped(dm)).contains("nps.quietPeriod");
    assertThat(x.brandDms().stream().filter(d -> d.text().contains("/nps/"))).as("no survey DM").isEmpty();
  }

  @Test
  @Order(3)
  void npsShouldShowPerChannelWithCommentsInKpisAndTheDigest() {
    Api lee = new Api(app.port(), "lee", WebFixture.PASSWORD);
    JsonNode report = lee.ok("/api/kpis?groupBy=channel");
    JsonNode total = report.get("total").get("nps");
    assertThat(total.get("responses").asInt()).isEqualTo(2);
    assertThat(total.get("promoters").asInt()).isEqualTo(1);
    assertThat(total.get("detractors").asInt()).isEqualTo(1);
    assertThat(total.get("score").asDouble()).isEqualTo(0.0);
    JsonNode email = null;
    for (JsonNode g : report.get("groups")) {
      if (g.get("key").asText().equals("email")) {
        email = g;
      }
    }
    assertThat(email).isNotNull();
    assertThat(email.get("nps").get("responses").asInt()).isEqualTo(2);
    assertThat(report.get("npsComments")).hasSize(1);
    assertThat(report.get("npsComments").get(0).get("comment").asText()).isEqualTo(COMMENT);
    assertThat(report.get("npsComments").get(0).get("category").asText()).isEqualTo("detractor");
    assertThat(lee.ok("/api/kpis?groupBy=team").get("total").get("nps").get("score").asDouble()).isEqualTo(0.0);
    assertThat(lee.get("/api/kpis.csv?groupBy=channel").body()).contains("nps_responses,nps");

    Period today = new Period(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofMinutes(1)));
    assertThat(new DigestQueries(app.daemon.services().jdbi()).detractorComments(today, 10))
        .extracting(DigestQueries.Text::text).containsExactly(COMMENT);
  }

  @Test
  @Order(4)
  void aLeadShouldSeeNpsAndTheCommentsOnTheKpiPage() throws Exception {
    Browser.assumeInstalled();
    try (Browser browser = new Browser(app.port())) {
      browser.signIn("lee", WebFixture.PASSWORD);
      browser.open("/kpis");
      browser.find("body[data-loaded='true']");
      assertThat(browser.text("#kpis-channel tr[data-key='email'] [data-kpi='nps']")).startsWith("0").contains("1 promoters").contains("1 detractors");
      assertThat(browser.text("#nps-comments li[data-category='detractor']")).contains("3").contains(COMMENT);
      assertThat(browser.driver.findElements(By.cssSelector("#kpis-agent tr.total [data-kpi='nps']"))).hasSize(1);
    }
  }
}
