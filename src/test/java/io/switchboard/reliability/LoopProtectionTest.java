package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.conversation.Replies;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic messages (author {@code auto:...}) never answer machine-sent mail, and at most three go
 * to one conversation a day; agents' replies are never limited.
 */
class LoopProtectionTest {
  @TempDir Path dir;

  @Test
  void automaticMessagesShouldSkipMachineMailAndStopAtTheCap() throws Exception {
    try (TestMail mail = new TestMail()) {
      mail.deliver(TestMail.email("ann@example.com", "<h1@example.com>", "Broken zip", "the zip broke", null));
      mail.deliver(
          TestMail.email("ooo@example.com", "<o1@example.com>", "Out of office", "I am away until Monday.", null)
              .replace("Subject:", "Auto-Submitted: auto-replied\r\nSubject:"));
      mail.deliver(
          TestMail.email("news@lists.example.com", "<l1@example.com>", "Travel tips", "Ten tips for packing.", null)
              .replace("Subject:", "List-Id: Travel tips <tips.lists.example.com>\r\nSubject:"));
      Daemon daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
      try {
        Api api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() == 3);
        // the loop guard reacts to each stored message through the workflow-events route (ADR 0030)
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingEvents(api) == 0);
        Replies replies = daemon.services().replies();
        long human = conversation(api, "Broken zip");

        for (String subject : new String[] {"Out of office", "Travel tips"}) {
          long machine = conversation(api, subject);
          assertThatThrownBy(() -> replies.queue(machine, "auto:acknowledgement", "Support", "We got your message.", null))
              .isInstanceOf(Replies.Rejected.class)
              .hasMessageContaining("sent by a machine");
          assertThat(replies.queue(machine, "admin", "Administrator", "Thanks, noted.", null)).as("an agent may still answer").isPresent();
        }

        for (int i = 1; i <= 3; i++) {
          assertThat(replies.queue(human, "auto:follow-up", "Support", "Is everything sorted, follow-up " + i + "?", null)).isPresent();
        }
        assertThatThrownBy(() -> replies.queue(human, "auto:follow-up", "Support", "Is everything sorted, follow-up 4?", null))
            .isInstanceOf(Replies.Rejected.class)
            .hasMessageContaining("3 automatic messages")
            .hasMessageContaining("most allowed is 3");
        assertThat(replies.queue(human, "admin", "Administrator", "We are sending a new zip today.", null)).isPresent();
        assertThat(api.ok("/api/conversations/" + human).get("messages")).hasSize(5);

        // the customer writes again: still capped for the day, and human again, not machine
        mail.deliver(TestMail.email("ann@example.com", "<h2@example.com>", "Re: Broken zip", "thanks!", "<h1@example.com>"));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations/" + human).get("messages").size() == 6);
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingEvents(api) == 0);
        assertThatThrownBy(() -> replies.queue(human, "auto:follow-up", "Support", "Anything else?", null))
            .hasMessageContaining("most allowed is 3");
      } finally {
        daemon.stop();
      }
    }
  }

  private static long pendingEvents(Api api) {
    return api.ok("/api/admin/workflow-events?limit=1").get("counts").get("pending").asLong();
  }

  private static long conversation(Api api, String subject) {
    for (JsonNode c : api.ok("/api/conversations").get("items")) {
      if (c.get("subject").asText().equals(subject)) {
        return c.get("id").asLong();
      }
    }
    throw new AssertionError("no conversation " + subject);
  }
}
