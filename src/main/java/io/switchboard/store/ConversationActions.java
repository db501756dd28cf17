package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import io.switchboard.model.WorkflowEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What agents do to a conversation besides replying: status, assignee, tags and internal notes.
 * Each change is written with an activity row in the same transaction, so the conversation view
 * shows who did what and the live feed tells every open page.
 */
public final class ConversationActions {
  private final Jdbi jdbi;
  private final Clock clock;
  private volatile WorkflowEventStore events;

  /**
   * Whether the conversation is a post found by listening (kind {@code mention}, ADR 0041): nobody
   * wrote to us, so it gets no team, no SLA clock and no survey (ADR 0045).
   */
  public static boolean isMention(Jdbi jdbi, long conversationId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM conversation WHERE id = :id AND kind = 'mention'")
            .bind("id", conversationId)
            .mapTo(Integer.class)
            .one()
            > 0);
  }

  public ConversationActions(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Where status changes, assignments and notes write their workflow events, in the transaction of
   * the change (none when not set).
   */
  public void setEvents(WorkflowEventStore events) {
    this.events = events;
  }

  public record Activity(long id, long conversationId, String actor, String kind, String detail, Instant at) {}

  /** The current status and assignee, or empty when there is no such conversation. */
  public record State(String status, String assignee) {}

  public Optional<State> state(long conversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status, assignee FROM conversation WHERE id = :id")
                .bind("id", conversationId)
                .map((rs, ctx) -> new State(rs.getString(1), rs.getString(2)))
                .findOne());
  }

  /** @return false when nothing changed (same status) */
  public boolean setStatus(long conversationId, String status, String actor) {
    String[] before = new String[1];
    boolean changed =
        change(
            conversationId,
            actor,
            "status",
            status,
            h -> {
              before[0] = current(h, "status", conversationId);
              return h.createUpdate(
                      "UPDATE conversation SET status = :s, updated_at = :now WHERE id = :id AND status <> :s")
                  .bind("s", status)
                  .bind("now", ts(clock.instant()))
                  .bind("id", conversationId)
                  .execute();
            },
            () -> WorkflowEvent.statusChanged(conversationId, before[0], status, actor));
    return changed;
  }

  /** @param assignee a user name, or null to unassign */
  public boolean assign(long conversationId, String assignee, String actor) {
    String[] before = new String[1];
    boolean changed =
        change(
            conversationId,
            actor,
            "assignee",
            assignee,
            h -> {
              before[0] = current(h, "assignee", conversationId);
              if (Objects.equals(before[0], assignee)) {
                return 0;
              }
              return h.createUpdate("UPDATE conversation SET assignee = :a, updated_at = :now WHERE id = :id")
                  .bind("a", assignee)
                  .bind("now", ts(clock.instant()))
                  .bind("id", conversationId)
                  .execute();
            },
            () -> WorkflowEvent.assigned(conversationId, before[0], assignee, actor));
    return changed;
  }

  private static String current(Handle h, String column, long conversationId) {
    // column is one of our own names, never input
    return h.createQuery("SELECT " + column + " FROM conversation WHERE id = :id")
        .bind("id", conversationId)
        .map((rs, ctx) -> rs.getString(1))
        .findOne()
        .orElse(null);
  }

  public boolean addTag(long conversationId, String tag, String actor) {
    return change(
        conversationId,
        actor,
        "tag-added",
        tag,
        h -> Sql.addTag(h, conversationId, tag),
        null);
  }

  public boolean removeTag(long conversationId, String tag, String actor) {
    return change(
        conversationId,
        actor,
        "tag-removed",
        tag,
        h ->
            h.createUpdate("DELETE FROM conversation_tag WHERE conversation_id = :c AND tag = :t")
                .bind("c", conversationId)
                .bind("t", tag)
                .execute(),
        null);
  }

  /**
   * Adds an internal note: a message with direction {@code note} and no outbox row, so no channel
   * ever sends it. It does not reopen the conversation or count as a message.
   *
   * @return the note's message id
   */
  public long addNote(long conversationId, String author, String text) {
    Instant now = clock.instant();
    long noteId =
        jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO message (conversation_id, direction, author, text, display_text,"
                          + " sent_at, created_at) VALUES (:c, 'note', :a, :t, :t, :now, :now)")
                  .bind("c", conversationId)
                  .bind("a", author)
                  .bind("t", text)
                  .bind("now", ts(now))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          h.createUpdate("UPDATE conversation SET updated_at = :now WHERE id = :c")
              .bind("now", ts(now))
              .bind("c", conversationId)
              .execute();
          WorkflowEventStore out = events;
          if (out != null) {
            out.append(WorkflowEvent.noteAdded(conversationId, id, author));
          }
          return id;
        });
    return noteId;
  }

  public List<Activity> activity(long conversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, conversation_id, actor, kind, detail, created_at FROM conversation_activity"
                        + " WHERE conversation_id = :c ORDER BY id")
                .bind("c", conversationId)
                .map(
                    (rs, ctx) ->
                        new Activity(
                            rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            Sql.instant(rs.getTimestamp(6))))
                .list());
  }

  private interface Update {
    int run(Handle h);
  }

  /** The change, its activity row and its workflow event ({@code event} may be null) in one transaction. */
  private boolean change(
      long conversationId, String actor, String kind, String detail, Update update,
      java.util.function.Supplier<WorkflowEvent> event) {
    return jdbi.inTransaction(
        h -> {
          if (update.run(h) == 0) {
            return false;
          }
          WorkflowEventStore out = events;
          if (out != null && event != null) {
            out.append(event.get());
          }
          h.createUpdate(
                  "INSERT INTO conversation_activity (conversation_id, actor, kind, detail, created_at)"
                      + " VALUES (:c, :a, :k, :d, :now)")
              .bind("c", conversationId)
              .bind("a", actor)
              .bind("k", kind)
              .bind("d", Sql.truncate(detail, 500))
              .bind("now", ts(clock.instant()))
              .execute();
          return true;
        });
  }
}
