package io.switchboard.workflow.collision;

import io.switchboard.store.Sql;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Who has a conversation open ({@code viewing}) or is writing a reply on it ({@code composing}).
 * Pages send a heartbeat; a row counts until it expires, so a closed tab or a dead instance fades
 * by itself. Kept in the database, so agents on different instances see each other.
 */
public final class PresenceStore {
  public static final List<String> STATES = List.of("viewing", "composing");

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration ttl;

  public PresenceStore(Jdbi jdbi, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** One person on a conversation, until {@code until}. */
  public record Presence(String username, String displayName, String state, Instant until) {}

  /** Records that {@code username} is on the conversation in {@code state} for the next ttl. */
  public void heartbeat(long conversationId, String username, String state) {
    Instant now = clock.instant();
    Timestamp until = Timestamp.from(now.plus(ttl));
    jdbi.useHandle(
        h -> {
          h.createUpdate("DELETE FROM conversation_presence WHERE expires_at < :now")
              .bind("now", Timestamp.from(now.minus(ttl)))
              .execute();
          if (update(h, conversationId, username, state, until) == 0) {
            try {
              h.createUpdate(
                      "INSERT INTO conversation_presence (conversation_id, username, presence_state, expires_at)"
                          + " VALUES (:c, :u, :s, :until)")
                  .bind("c", conversationId)
                  .bind("u", username)
                  .bind("s", state)
                  .bind("until", until)
                  .execute();
            } catch (UnableToExecuteStatementException e) {
              // the same person's other tab inserted first: a heartbeat, so update instead
              if (!Sql.isUniqueViolation(e)) {
                throw e;
              }
              update(h, conversationId, username, state, until);
            }
          }
        });
  }

  private static int update(Handle h, long conversationId, String username, String state, Timestamp until) {
    return h.createUpdate(
            "UPDATE conversation_presence SET presence_state = :s, expires_at = :until"
                + " WHERE conversation_id = :c AND username = :u")
        .bind("s", state)
        .bind("until", until)
        .bind("c", conversationId)
        .bind("u", username)
        .execute();
  }

  /** The person left the conversation (closed it or sent their reply). */
  public void leave(long conversationId, String username) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM conversation_presence WHERE conversation_id = :c AND username = :u")
            .bind("c", conversationId)
            .bind("u", username)
            .execute());
  }

  /** Everyone on the conversation now except {@code me}, composers first. */
  public List<Presence> others(long conversationId, String me) {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT p.username, u.display_name, p.presence_state, p.expires_at FROM conversation_presence p"
                    + " LEFT JOIN app_user u ON u.username = p.username"
                    + " WHERE p.conversation_id = :c AND p.username <> :me AND p.expires_at > :now"
                    + " ORDER BY CASE WHEN p.presence_state = 'composing' THEN 0 ELSE 1 END, p.username")
            .bind("c", conversationId)
            .bind("me", me)
            .bind("now", Timestamp.from(clock.instant()))
            .map((rs, ctx) -> new Presence(
                rs.getString(1),
                rs.getString(2) == null ? rs.getString(1) : rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant()))
            .list());
  }
}
