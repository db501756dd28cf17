package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import io.switchboard.model.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox: replies are written here in the same transaction as their message, then sent by the
 * reply-outbound route. A row moves queued → sending → sent, or back to queued with a later
 * attempt time, or to failed. Claiming is a conditional update, so two instances never send the
 * same row.
 */
public final class OutboxStore {
  private final Jdbi jdbi;
  private final Clock clock;
  private volatile WorkflowEventStore events;

  public OutboxStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * A claimed outbox row with everything the channel needs to send it.
   *
   * @param voiceOverride why an agent sent it although the brand-voice check blocked it, or null
   */
  public record Item(
      long outboxId, String channel, int attempts, OutboundMessage message, String voiceOverride) {}

  /** A reply to queue: its text as checked, its voice score and any override reason. */
  public record Reply(String author, String text, Integer voiceScore, String voiceOverride) {}

  /** Ids of a queued reply. */
  public record Queued(long messageId, long outboxId) {}

  /**
   * Writes an outbound message and its outbox row in one transaction.
   *
   * @param externalId the channel id chosen before sending (email Message-ID), or null
   */
  public Queued queue(
      long conversationId, String channel, String account, Reply reply, String externalId) {
    Instant now = clock.instant();
    String author = reply.author();
    String text = reply.text();
    return jdbi.inTransaction(
        h -> {
          long messageId =
              h.createUpdate(
                      "INSERT INTO message (conversation_id, direction, channel_message_id, author,"
                          + " text, display_text, sent_at, created_at, delivery, voice_score,"
                          + " voice_override) VALUES (:c, 'out', :ext, :author, :text, :text, :now,"
                          + " :now, 'queued', :score, :override)")
                  .bind("c", conversationId)
                  .bind("ext", externalId)
                  .bind("author", author)
                  .bind("text", text)
                  .bind("now", ts(now))
                  .bind("score", reply.voiceScore())
                  .bind("override", Sql.truncate(reply.voiceOverride(), 500))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          if (reply.voiceOverride() != null) {
            AuditLog.record(
                h, clock, author, "voice.override", "message", messageId, reply.voiceOverride());
          }
          if (externalId != null) {
            MessageStore.claimExternalId(h, channel, externalId, now);
          }
          long outboxId = insertRow(h, messageId, channel, account, now);
          MessageStore.touchConversation(h, conversationId, now, now);
          return new Queued(messageId, outboxId);
        });
  }

  /**
   * Writes a survey invitation (CSAT, NPS) in the caller's transaction, the one that claims the
   * survey: a queued outbound message that skips the brand-voice gate for {@code voiceExemption},
   * its external id remembered (so the copy that comes back, Sent folder or echo, is known as
   * ours), its outbox row, and the conversation counting it (an outbound message: the customer no
   * longer waits, see {@link WaitingSince}); the conversation keeps its place in the lists.
   *
   * @return the message's id
   */
  public static long queueExempt(
      Handle h, long conversationId, String channel, String account, String author, String text, String externalId,
      String voiceExemption, Instant now) {
    long messageId =
        h.createUpdate(
                "INSERT INTO message (conversation_id, direction, channel_message_id, author, text,"
                    + " display_text, sent_at, created_at, delivery, voice_override)"
                    + " VALUES (:c, 'out', :ext, :author, :text, :text, :now, :now, 'queued', :exempt)")
            .bind("c", conversationId)
            .bind("ext", externalId)
            .bind("author", author)
            .bind("text", text)
            .bind("now", ts(now))
            .bind("exempt", voiceExemption)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    if (externalId != null) {
      h.createUpdate("INSERT INTO processed_id (channel, external_id, message_id, created_at) VALUES (:ch, :e, :m, :now)")
          .bind("ch", channel)
          .bind("e", externalId)
          .bind("m", messageId)
          .bind("now", ts(now))
          .execute();
    }
    insertRow(h, messageId, channel, account, now);
    h.createUpdate("UPDATE conversation SET message_count = message_count + 1, waiting_since = NULL,"
            + " updated_at = :now WHERE id = :c")
        .bind("now", ts(now))
        .bind("c", conversationId)
        .execute();
    return messageId;
  }

  private static long insertRow(Handle h, long messageId, String channel, String account, Instant now) {
    return h.createUpdate(
            "INSERT INTO outbox (message_id, channel, account, status, attempts,"
                + " next_attempt_at, created_at, updated_at)"
                + " VALUES (:m, :ch, :a, 'queued', 0, :now, :now, :now)")
        .bind("m", messageId)
        .bind("ch", channel)
        .bind("a", account)
        .bind("now", ts(now))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /**
   * Marks our outbound message {@code channelMessageId} in the conversation failed because a
   * delivery report came back for it.
   *
   * @return how many messages were marked (0 when the report names none of ours)
   */
  public static int markBounced(Jdbi jdbi, long conversationId, String channelMessageId, String error) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE message SET delivery = 'failed', delivery_error = :e WHERE conversation_id = :c"
                        + " AND direction = 'out' AND channel_message_id = :id")
                .bind("e", Sql.truncate(error, 2000))
                .bind("c", conversationId)
                .bind("id", channelMessageId)
                .execute());
  }

  /**
   * Claims due rows for {@code instance}: queued rows whose time has come, and rows left in
   * sending by an instance that died more than {@code lease} ago.
   */
  public List<Item> claimDue(String instance, int limit, Duration lease) {
    Instant now = clock.instant();
    Instant stale = now.minus(lease);
    return jdbi.withHandle(
        h -> {
          List<Long> due =
              h.createQuery(
                      "SELECT id FROM outbox WHERE (status = 'queued' AND next_attempt_at <= :now)"
                          + " OR (status = 'sending' AND claimed_at < :stale) ORDER BY id")
                  .bind("now", ts(now))
                  .bind("stale", ts(stale))
                  .setMaxRows(limit)
                  .mapTo(Long.class)
                  .list();
          List<Item> claimed = new ArrayList<>();
          for (long id : due) {
            int n =
                h.createUpdate(
                        "UPDATE outbox SET status = 'sending', claimed_by = :me, claimed_at = :now,"
                            + " attempts = attempts + 1, updated_at = :now WHERE id = :id AND"
                            + " ((status = 'queued' AND next_attempt_at <= :now)"
                            + " OR (status = 'sending' AND claimed_at < :stale))")
                    .bind("me", instance)
                    .bind("now", ts(now))
                    .bind("stale", ts(stale))
                    .bind("id", id)
                    .execute();
            if (n == 1) {
              setDelivery(h, id, "sending", null);
              load(h, id).ifPresent(claimed::add);
            }
          }
          return claimed;
        });
  }

  private static Optional<Item> load(Handle h, long outboxId) {
    return h.createQuery(
            "SELECT o.id, o.channel, o.attempts, m.id, m.conversation_id, o.account, c.is_public,"
                + " ch.handle, ct.display_name, c.subject, m.text, m.channel_message_id,"
                + " m.voice_override"
                + " FROM outbox o JOIN message m ON m.id = o.message_id"
                + " JOIN conversation c ON c.id = m.conversation_id"
                + " JOIN contact ct ON ct.id = c.contact_id"
                + " LEFT JOIN contact_handle ch ON ch.contact_id = c.contact_id AND ch.channel = c.channel"
                + " WHERE o.id = :id")
        .bind("id", outboxId)
        .map(
            (rs, ctx) -> {
              long messageId = rs.getLong(4);
              long conversationId = rs.getLong(5);
              // the customer message being answered: the latest inbound one before this reply
              Optional<String[]> last =
                  h.createQuery(
                          "SELECT channel_message_id, thread_refs FROM message WHERE conversation_id = :c"
                              + " AND direction = 'in' AND id < :m ORDER BY id DESC")
                      .bind("c", conversationId)
                      .bind("m", messageId)
                      .setMaxRows(1)
                      .map((r2, c2) -> new String[] {r2.getString(1), r2.getString(2)})
                      .findFirst();
              String inReplyTo = last.map(l -> l[0]).orElse(null);
              List<String> refs =
                  last.map(l -> l[1])
                      .filter(s -> !s.isBlank())
                      .map(s -> Arrays.asList(s.split(" ")))
                      .orElse(List.of());
              return new Item(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getInt(3),
                  new OutboundMessage(
                      messageId,
                      conversationId,
                      rs.getString(6),
                      rs.getBoolean(7),
                      rs.getString(8),
                      rs.getString(9),
                      rs.getString(10),
                      rs.getString(11),
                      rs.getString(12),
                      inReplyTo,
                      refs),
                  rs.getString(13));
            })
        .findOne();
  }

  /** Where {@link #markSent} writes its {@code MESSAGE_SENT} event, in the same transaction (webhooks). */
  public void setEvents(WorkflowEventStore events) {
    this.events = events;
  }

  public void markSent(Item item, String externalId) {
    WorkflowEventStore out = events;
    jdbi.useTransaction(
        h -> {
          if (out != null) {
            out.append(
                io.switchboard.model.WorkflowEvent.messageSent(
                    item.message().conversationId(), item.message().messageId(), item.channel(), null));
          }
          h.createUpdate(
                  "UPDATE outbox SET status = 'sent', last_error = NULL, updated_at = :now WHERE id = :id")
              .bind("id", item.outboxId())
              .bind("now", ts(clock.instant()))
              .execute();
          if (externalId != null && !externalId.equals(item.message().externalId())) {
            h.createUpdate("UPDATE message SET channel_message_id = :e WHERE id = :m")
                .bind("e", externalId)
                .bind("m", item.message().messageId())
                .execute();
            MessageStore.claimExternalId(h, item.channel(), externalId, clock.instant());
          }
          setDelivery(h, item.outboxId(), "sent", null);
        });
  }

  public void retryLater(Item item, Instant next, String error) {
    update(item, "queued", next, error);
  }

  public void markFailed(Item item, String error) {
    update(item, "failed", clock.instant(), error);
  }

  private void update(Item item, String status, Instant next, String error) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE outbox SET status = :s, next_attempt_at = :next, last_error = :e,"
                      + " updated_at = :now WHERE id = :id")
              .bind("s", status)
              .bind("next", ts(next))
              .bind("e", Sql.truncate(error, 2000))
              .bind("now", ts(clock.instant()))
              .bind("id", item.outboxId())
              .execute();
          setDelivery(h, item.outboxId(), status, error);
        });
  }

  private static void setDelivery(Handle h, long outboxId, String status, String error) {
    h.createUpdate(
            "UPDATE message SET delivery = :s, delivery_error = :e"
                + " WHERE id = (SELECT message_id FROM outbox WHERE id = :id)")
        .bind("s", status)
        .bind("e", Sql.truncate(error, 2000))
        .bind("id", outboxId)
        .execute();
  }
}
