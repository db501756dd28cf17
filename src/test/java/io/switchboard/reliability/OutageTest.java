package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outages: the IMAP server going away in the middle of IDLE, the X and Graph APIs answering 5xx
 * for a while. The daemon keeps running and answering, health shows the channel DOWN with the
 * error, and when the server is back it reconnects by itself, reads what came meanwhile, and a
 * reply queued during the outage goes out exactly once.
 */
class OutageTest {
  @TempDir Path dir;
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop();
    }
  }

  private Api api() {
    return new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  /** The health entry of one account. */
  private JsonNode health(String account) {
    for (JsonNode c : new Api(daemon.port(), null, null).ok("/api/health").get("channels")) {
      if (c.get("account").asText().equals(account)) {
        return c;
      }
    }
    throw new AssertionError("no health entry for " + account);
  }

  private static long uidValidity(GreenMail server) throws Exception {
    var user = server.getUserManager().getUser(TestMail.SUPPORT);
    return server.getManagers().getImapHostManager().getInbox(user).getUidValidity();
  }

  private int conversations() {
    return api().ok("/api/conversations").get("total").asInt();
  }

  private String lastDelivery(long conversation) {
    JsonNode messages = api().ok("/api/conversations/" + conversation).get("messages");
    return messages.get(messages.size() - 1).path("delivery").path("status").asText();
  }

  private long reply(long conversation, String text) {
    Api.Response r = api().post("/api/conversations/" + conversation + "/replies", Api.json(Map.of("text", text)));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json().get("id").asLong();
  }

  @Test
  void imapServerGoneMidIdleShouldShowDownThenReconnectAndReadNewMail() throws Exception {
    TestMail mail = new TestMail();
    int imapPort = mail.imapPort();
    int smtpPort = mail.smtpPort();
    GreenMail again = null;
    try {
      mail.deliver(TestMail.email("ann@example.com", "<before@example.com>", "Before", "before the outage", null));
      daemon = TestDaemon.start(new FaultConfig(dir, "").email("support", imapPort, smtpPort, Map.of("imap.idle.max", "30s")).path(), dir.resolve("data"));
      await().atMost(Duration.ofSeconds(20)).until(() -> conversations() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> health("support").get("status").asText().equals("UP"));

      long before = uidValidity(mail.server);
      mail.close(); // the poller is waiting in IDLE now: the connection drops under it
      await().atMost(Duration.ofSeconds(20)).until(() -> health("support").get("status").asText().equals("DOWN"));
      JsonNode down = health("support");
      assertThat(down.get("lastError").asText()).isNotBlank();
      assertThat(down.get("lastErrorAt").isNull()).isFalse();
      assertThat(conversations()).as("the API answers during the outage").isEqualTo(1);

      // the server comes back with an empty, renumbered INBOX. A real server then changes
      // UIDVALIDITY (RFC 3501 2.3.1.1); GreenMail takes it from the clock in whole seconds, so a
      // restart within the same second would reuse it and its UID 1 would read as already seen
      await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() / 1000 > before);
      again =
          new GreenMail(
              new ServerSetup[] {
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
              });
      again.start();
      again.setUser(TestMail.SUPPORT, TestMail.SUPPORT, TestMail.PASSWORD)
          .deliver(
              new MimeMessage(
                  Session.getInstance(new Properties()),
                  new ByteArrayInputStream(
                      TestMail.email("bob@example.com", "<after@example.com>", "After", "after the outage", null)
                          .getBytes(StandardCharsets.UTF_8))));
      assertThat(uidValidity(again)).isGreaterThan(before);

      // the fault accounts' backoff doubles from 1 s to at most 2 s: the poller tries again within
      // 2 s of the server coming back, however long the outage lasted on a busy machine
      await().atMost(Duration.ofSeconds(40)).until(() -> conversations() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> health("support").get("status").asText().equals("UP"));
      assertThat(api().ok("/api/conversations").get("items").findValuesAsText("subject")).containsExactlyInAnyOrder("Before", "After");
    } finally {
      if (again != null) {
        again.stop();
      }
      mail.close();
    }
  }

  @Test
  void xAnswering5xxShouldShowDownThenRecoverAndSendTheQueuedReplyOnce() throws Exception {
    try (XApiSimulator x = FaultConfig.xSimulator()) {
      XApiSimulator.User kim = x.user("kimtravels", "Kim Lee");
      String mention = x.mention(kim, "the zip on my Atlas 45 broke on day two. What now?");
      daemon = TestDaemon.start(new FaultConfig(dir, "").x("brand", x, Map.of()).path(), dir.resolve("data"));
      await().atMost(Duration.ofSeconds(20)).until(() -> conversations() == 1);
      long id = api().ok("/api/conversations").get("items").get(0).get("id").asLong();

      x.failNext(null, 1_000_000, XApiSimulator.Fault.status(503)); // every endpoint, until cleared
      await().atMost(Duration.ofSeconds(20)).until(() -> health("brand").get("status").asText().equals("DOWN"));
      assertThat(health("brand").get("lastError").asText()).contains("503");
      reply(id, "So sorry, Kim! DM us your order number and we will send a new one.");
      int before = x.requests(XApiSimulator.CREATE_POST).size();
      await().atMost(Duration.ofSeconds(20)).until(() -> x.requests(XApiSimulator.CREATE_POST).size() >= before + 2);
      assertThat(lastDelivery(id)).as("waiting to be retried").isIn("queued", "sending");
      x.mention(x.user("benabroad", "Ben Ortiz"), "written during the outage: is the Transit 30 cabin size?");
      assertThat(x.brandPosts()).isEmpty();

      x.clearFaults();
      await().atMost(Duration.ofSeconds(30)).until(() -> lastDelivery(id).equals("sent"));
      await().atMost(Duration.ofSeconds(20)).until(() -> conversations() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> health("brand").get("status").asText().equals("UP"));
      assertThat(x.brandPosts()).singleElement().satisfies(p -> assertThat(p.inReplyToId()).isEqualTo(mention));
    }
  }

  @Test
  void graphAnswering5xxShouldShowDownThenRecoverAndSendTheQueuedReplyOnce() throws Exception {
    try (GraphApiSimulator fb = FaultConfig.graphSimulator()) {
      String post = fb.addPost("Meet the Meridian Carry-On 2.");
      String comment = fb.comment(post, "5550100", "Marco Rossi", "One wheel came off after a week!");
      daemon = TestDaemon.start(new FaultConfig(dir, "").facebook("page", fb, Map.of()).path(), dir.resolve("data"));
      await().atMost(Duration.ofSeconds(20)).until(() -> conversations() == 1);
      long id = api().ok("/api/conversations").get("items").get(0).get("id").asLong();

      fb.failNext(1_000_000, 2); // "unexpected error, retry later": HTTP 500 on every call, until cleared
      await().atMost(Duration.ofSeconds(20)).until(() -> health("page").get("status").asText().equals("DOWN"));
      assertThat(health("page").get("lastError").asText()).containsIgnoringCase("unexpected error");
      reply(id, "Sorry, Marco! We are sending new wheels today.");
      int before = fb.requests();
      await().atMost(Duration.ofSeconds(20)).until(() -> fb.requests() >= before + 10);
      assertThat(lastDelivery(id)).as("waiting to be retried").isIn("queued", "sending");
      fb.comment(post, "5550101", "Chloé Martin", "written during the outage: is it cabin size?");
      assertThat(fb.posted()).isEmpty();

      fb.clearFaults();
      await().atMost(Duration.ofSeconds(30)).until(() -> lastDelivery(id).equals("sent"));
      await().atMost(Duration.ofSeconds(20)).until(() -> conversations() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> health("page").get("status").asText().equals("UP"));
      assertThat(fb.posted()).singleElement().satisfies(p -> assertThat(p.parentId()).isEqualTo(comment));
    }
  }
}
