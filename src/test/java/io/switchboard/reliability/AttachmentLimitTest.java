package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attachment size limit end to end: a mail over IMAP with one attachment above {@code
 * switchboard.mail.maxAttachmentMb} (1 MB here) and one below is stored with its text and the small
 * attachment; the big one is dropped, its name and size kept with a note, and nothing is
 * quarantined.
 */
class AttachmentLimitTest {
  @TempDir Path dir;

  @Test
  void oversizedAttachmentShouldBeDroppedWithANoteAndTheMessageKept() throws Exception {
    try (TestMail mail = new TestMail()) {
      mail.deliver(mailWith(attachment("receipt.txt", "text/plain", 2_000), attachment("video.mp4", "video/mp4", 1_500_000)));
      Daemon daemon =
          TestDaemon.start(
              new FaultConfig(dir, "switchboard.mail.maxAttachmentMb = 1").email("support", mail.imapPort(), mail.smtpPort(), Map.of()).path(),
              dir.resolve("data"));
      try {
        Api api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() == 1);
        long id = api.ok("/api/conversations").get("items").get(0).get("id").asLong();
        JsonNode message = api.ok("/api/conversations/" + id).get("messages").get(0);

        assertThat(message.get("text").asText()).contains("The video of the broken wheel is attached");
        JsonNode attachments = message.get("attachments");
        assertThat(attachments).hasSize(2);
        JsonNode small = find(attachments, "receipt.txt");
        JsonNode big = find(attachments, "video.mp4");
        assertThat(small.get("note").isNull()).isTrue();
        assertThat(big.get("note").asText()).contains("dropped").contains("size limit");
        assertThat(big.get("size").asLong()).isGreaterThan(1024L * 1024L);

        List<String> stored =
            daemon.services().jdbi().withHandle(
                h -> h.createQuery(
                        "SELECT filename, CASE WHEN content IS NULL THEN 'dropped' ELSE 'kept' END FROM attachment ORDER BY filename")
                    .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2).strip())
                    .list());
        assertThat(stored).as("the oversized bytes are not stored").containsExactly("receipt.txt kept", "video.mp4 dropped");
        long quarantined = daemon.services().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM quarantine").mapTo(Long.class).one());
        assertThat(quarantined).isZero();
      } finally {
        daemon.stop();
      }
    }
  }

  private static JsonNode find(JsonNode attachments, String filename) {
    for (JsonNode a : attachments) {
      if (a.get("filename").asText().equals(filename)) {
        return a;
      }
    }
    throw new AssertionError("no attachment " + filename + " in " + attachments);
  }

  private record Part(String filename, String contentType, byte[] bytes) {}

  private static Part attachment(String filename, String contentType, int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return new Part(filename, contentType, bytes);
  }

  private static String mailWith(Part... parts) {
    String boundary = "b-limit-0001";
    StringBuilder s = new StringBuilder();
    s.append("From: Customer <cara@example.com>\r\nTo: ").append(TestMail.SUPPORT).append("\r\n");
    s.append("Subject: Broken wheel, video attached\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n");
    s.append("Message-ID: <limit-1@example.com>\r\nMIME-Version: 1.0\r\n");
    s.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
    s.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
    s.append("Hello, the wheel of my Meridian broke. The video of the broken wheel is attached.\r\n");
    for (Part p : List.of(parts)) {
      s.append("--").append(boundary).append("\r\n");
      s.append("Content-Type: ").append(p.contentType()).append("; name=\"").append(p.filename()).append("\"\r\n");
      s.append("Content-Disposition: attachment; filename=\"").append(p.filename()).append("\"\r\n");
      s.append("Content-Transfer-Encoding: base64\r\n\r\n");
      s.append(Base64.getMimeEncoder().encodeToString(p.bytes())).append("\r\n");
    }
    s.append("--").append(boundary).append("--\r\n");
    return s.toString();
  }
}
