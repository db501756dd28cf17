package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.Polls;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, unreadable mail and an SMTP server that is down: nothing lost, nothing doubled. */
class EmailFaultsTest {
  @TempDir Path dir;
  private TestMail mail;
  private Daemon daemon;

  @BeforeEach
  void mailServer() {
    mail = new TestMail();
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    mail.close();
  }

  private Daemon start(int smtpPort) throws Exception {
    daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), smtpPort), dir.resolve("data"));
    return daemon;
  }

  private Api api() {
    return new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  private Jdbi db() {
    return TestAccess.jdbi(daemon);
  }

  private long count(String sql) {
    return db().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void restartShouldReadNothingTwice() throws Exception {
    mail.deliver(TestMail.email("a@example.com", "<r1@example.com>", "One", "first", null));
    mail.deliver(TestMail.email("b@example.com", "<r2@example.com>", "Two", "second", null));
    start(mail.smtpPort());
    await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM message") == 2);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> db().withHandle(h -> h.createQuery("SELECT cursor_value FROM channel_cursor").mapTo(String.class).findOne())
            .map(v -> v.endsWith(":2")).orElse(false));
    daemon.stop();

    mail.deliver(TestMail.email("c@example.com", "<r3@example.com>", "Three", "third", null));
    start(mail.smtpPort());

    await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM message") == 3);
    // two whole polls more: nothing may be read again
    Polls.awaitMore(daemon.port(), "email-test", 3);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(3);
    assertThat(count("SELECT COUNT(DISTINCT channel_message_id) FROM message")).isEqualTo(3);
    assertThat(api().ok("/api/conversations").get("total").asInt()).isEqualTo(3);
  }

  @Test
  void unparseableMessageShouldBeQuarantinedAndTheNextOneStillArrive() throws Exception {
    mail.deliver("Subject: no sender at all\r\nMessage-ID: <bad@example.com>\r\n\r\nwho sent this?\r\n");
    mail.deliver(TestMail.email("good@example.com", "<good@example.com>", "Fine", "this one is fine", null));
    start(mail.smtpPort());

    await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM message") == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM quarantine") == 1);
    List<Map<String, Object>> rows =
        db().withHandle(h -> h.createQuery("SELECT reason, source_ref, raw FROM quarantine").mapToMap().list());
    assertThat(rows.get(0).get("reason").toString()).containsIgnoringCase("from");
    assertThat(rows.get(0).get("raw")).isNotNull();
    assertThat(api().ok("/api/conversations").get("items").get(0).get("subject").asText()).isEqualTo("Fine");

    // admins see it in the API, can fetch the raw bytes, and can run it through ingest again
    var listed = api().ok("/api/quarantine");
    assertThat(listed.get("total").asInt()).isEqualTo(1);
    long qid = listed.get("items").get(0).get("id").asLong();
    assertThat(listed.get("items").get(0).get("reason").asText()).containsIgnoringCase("from");
    Api.Response raw = api().get("/api/quarantine/" + qid + "/raw");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.body()).contains("who sent this?");
    var again = api().post("/api/quarantine/" + qid + "/reprocess", "");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("outcome").asText()).isEqualTo("quarantined_before");
    assertThat(again.json().get("reason").asText()).contains("already quarantined");
    assertThat(api().ok("/api/quarantine").get("total").asInt()).isEqualTo(1);
    daemon.services().users().create("ann", "Ann", "agent-pw", "agent");
    assertThat(new Api(daemon.port(), "ann", "agent-pw").get("/api/quarantine").status()).isEqualTo(403);

    // after a restart the bad message is neither stored nor quarantined again
    daemon.stop();
    start(mail.smtpPort());
    // the restarted poller has looked at the mailbox, the bad message included, twice over
    Polls.awaitMore(daemon.port(), "email-test", 3);
    assertThat(count("SELECT COUNT(*) FROM quarantine")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(1);
  }

  @Test
  void replyWhoseSmtpServerIsDownShouldBeSentExactlyOnceAfterItComesBack() throws Exception {
    int smtpPort;
    try (ServerSocket s = new ServerSocket(0)) {
      smtpPort = s.getLocalPort();
    }
    mail.deliver(TestMail.email("eve@example.com", "<e1@example.com>", "Help", "please", null));
    start(smtpPort);
    Api api = api();
    await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() == 1);
    long id = api.ok("/api/conversations").get("items").get(0).get("id").asLong();

    assertThat(api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "On it."))).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> count("SELECT COUNT(*) FROM outbox WHERE attempts >= 2 AND status = 'queued'") == 1);
    var delivery = api.ok("/api/conversations/" + id).get("messages").get(1).get("delivery");
    assertThat(delivery.get("error").asText()).contains("SMTP unreachable");

    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 1);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> api.ok("/api/conversations/" + id).get("messages").get(1).get("delivery").get("status").asText().equals("sent"));
      // a later reply through the same outbox arrives: the outbox has had its turn after the first
      // was sent, and did not send the first again
      api.post("/api/conversations/" + id + "/replies", Api.json(Map.of("text", "Done, it left today.")));
      await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 2);
      assertThat(smtp.getReceivedMessages()).hasSize(2);
      assertThat(Arrays.stream(smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getBody(m).contains("On it."))).hasSize(1);
      assertThat(smtp.getReceivedMessages()[0].getHeader("In-Reply-To", null)).isEqualTo("<e1@example.com>");
    } finally {
      smtp.stop();
    }
  }
}
