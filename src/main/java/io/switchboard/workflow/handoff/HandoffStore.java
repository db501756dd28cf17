package io.switchboard.workflow.handoff;

import io.switchboard.store.AuditLog;
import io.switchboard.store.Sql;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Hand-offs in the database: who forwarded which conversation to which department, the token that
 * threads the department's answer back, and when it was answered.
 */
public final class HandoffStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public HandoffStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** One hand-off; {@code answeredAt} is null while the department has not answered. */
  public record Handoff(
      long id,
      long conversationId,
      String department,
      String address,
      String token,
      String mailMessageId,
      String note,
      String requestedBy,
      Instant requestedAt,
      Instant answeredAt) {}

  /** Records a hand-off about to be sent, with an audit row. */
  public long create(long conversationId, Department d, String token, String mailMessageId, String note, String actor) {
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO handoff (conversation_id, department, address, token, mail_message_id, note,"
                          + " requested_by, requested_at) VALUES (:c, :d, :a, :t, :m, :n, :by, :now)")
                  .bind("c", conversationId)
                  .bind("d", d.name())
                  .bind("a", d.address())
                  .bind("t", token)
                  .bind("m", mailMessageId)
                  .bind("n", note == null ? null : note.length() > 2000 ? note.substring(0, 2000) : note)
                  .bind("by", actor)
                  .bind("now", Timestamp.from(clock.instant()))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          AuditLog.record(h, clock, actor, "conversation.handoff", "conversation", conversationId,
              d.name() + " <" + d.address() + ">" + (note == null ? "" : ": " + note));
          return id;
        });
  }

  /** Forgets a hand-off whose email could not be sent. */
  public void discard(long id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM handoff WHERE id = :id").bind("id", id).execute());
  }

  public Optional<Handoff> byToken(String token) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " WHERE token = :t").bind("t", token).map(HandoffStore::row).findOne());
  }

  public List<Handoff> forConversation(long conversationId) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " WHERE conversation_id = :c ORDER BY id").bind("c", conversationId).map(HandoffStore::row).list());
  }

  /**
   * Stores the department's answer as an internal note in one transaction with its dedupe key, so
   * a mail fetched twice becomes one note.
   *
   * @return the note's message id, or empty when this mail was stored before
   */
  public Optional<Long> answer(Handoff handoff, String channel, String externalId, String text, Instant sentAt) {
    Instant now = clock.instant();
    try {
      return Optional.of(
          jdbi.inTransaction(
              h -> {
                h.createUpdate("INSERT INTO processed_id (channel, external_id, created_at) VALUES (:c, :e, :now)")
                    .bind("c", channel)
                    .bind("e", externalId)
                    .bind("now", Timestamp.from(now))
                    .execute();
                long noteId =
                    h.createUpdate(
                            "INSERT INTO message (conversation_id, direction, channel_message_id, author, text,"
                                + " display_text, sent_at, created_at) VALUES (:c, 'note', :ext, :a, :t, :t, :sent, :now)")
                        .bind("c", handoff.conversationId())
                        .bind("ext", externalId)
                        .bind("a", handoff.department())
                        .bind("t", text)
                        .bind("sent", Timestamp.from(sentAt == null ? now : sentAt))
                        .bind("now", Timestamp.from(now))
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                h.createUpdate("UPDATE processed_id SET message_id = :m WHERE channel = :c AND external_id = :e")
                    .bind("m", noteId)
                    .bind("c", channel)
                    .bind("e", externalId)
                    .execute();
                h.createUpdate("UPDATE handoff SET answered_at = :now WHERE id = :id AND answered_at IS NULL")
                    .bind("now", Timestamp.from(now))
                    .bind("id", handoff.id())
                    .execute();
                h.createUpdate("UPDATE conversation SET updated_at = :now WHERE id = :c")
                    .bind("now", Timestamp.from(now))
                    .bind("c", handoff.conversationId())
                    .execute();
                return noteId;
              }));
    } catch (UnableToExecuteStatementException e) {
      if (Sql.isUniqueViolation(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether the conversation still waits on this department for another hand-off. */
  public boolean stillWaiting(long conversationId, String department) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM handoff WHERE conversation_id = :c AND department = :d AND answered_at IS NULL")
            .bind("c", conversationId)
            .bind("d", department)
            .mapTo(Integer.class)
            .one()
            > 0);
  }

  private static final String SELECT =
      "SELECT id, conversation_id, department, address, token, mail_message_id, note, requested_by, requested_at,"
          + " answered_at FROM handoff";

  private static Handoff row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
    Timestamp answered = rs.getTimestamp(10);
    return new Handoff(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
        answered == null ? null : answered.toInstant());
  }

}
