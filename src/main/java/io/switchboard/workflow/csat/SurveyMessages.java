package io.switchboard.workflow.csat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the survey stores (CSAT and NPS) share to send an invitation: the outbound message and its
 * outbox row, written in the caller's transaction (the one that claims the survey), and where a
 * survey about a public conversation goes instead.
 */
public final class SurveyMessages {
  /** The longest skip reason kept. */
  private static final int MAX_REASON = 500;

  private SurveyMessages() {}

  /**
   * Writes the invitation to {@code deliverIn} as a queued outbound message that skips the brand-voice
   * gate for {@code voiceExemption}, remembers its external id (so the copy that comes back, Sent
   * folder or echo, is known as ours), queues it in the outbox and counts it on the conversation
   * (an outbound message: the customer no longer waits, see store.WaitingSince).
   *
   * @return the message's id
   */
  public static long queue(
      Handle h, long deliverIn, String channel, String account, String author, String text, String externalId,
      String voiceExemption, Instant now) {
    long messageId =
        h.createUpdate(
                "INSERT INTO message (conversation_id, direction, channel_message_id, author, text,"
                    + " display_text, sent_at, created_at, delivery, voice_override)"
                    + " VALUES (:c, 'out', :ext, :author, :text, :text, :now, :now, 'queued', :exempt)")
            .bind("c", deliverIn)
            .bind("ext", externalId)
            .bind("author", author)
            .bind("text", text)
            .bind("now", Timestamp.from(now))
            .bind("exempt", voiceExemption)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    if (externalId != null) {
      h.createUpdate("INSERT INTO processed_id (channel, external_id, message_id, created_at) VALUES (:ch, :e, :m, :now)")
          .bind("ch", channel)
          .bind("e", externalId)
          .bind("m", messageId)
          .bind("now", Timestamp.from(now))
          .execute();
    }
    h.createUpdate(
            "INSERT INTO outbox (message_id, channel, account, status, attempts, next_attempt_at,"
                + " created_at, updated_at) VALUES (:m, :ch, :a, 'queued', 0, :now, :now, :now)")
        .bind("m", messageId)
        .bind("ch", channel)
        .bind("a", account)
        .bind("now", Timestamp.from(now))
        .execute();
    h.createUpdate("UPDATE conversation SET message_count = message_count + 1, waiting_since = NULL,"
            + " updated_at = :now WHERE id = :c")
        .bind("now", Timestamp.from(now))
        .bind("c", deliverIn)
        .execute();
    return messageId;
  }

  /**
   * The same customer's latest private conversation on the same channel account, if any: where a
   * channel lets us write privately about a public post (the customer opened it).
   */
  public static Optional<Long> privateConversationOf(Jdbi jdbi, long publicConversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT p.id FROM conversation c JOIN conversation p ON p.contact_id = c.contact_id"
                        + " AND p.channel = c.channel AND p.account = c.account AND p.is_public = FALSE"
                        + " WHERE c.id = :c ORDER BY p.last_message_at DESC, p.id DESC")
                .bind("c", publicConversationId)
                .setMaxRows(1)
                .mapTo(Long.class)
                .findFirst());
  }

  /** A skip reason as stored: at most {@value #MAX_REASON} characters. */
  public static String reason(String reason) {
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
  }

}
