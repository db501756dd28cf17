package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channel.Outbound;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.store.Database;
import io.switchboard.support.Api;
import io.switchboard.support.HsqldbTemplate;
import io.switchboard.support.JarProcess;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once sending: the jar is killed with SIGKILL after a channel took a reply and before the
 * outbox recorded it as sent, once for each channel and once for a DM on X, which the DM poller
 * reads back while the window is open. After each restart the reply's lease runs out,
 * the outbox looks on the channel (the Sent folder by Message-ID, our posts on X, our comments on
 * the Page), finds it and records it without posting again.
 *
 * <p>The window is held open by the test-only system property {@link Outbound#PAUSE_PROPERTY};
 * the test waits for the log line the pause writes, so each kill lands inside it.
 */
class SendWindowCrashIT {
  private static final List<String> PAUSE = List.of("-D" + Outbound.PAUSE_PROPERTY + "=120000");
  @TempDir Path dir;

  @Test
  void killedBetweenSendAndBookkeepingShouldPostEachReplyExactlyOnce() throws Exception {
    try (TestMail mail = new TestMail();
        XApiSimulator x = FaultConfig.xSimulator();
        GraphApiSimulator fb = FaultConfig.graphSimulator()) {
      mail.deliver(TestMail.email("eve@example.com", "<window-1@example.com>", "Broken zip", "The zip broke, what now?", null));
      String mention = x.mention(x.user("kimtravels", "Kim Lee"), "the zip on my Atlas 45 broke on day two. What now?");
      XApiSimulator.User ana = x.user("ana_goes", "Ana Souza");
      x.dmFromCustomer(ana, "Hi, can I change the delivery address on NW-51230?");
      String comment = fb.comment(fb.addPost("Meet the Meridian Carry-On 2."), "5550100", "Marco Rossi", "One wheel came off after a week!");
      Path config =
          new FaultConfig(dir, "switchboard.outbox.lease = 3s")
              .email("support", mail.imapPort(), mail.smtpPort(), Map.of())
              .x("brand", x, Map.of())
              .facebook("page", fb, Map.of())
              .path();
      Path log = dir.resolve("stderr.txt");
      String[] args = {"--config", config.toString(), "--data", dir.resolve("data").toString(), "--http-port", "0"};

      Map<String, Long> conversations;
      try (JarProcess p = JarProcess.start(PAUSE, log, TestDaemon.ADMIN_PASSWORD, args)) {
        Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
        await().atMost(Duration.ofMinutes(5)).until(() -> api.ok("/api/conversations").get("total").asInt() == 4);
        conversations = byChannel(api);
        reply(api, conversations.get("email"), "On it: a new zip is on its way to you.");
        reply(api, conversations.get("x"), "So sorry, Kim! DM us your order number and we will send a new one.");
        reply(api, conversations.get("facebook"), "Sorry, Marco! We are sending new wheels today.");
        // the DM poller reads our DM back while the window is open: it waits until the outbox
        // records the DM's id, and is then dropped as ours (ADR 0086)
        reply(api, conversations.get("x-dm"), "Yes: send us the new address here and we will update it.");
        awaitPauses(log, 1);
        p.kill();
      }
      // the first reply was recorded after the restart (found on its channel); the next one is
      // sent and caught in the window in its turn
      for (int kills = 2; kills <= 4; kills++) {
        try (JarProcess p = JarProcess.start(PAUSE, log, TestDaemon.ADMIN_PASSWORD, args)) {
          p.awaitReady();
          awaitPauses(log, kills);
          p.kill();
        }
      }
      try (JarProcess p = JarProcess.start(PAUSE, log, TestDaemon.ADMIN_PASSWORD, args)) {
        Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
        for (long id : conversations.values()) {
          await().atMost(Duration.ofMinutes(5)).until(() -> lastDelivery(api, id).equals("sent"));
        }
        assertThat(api.ok("/api/conversations").get("total").asInt()).as("no echo of ours stored as a conversation").isEqualTo(4);
        assertThat(api.ok("/api/conversations/" + conversations.get("x-dm")).get("messages")).hasSize(2);
        assertThat(p.stop(60)).isTrue();
      }
      assertThat(pauses(log)).as("nothing was sent again after the fourth restart").isEqualTo(4);
      assertThat(Files.readString(log)).as("the process log").doesNotContain(FaultConfig.X_TOKEN, FaultConfig.FB_TOKEN, TestDaemon.ADMIN_PASSWORD);

      try (Database db = HsqldbTemplate.open(dir.resolve("data"))) {
        Map<String, String> sentIds = new LinkedHashMap<>();
        db.jdbi()
            .useHandle(
                h ->
                    h.createQuery(
                            "SELECT CASE WHEN c.thread_key LIKE 'dm:%' THEN 'x-dm' ELSE c.channel END,"
                                + " m.channel_message_id, o.status, o.attempts FROM outbox o"
                                + " JOIN message m ON m.id = o.message_id JOIN conversation c ON c.id = m.conversation_id")
                        .map((rs, ctx) -> {
                          assertThat(rs.getString(3)).isEqualTo("sent");
                          assertThat(rs.getInt(4)).as("claimed again after the crash").isGreaterThanOrEqualTo(2);
                          return sentIds.put(rs.getString(1), rs.getString(2));
                        })
                        .list());
        assertThat(sentIds).containsOnlyKeys("email", "x", "x-dm", "facebook");

        // email: delivered once to the customer, filed once in Sent
        String messageId = sentIds.get("email");
        assertThat(mail.server.findReceivedMessages(u -> u.getEmail().equals("eve@example.com"), m -> hasId(m, messageId)).count())
            .isEqualTo(1);
        assertThat(mail.server.getReceivedMessages()).filteredOn(m -> hasId(m, messageId)).as("delivered + Sent copy").hasSize(2);
        // X: one post of ours, answering the mention, with the id we recorded
        assertThat(x.brandPosts()).singleElement().satisfies(post -> {
          assertThat(post.inReplyToId()).isEqualTo(mention);
          assertThat(post.id()).isEqualTo(sentIds.get("x"));
        });
        // X: one DM of ours, to the customer, with the id we recorded
        assertThat(x.brandDms()).singleElement().satisfies(dm -> {
          assertThat(dm.recipientId()).isEqualTo(ana.id());
          assertThat(dm.id()).isEqualTo(sentIds.get("x-dm"));
        });
        // Facebook: one comment of ours under the customer's, with the id we recorded
        assertThat(fb.posted()).singleElement().satisfies(posted -> {
          assertThat(posted.parentId()).isEqualTo(comment);
          assertThat(posted.id()).isEqualTo(sentIds.get("facebook"));
        });
      }
    }
  }

  private static void reply(Api api, long conversation, String text) {
    Api.Response r = api.post("/api/conversations/" + conversation + "/replies", Api.json(Map.of("text", text)));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
  }

  private static Map<String, Long> byChannel(Api api) {
    Map<String, Long> ids = new LinkedHashMap<>();
    for (JsonNode c : api.ok("/api/conversations").get("items")) {
      String channel = c.get("channel").asText();
      ids.put(channel.equals("x") && !c.get("isPublic").asBoolean() ? "x-dm" : channel, c.get("id").asLong());
    }
    assertThat(ids).containsOnlyKeys("email", "x", "x-dm", "facebook");
    return ids;
  }

  private static String lastDelivery(Api api, long conversation) {
    JsonNode messages = api.ok("/api/conversations/" + conversation).get("messages");
    return messages.get(messages.size() - 1).path("delivery").path("status").asText();
  }

  /** Waits until the log shows {@code n} sends held in the window in all runs so far. */
  private static void awaitPauses(Path log, int n) {
    await().atMost(Duration.ofMinutes(5)).until(() -> pauses(log) >= n);
    assertThat(pauses(log)).isEqualTo(n);
  }

  private static long pauses(Path log) {
    try {
      return Files.readAllLines(log).stream().filter(l -> l.contains("before recording it (" + Outbound.PAUSE_PROPERTY)).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean hasId(MimeMessage m, String id) {
    try {
      return id.equals(m.getMessageID());
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
