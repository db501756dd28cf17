package io.switchboard.workflow.csat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code csat_survey} rows: one per resolved conversation. Every change is a conditional
 * update, so two instances (or a retry after a crash) never send an invitation twice or record a
 * second rating: the invitation's message and outbox row are written in the same transaction as
 * the row's move from {@code due} to {@code sent}.
 */
public final class CsatStore {
  /** Why a survey message skips the brand-voice gate: fixed text from configuration, not an agent's. */
  static final String VOICE_EXEMPTION = "system message: satisfaction survey from config/csat.properties";

  private final Jdbi jdbi;
  private final Clock clock;

  public CsatStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A conversation whose invitation is due. */
  public record Due(long conversationId, String channel, String account, boolean isPublic) {}

  /** A conversation's survey as stored. */
  public record Survey(
      long conversationId, String status, String channel, Long messageId, String skipReason, Integer rating,
      Instant ratedAt, String comment) {}

  /** What became of a rating or a comment. */
  public enum Outcome {
    RECORDED,
    ALREADY_RECORDED,
    NOT_RATED,
    NO_SURVEY
  }

  /**
   * Plans the invitation for {@code dueAt}, once per conversation. A conversation resolved again
   * before its invitation went out has its due time moved; one that was invited or skipped stays so.
   */
  public void schedule(long conversationId, Instant dueAt) {
    jdbi.useTransaction(
        h -> {
          int moved =
              h.createUpdate("UPDATE csat_survey SET due_at = :due WHERE conversation_id = :c AND status = 'due'")
                  .bind("due", ts(dueAt))
                  .bind("c", conversationId)
                  .execute();
          if (moved == 0) {
            insertDue(h, conversationId, dueAt);
          }
        });
  }

  private void insertDue(Handle h, long conversationId, Instant dueAt) {
    h.createUpdate(
            "INSERT INTO csat_survey (conversation_id, status, due_at, created_at)"
                + " SELECT :c, 'due', :due, :now FROM (VALUES(0)) AS x(n)"
                + " WHERE NOT EXISTS (SELECT 1 FROM csat_survey WHERE conversation_id = :c)")
        .bind("c", conversationId)
        .bind("due", ts(dueAt))
        .bind("now", ts(clock.instant()))
        .execute();
  }

  /**
   * Plans invitations for resolved conversations that have none although they were resolved since
   * {@code since}: what the event listener missed when the process stopped right after a change.
   *
   * @return how many were planned
   */
  public int planMissed(Instant since) {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO csat_survey (conversation_id, status, due_at, created_at)"
                        + " SELECT c.id, 'due', :now, :now FROM conversation c WHERE c.status = 'resolved'"
                        + " AND NOT EXISTS (SELECT 1 FROM csat_survey s WHERE s.conversation_id = c.id)"
                        + " AND EXISTS (SELECT 1 FROM conversation_activity a WHERE a.conversation_id = c.id"
                        + " AND a.kind = 'status' AND a.detail = 'resolved' AND a.created_at >= :since)")
                .bind("now", ts(now))
                .bind("since", ts(since))
                .execute());
  }

  /** Invitations whose time has come, for conversations that are still resolved. */
  public List<Due> due(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.id, c.channel, c.account, c.is_public FROM csat_survey s"
                        + " JOIN conversation c ON c.id = s.conversation_id"
                        + " WHERE s.status = 'due' AND s.due_at <= :now AND c.status IN ('resolved', 'closed')"
                        + " ORDER BY s.due_at, c.id")
                .bind("now", ts(clock.instant()))
                .setMaxRows(limit)
                .map((rs, ctx) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .list());
  }

  /**
   * Writes the invitation as an outbound message with its outbox row, in the transaction that
   * moves the survey from due to sent; the reply-outbound route sends it on the conversation's
   * channel. The message is exempt from the brand-voice gate (its text is configuration).
   *
   * @param externalId the id chosen before sending (email Message-ID), or null
   * @return the message id, or empty when another instance invited first
   */
  public Optional<Long> invite(Due due, String author, String text, String externalId) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          int claimed =
              h.createUpdate(
                      "UPDATE csat_survey SET status = 'sent', channel = :ch, invited_at = :now"
                          + " WHERE conversation_id = :c AND status = 'due'")
                  .bind("ch", due.channel())
                  .bind("now", ts(now))
                  .bind("c", due.conversationId())
                  .execute();
          if (claimed == 0) {
            return Optional.<Long>empty();
          }
          long messageId =
              h.createUpdate(
                      "INSERT INTO message (conversation_id, direction, channel_message_id, author, text,"
                          + " display_text, sent_at, created_at, delivery, voice_override)"
                          + " VALUES (:c, 'out', :ext, :author, :text, :text, :now, :now, 'queued', :exempt)")
                  .bind("c", due.conversationId())
                  .bind("ext", externalId)
                  .bind("author", author)
                  .bind("text", text)
                  .bind("now", ts(now))
                  .bind("exempt", VOICE_EXEMPTION)
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          if (externalId != null) {
            // so the copy that comes back (Sent folder, echo) is known as ours
            h.createUpdate("INSERT INTO processed_id (channel, external_id, message_id, created_at) VALUES (:ch, :e, :m, :now)")
                .bind("ch", due.channel())
                .bind("e", externalId)
                .bind("m", messageId)
                .bind("now", ts(now))
                .execute();
          }
          h.createUpdate(
                  "INSERT INTO outbox (message_id, channel, account, status, attempts, next_attempt_at,"
                      + " created_at, updated_at) VALUES (:m, :ch, :a, 'queued', 0, :now, :now, :now)")
              .bind("m", messageId)
              .bind("ch", due.channel())
              .bind("a", due.account())
              .bind("now", ts(now))
              .execute();
          h.createUpdate("UPDATE csat_survey SET message_id = :m WHERE conversation_id = :c")
              .bind("m", messageId)
              .bind("c", due.conversationId())
              .execute();
          h.createUpdate("UPDATE conversation SET message_count = message_count + 1, updated_at = :now WHERE id = :c")
              .bind("now", ts(now))
              .bind("c", due.conversationId())
              .execute();
          return Optional.of(messageId);
        });
  }

  /** Records that no invitation goes out, and why. */
  public boolean skip(long conversationId, String channel, String reason) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE csat_survey SET status = 'skipped', channel = :ch, skip_reason = :r"
                            + " WHERE conversation_id = :c AND status = 'due'")
                    .bind("ch", channel)
                    .bind("r", reason.length() > 500 ? reason.substring(0, 500) : reason)
                    .bind("c", conversationId)
                    .execute())
        == 1;
  }

  /** Records a 1-5 rating unless one was recorded before. */
  public Outcome rate(long conversationId, int rating) {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("rating must be 1-5");
    }
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE csat_survey SET rating = :r, rated_at = :now WHERE conversation_id = :c AND rating IS NULL")
                  .bind("r", rating)
                  .bind("now", ts(clock.instant()))
                  .bind("c", conversationId)
                  .execute();
          if (n == 1) {
            return Outcome.RECORDED;
          }
          return exists(h, conversationId) ? Outcome.ALREADY_RECORDED : Outcome.NO_SURVEY;
        });
  }

  /** Records the comment that goes with a rating, once. */
  public Outcome comment(long conversationId, String text) {
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE csat_survey SET rating_comment = :t, commented_at = :now"
                          + " WHERE conversation_id = :c AND rating IS NOT NULL AND rating_comment IS NULL")
                  .bind("t", text)
                  .bind("now", ts(clock.instant()))
                  .bind("c", conversationId)
                  .execute();
          if (n == 1) {
            return Outcome.RECORDED;
          }
          Optional<Survey> s = find(h, conversationId);
          if (s.isEmpty()) {
            return Outcome.NO_SURVEY;
          }
          return s.get().rating() == null ? Outcome.NOT_RATED : Outcome.ALREADY_RECORDED;
        });
  }

  public Optional<Survey> find(long conversationId) {
    return jdbi.withHandle(h -> find(h, conversationId));
  }

  private static Optional<Survey> find(Handle h, long conversationId) {
    return h.createQuery(
            "SELECT conversation_id, status, channel, message_id, skip_reason, rating, rated_at, rating_comment"
                + " FROM csat_survey WHERE conversation_id = :c")
        .bind("c", conversationId)
        .map(
            (rs, ctx) -> {
              long m = rs.getLong(4);
              Long messageId = rs.wasNull() ? null : m;
              int r = rs.getInt(6);
              Integer rating = rs.wasNull() ? null : r;
              Timestamp at = rs.getTimestamp(7);
              return new Survey(
                  rs.getLong(1), rs.getString(2), rs.getString(3), messageId, rs.getString(5), rating,
                  at == null ? null : at.toInstant(), rs.getString(8));
            })
        .findOne();
  }

  private static boolean exists(Handle h, long conversationId) {
    return h.createQuery("SELECT COUNT(*) FROM csat_survey WHERE conversation_id = :c")
            .bind("c", conversationId)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
