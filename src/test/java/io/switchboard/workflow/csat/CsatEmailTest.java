package io.switchboard.workflow.csat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The email survey end to end: the real daemon, GreenMail for IMAP and SMTP. A resolved email
 * conversation gets one invitation with five signed links; one click records the rating and offers
 * a comment; every second use is refused.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class CsatEmailTest {
  @Parameter TestStore store;
  private static final Pattern LINK = Pattern.compile("(\\d) - [a-z ]+: (http://\\S+/csat/\\S+)");

  @TempDir Path dir;
  private TestMail mail;
  private Daemon daemon;
  private Api api;

  @BeforeEach
  void start() throws Exception {
    mail = new TestMail();
    Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort(), store);
    Files.writeString(config.resolve("channels/email-test.properties"), "imap.idle = false\n", java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(
        config.resolve("csat.properties"),
        String.join("\n", "csat.enabled = true", "csat.delay = 0s", "csat.sweep = 200ms", "csat.linkValidity = 1d", ""));
    daemon = TestDaemon.start(config, dir.resolve("data"));
    api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  @AfterEach
  void stop() {
    daemon.stop();
    mail.close();
  }

  private long conversation(String subject) {
    mail.deliver(TestMail.email("ann@customer.test", "<q1@customer.test>", subject, "My order NW-1 never came.", null));
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              for (var c : api.ok("/api/conversations?status=").get("items")) {
                if (subject.equals(c.get("subject").asText())) {
                  return c.get("id").asLong();
                }
              }
              return -1L;
            },
            id -> id > 0);
  }

  /** Mail to the customer, once per Message-ID (the copy kept in the Sent folder is the same mail). */
  private void replyAndResolve(long id) {
    Api.Response reply =
        api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "It left our warehouse today.", "override", "test")));
    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    assertThat(api.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
  }

  /** The survey mails the customer received. */
  private List<MimeMessage> surveys() throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : toCustomer()) {
      if (m.getContent().toString().contains("/csat/")) {
        found.add(m);
      }
    }
    return found;
  }

  private MimeMessage[] toCustomer() {
    Map<String, MimeMessage> byId = new java.util.LinkedHashMap<>();
    for (MimeMessage m : mail.server.getReceivedMessagesForDomain("customer.test")) {
      try {
        byId.putIfAbsent(m.getMessageID(), m);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return byId.values().toArray(new MimeMessage[0]);
  }

  @Test
  void resolvedEmailConversationShouldGetOneSurveyWhoseLinksRecordOneRatingAndOneComment() throws Exception {
    long id = conversation("Where is my order?");
    replyAndResolve(id);

    await().atMost(Duration.ofSeconds(20)).until(() -> surveys().size() == 1);
    MimeMessage survey = surveys().get(0);
    assertThat(survey.getSubject()).isEqualTo("Re: Where is my order?");
    String body = survey.getContent().toString();
    assertThat(body).contains("How did we do?");
    List<String> links = new ArrayList<>();
    Matcher m = LINK.matcher(body);
    while (m.find()) {
      assertThat(m.group(1)).isEqualTo(String.valueOf(5 - links.size()));
      links.add(m.group(2));
    }
    assertThat(links).as("one link per rating, 5 first").hasSize(5);
    assertThat(links.get(0)).startsWith("http://127.0.0.1:" + daemon.port() + "/csat/" + id + ".5.");
    // the survey is in the thread and delivered, but is not an agent's reply
    await().atMost(Duration.ofSeconds(10)).until(() -> lastMessage(id).get("delivery").get("status").asText().equals("sent"));
    assertThat(lastMessage(id).get("author").asText()).isEqualTo("csat-survey");

    String four = links.get(1);
    Http.Answer rated = Http.get(four, false);
    assertThat(rated.status()).isEqualTo(200);
    assertThat(rated.body()).contains("4 of 5").contains("<form method=\"post\"").contains("name=\"comment\"");
    assertThat(survey(id).rating()).isEqualTo(4);

    Http.Answer again = Http.get(four, false);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("already recorded");
    Http.Answer otherLink = Http.get(links.get(4), true);
    assertThat(otherLink.status()).isEqualTo(409);
    assertThat(otherLink.body()).contains("\"error\":\"already recorded\"");
    assertThat(survey(id).rating()).isEqualTo(4);

    assertThat(Http.postComment(four, "Quick & <friendly> help").status()).isEqualTo(200);
    assertThat(Http.postComment(four, "second thoughts").status()).isEqualTo(409);
    assertThat(survey(id).comment()).isEqualTo("Quick & <friendly> help");

    // reopened and resolved again: the survey row is spent, no second invitation is planned
    assertThat(api.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "open"))).status()).isEqualTo(200);
    assertThat(api.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
    // the invitations hear of the status changes through the workflow-events route after the API
    // answered: let them react before checking that they planned nothing new
    await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/admin/workflow-events?limit=1").get("counts").get("pending").asLong() == 0);
    CsatStore store = new CsatStore(daemon.services().jdbi(), Clock.systemUTC());
    assertThat(store.find(id).orElseThrow().status()).isEqualTo("sent");
    assertThat(store.due(10)).isEmpty();
    assertThat(surveys()).hasSize(1);
    assertThat(toCustomer()).as("the reply and the survey").hasSize(2);
  }

  @Test
  void aConversationResolvedWithoutAReplyShouldGetNoSurvey() throws Exception {
    long id = conversation("WIN A FREE CRUISE");
    assertThat(api.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
    CsatStore store = new CsatStore(daemon.services().jdbi(), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(15)).until(() -> store.find(id).map(CsatStore.Survey::status).orElse("").equals("skipped"));
    assertThat(store.find(id).orElseThrow().skipReason()).contains("without a reply");
    assertThat(toCustomer()).isEmpty();
  }

  @Test
  void tamperedAndExpiredLinksShouldBeRefused() throws Exception {
    long id = conversation("Broken zip");
    replyAndResolve(id);
    await().atMost(Duration.ofSeconds(20)).until(() -> surveys().size() == 1);
    Matcher m = LINK.matcher(surveys().get(0).getContent().toString());
    assertThat(m.find()).isTrue();
    String five = m.group(2);
    // same signature, rating changed from 5 to 1
    String tampered = five.replace("/csat/" + id + ".5.", "/csat/" + id + ".1.");
    assertThat(tampered).isNotEqualTo(five);

    Http.Answer refused = Http.get(tampered, false);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("not valid");
    assertThat(Http.postComment(tampered, "hi").status()).isEqualTo(403);
    // signed with the instance's own key, but its time is up
    RatingLinks sameKey = new RatingLinks(SigningKey.resolve("", daemon.services().jdbi(), Clock.systemUTC()), Clock.systemUTC());
    String base = five.substring(0, five.indexOf("/csat/") + "/csat/".length());
    String expired = base + sameKey.token(id, 3, java.time.Instant.now().minusSeconds(60));
    Http.Answer gone = Http.get(expired, false);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.body()).contains("expired");
    assertThat(Http.get(expired, true).body()).contains("\"error\":\"this link has expired\"");
    assertThat(survey(id).rating()).isNull();
    // the same key with a time still to come works: the refusal above was the expiry alone
    assertThat(Http.get(base + sameKey.token(id, 3, java.time.Instant.now().plusSeconds(600)), true).status()).isEqualTo(200);
    assertThat(survey(id).rating()).isEqualTo(3);
    assertThat(Http.get(five, true).status()).isEqualTo(409);
    assertThat(survey(id).rating()).isEqualTo(3);
  }

  private com.fasterxml.jackson.databind.JsonNode lastMessage(long id) {
    var messages = api.ok("/api/conversations/" + id).get("messages");
    return messages.get(messages.size() - 1);
  }

  private CsatStore.Survey survey(long id) {
    return new CsatStore(daemon.services().jdbi(), Clock.systemUTC()).find(id).orElseThrow();
  }
}
