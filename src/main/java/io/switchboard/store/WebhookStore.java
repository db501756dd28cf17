package io.switchboard.store;

import static io.switchboard.store.Sql.instant;
import static io.switchboard.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Outgoing webhooks and their delivery outbox (tables {@code webhook}, {@code webhook_delivery},
 * ADR 0039). Deliveries are written by the webhooks reaction of the workflow-events route, at most
 * once per (webhook, workflow event, event name), and claimed like workflow events (ADR 0030): an
 * expiring claim per row, in id order, never past an earlier row of the same webhook and
 * conversation that waits for a retry or is held by someone else, so each receiver sees a
 * conversation's events in order. Thread-safe.
 */
public final class WebhookStore {
  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";

  private final Jdbi jdbi;
  private final Clock clock;

  public WebhookStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A webhook as stored; {@code secret} never leaves the server but in the answer that created it. */
  public record Webhook(
      long id, String url, List<String> events, String secret, boolean allowPrivate, boolean enabled,
      String createdBy, Instant createdAt) {}

  public Webhook create(String url, List<String> events, String secret, boolean allowPrivate, String createdBy) {
    Instant now = clock.instant();
    long id =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO webhook (url, events, secret, allow_private, enabled, created_by, created_at)"
                            + " VALUES (:u, :e, :s, :p, TRUE, :by, :now)")
                    .bind("u", url)
                    .bind("e", String.join(",", events))
                    .bind("s", secret)
                    .bind("p", allowPrivate)
                    .bind("by", createdBy)
                    .bind("now", ts(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return find(id).orElseThrow();
  }

  private static final String WEBHOOK =
      "SELECT id, url, events, secret, allow_private, enabled, created_by, created_at FROM webhook";

  public Optional<Webhook> find(long id) {
    return jdbi.withHandle(h -> h.createQuery(WEBHOOK + " WHERE id = :id").bind("id", id).map((rs, c) -> webhook(rs)).findOne());
  }

  public List<Webhook> all() {
    return jdbi.withHandle(h -> h.createQuery(WEBHOOK + " ORDER BY id").map((rs, c) -> webhook(rs)).list());
  }

  /** Deletes the webhook and its deliveries; false when there is none. */
  public boolean delete(long id) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM webhook_delivery WHERE webhook_id = :id").bind("id", id).execute();
          return h.createUpdate("DELETE FROM webhook WHERE id = :id").bind("id", id).execute() == 1;
        });
  }

  /** Turns deliveries to the webhook on or off; false when there is none. */
  public boolean setEnabled(long id, boolean enabled) {
    return jdbi.withHandle(
        h -> h.createUpdate("UPDATE webhook SET enabled = :e WHERE id = :id").bind("e", enabled).bind("id", id).execute() == 1);
  }

  private static Webhook webhook(ResultSet rs) throws SQLException {
    return new Webhook(
        rs.getLong(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")), rs.getString(4), rs.getBoolean(5),
        rs.getBoolean(6), rs.getString(7), instant(rs.getTimestamp(8)));
  }

  /** One delivery to write: for the workflow event {@code eventId}, the event {@code event}. */
  public record NewDelivery(long webhookId, long eventId, String event, long conversationId, String deliveryId, String payload) {}

  /** A fresh delivery id (a UUID); the payload carries it, so it is chosen before the row is written. */
  public static String newDeliveryId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Writes the deliveries that are not written yet (a workflow event delivered again after a crash
   * finds its rows and adds none), in one transaction.
   *
   * @return how many were added
   */
  public int enqueue(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          int n = 0;
          for (NewDelivery d : deliveries) {
            n +=
                h.createUpdate(
                        "INSERT INTO webhook_delivery (delivery_id, webhook_id, event_id, event, conversation_id, payload,"
                            + " state, attempts, next_attempt_at, created_at)"
                            + " SELECT :d, :w, :ev, :e, :c, :p, 'pending', 0, :now, :now FROM webhook"
                            + " WHERE id = :w AND NOT EXISTS (SELECT 1 FROM webhook_delivery x"
                            + " WHERE x.webhook_id = :w AND x.event_id = :ev AND x.event = :e)")
                    .bind("d", d.deliveryId())
                    .bind("w", d.webhookId())
                    .bind("ev", d.eventId())
                    .bind("e", d.event())
                    .bind("c", d.conversationId())
                    .bind("p", d.payload())
                    .bind("now", ts(now))
                    .execute();
          }
          return n;
        });
  }

  /** A claimed delivery with its webhook's address and secret. */
  public record Claimed(
      long id, String deliveryId, long webhookId, String event, long conversationId, String payload, int attempts,
      String url, String secret, boolean allowPrivate) {}

  /**
   * Claims up to {@code limit} due deliveries for {@code instance} until {@code lease} from now, in
   * id order, keeping each webhook's conversation in order (see the class comment). Deliveries of a
   * disabled webhook wait.
   */
  public List<Claimed> claim(String instance, int limit, Duration lease) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          List<OutboxRows.Due> due =
              h.createQuery(
                      "SELECT d.id, d.webhook_id, d.conversation_id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                          + " WHERE d.state = 'pending' AND w.enabled = TRUE AND d.next_attempt_at <= :now"
                          + " AND (d.claimed_until IS NULL OR d.claimed_until < :now)"
                          + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.webhook_id = d.webhook_id"
                          + " AND p.conversation_id = d.conversation_id AND p.id < d.id AND p.state = 'pending'"
                          + " AND (p.next_attempt_at > :now OR p.claimed_until >= :now))"
                          + " ORDER BY d.id")
                  .bind("now", ts(now))
                  .setMaxRows(limit)
                  .map((rs, ctx) -> new OutboxRows.Due(rs.getLong(1), rs.getLong(2) + "/" + rs.getLong(3)))
                  .list();
          List<Long> claimed = OutboxRows.claim(h, "webhook_delivery", "", due, instance, now, now.plus(lease));
          List<Claimed> out = new ArrayList<>();
          for (long id : claimed) {
            h.createQuery(
                    "SELECT d.id, d.delivery_id, d.webhook_id, d.event, d.conversation_id, d.payload, d.attempts,"
                        + " w.url, w.secret, w.allow_private FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                        + " WHERE d.id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Claimed(
                            rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                            rs.getInt(7), rs.getString(8), rs.getString(9), rs.getBoolean(10)))
                .findOne()
                .ifPresent(out::add);
          }
          return out;
        });
  }

  /** The receiver answered 2xx: delivered, never sent again. False when the claim was lost. */
  public boolean delivered(long id, String instance, int status) {
    return finish(
        "UPDATE webhook_delivery SET state = 'delivered', delivered_at = :now, last_status = :st, last_error = NULL,"
            + " claimed_by = NULL, claimed_until = NULL WHERE id = :id AND state = 'pending' AND claimed_by = :me",
        id, instance, status, null, null);
  }

  /** Failed: tried again at {@code next}. */
  public boolean retryLater(long id, String instance, Integer status, String error, Instant next) {
    return finish(
        "UPDATE webhook_delivery SET next_attempt_at = :next, last_status = :st, last_error = :e, claimed_by = NULL,"
            + " claimed_until = NULL WHERE id = :id AND state = 'pending' AND claimed_by = :me",
        id, instance, status, error, next);
  }

  /** Failed too often: dead-lettered until an admin retries it. */
  public boolean dead(long id, String instance, Integer status, String error) {
    return finish(
        "UPDATE webhook_delivery SET state = 'dead', last_status = :st, last_error = :e, claimed_by = NULL,"
            + " claimed_until = NULL WHERE id = :id AND state = 'pending' AND claimed_by = :me",
        id, instance, status, error, null);
  }

  /** Lets go of a claimed delivery not tried (an earlier one of its conversation failed); its attempt is taken back. */
  public boolean release(long id, String instance) {
    return finish(OutboxRows.releaseSql("webhook_delivery"), id, instance, null, null, null);
  }

  private boolean finish(String sql, long id, String instance, Integer status, String error, Instant next) {
    return OutboxRows.finish(jdbi, clock, sql, id, instance, status, error, next);
  }

  /**
   * An admin's retry of a dead delivery: pending again, due now, its attempts counted from zero.
   *
   * @return the delivery as the retry left it, read in the retry's own transaction (the deliverer
   *     may take it up at once); empty when there is no dead delivery with that id
   */
  public Optional<Delivery> retry(long id) {
    return jdbi.inTransaction(
        h ->
            h.createUpdate(
                        "UPDATE webhook_delivery SET state = 'pending', attempts = 0, next_attempt_at = :now"
                            + " WHERE id = :id AND state = 'dead'")
                    .bind("now", ts(clock.instant()))
                    .bind("id", id)
                    .execute()
                == 1
                ? delivery(h, id)
                : Optional.<Delivery>empty());
  }

  /** One delivery as admins see it in the log (the payload, never the secret). */
  public record Delivery(
      long id, String deliveryId, long webhookId, String event, long eventId, long conversationId, String state,
      int attempts, Integer lastStatus, String lastError, Instant createdAt, Instant nextAttemptAt,
      Instant deliveredAt, String payload) {}

  private static final String DELIVERY =
      "SELECT id, delivery_id, webhook_id, event, event_id, conversation_id, state, attempts, last_status, last_error,"
          + " created_at, next_attempt_at, delivered_at, payload FROM webhook_delivery";

  public Optional<Delivery> delivery(long id) {
    return jdbi.withHandle(h -> delivery(h, id));
  }

  private static Optional<Delivery> delivery(Handle h, long id) {
    return h.createQuery(DELIVERY + " WHERE id = :id").bind("id", id).map((rs, c) -> delivery(rs)).findOne();
  }

  /** Deliveries, newest first, of one webhook and/or in one state when given. */
  public InboxQueries.Page<Delivery> deliveries(Long webhookId, String state, int limit, int offset) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("webhook_id", webhookId);
    filters.put("state", state);
    return OutboxRows.page(jdbi, "webhook_delivery", DELIVERY, filters, limit, offset, (rs, c) -> delivery(rs));
  }

  /** How many deliveries are in each state. */
  public Map<String, Long> counts() {
    return counts(jdbi);
  }

  /** How many deliveries of the database are in each state; delivered ones are kept a while. */
  static Map<String, Long> counts(Jdbi jdbi) {
    return OutboxRows.counts(jdbi, "webhook_delivery", List.of(PENDING, DELIVERED, DEAD), DELIVERED);
  }

  /** Deletes deliveries delivered before {@code before}; dead ones stay until retried or their webhook goes. */
  public int purgeDelivered(Instant before) {
    return OutboxRows.purge(jdbi, "webhook_delivery", DELIVERED, "delivered_at", before);
  }

  /** What a payload says of a message: its direction, author and text (null when there is none). */
  public record MessageFacts(String direction, String author, String text, Instant sentAt) {}

  public Optional<MessageFacts> message(long id) {
    return jdbi.withHandle(h -> message(h, id));
  }

  private static Optional<MessageFacts> message(Handle h, long id) {
    return h.createQuery("SELECT direction, author, text, sent_at FROM message WHERE id = :id")
        .bind("id", id)
        .map((rs, c) -> new MessageFacts(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4))))
        .findOne();
  }

  /** What a payload says of a conversation. */
  public record ConversationFacts(String channel, String account, String subject, String status, String assignee) {}

  public Optional<ConversationFacts> conversation(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT channel, account, subject, status, assignee FROM conversation WHERE id = :id")
                .bind("id", id)
                .map((rs, c) -> new ConversationFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .findOne());
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    int st = rs.getInt(9);
    Integer status = rs.wasNull() ? null : st;
    return new Delivery(
        rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getString(7),
        rs.getInt(8), status, rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
        instant(rs.getTimestamp(13)), rs.getString(14));
  }
}
