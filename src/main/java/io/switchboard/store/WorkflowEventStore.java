package io.switchboard.store;

import static io.switchboard.store.Sql.instant;
import static io.switchboard.store.Sql.ts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.WorkflowEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The workflow events outbox (table {@code workflow_event}, ADR 0030). Writers {@link #append} an
 * event inside the transaction of the change it tells of, so both commit or neither does. The
 * {@code workflow-events} route {@link #claim claims} pending rows with an expiring claim (as the
 * reply outbox does, ADR 0024), so of several instances one handles each row; a claim whose holder
 * died expires and the row is claimed again: delivery is at least once. Rows of one conversation
 * are claimed in order, and never while an earlier one of the same conversation waits for a retry
 * or is held by another claimer. Thread-safe.
 */
public final class WorkflowEventStore {
  public static final String PENDING = "pending";
  public static final String DONE = "done";
  public static final String PARKED = "parked";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Jdbi jdbi;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private long appendedCount;

  public WorkflowEventStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Writes the event. Called inside the caller's transaction (every store over the same {@link
   * Jdbi} on this thread joins it), it commits or rolls back with the change; waiting claimers are
   * woken once it committed.
   *
   * @return the event's id
   */
  public long append(WorkflowEvent event) {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO workflow_event (kind, conversation_id, message_id, payload, created_at, state,"
                          + " attempts, next_attempt_at) VALUES (:k, :c, :m, :p, :now, 'pending', 0, :now)")
                  .bind("k", event.kind().name())
                  .bind("c", event.conversationId())
                  .bind("m", event.messageId())
                  .bind("p", json(event.facts()))
                  .bind("now", ts(now))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          if (h.isInTransaction()) {
            h.afterCommit(this::signal);
          } else {
            signal();
          }
          return id;
        });
  }

  /**
   * Runs {@code work} in one transaction: a change and the {@link #append} of its event made by
   * {@code work} on this thread commit together.
   */
  public <R> R inTransaction(Supplier<R> work) {
    return jdbi.inTransaction(h -> work.get());
  }

  /**
   * Runs {@code work} over one database handle without a transaction: every store over the same
   * {@link Jdbi} used by {@code work} on this thread uses that handle and reuses its prepared
   * statements; each call still commits (or opens its own transaction) as it would alone.
   */
  public <R> R onOneHandle(Supplier<R> work) {
    return jdbi.withHandle(h -> work.get());
  }

  private void signal() {
    lock.lock();
    try {
      appendedCount++;
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until an event is appended in this process after {@code seen} (see {@link
   * #appendedCount}), or {@code max} passed; lets a claimer react within milliseconds without
   * polling the table that often. Events appended by other instances are found by the next poll.
   */
  public void awaitAppended(long seen, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    lock.lock();
    try {
      while (appendedCount == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        appended.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many events this process appended so far; read before a claim, pass to {@link #awaitAppended}. */
  public long appendedCount() {
    lock.lock();
    try {
      return appendedCount;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims up to {@code limit} due events for {@code instance} until {@code lease} from now, in id
   * order: pending rows whose time has come and that nobody holds (or whose holder's claim
   * expired), and only when no earlier event of the same conversation is pending and waiting for a
   * retry or held by someone else. A conversation whose earlier row another claimer took first
   * between the read and the claim is left for later, so its events keep their order.
   */
  public List<WorkflowEvent> claim(String instance, int limit, Duration lease) {
    Instant now = clock.instant();
    Instant until = now.plus(lease);
    return jdbi.inTransaction(
        h -> {
          List<OutboxRows.Due> due = due(h, now, limit);
          List<Long> claimed =
              OutboxRows.claim(h, "workflow_event", " AND next_attempt_at <= :now", due, instance, now, until);
          if (claimed.isEmpty()) {
            return List.<WorkflowEvent>of();
          }
          // the claimed rows in one read, not one statement each; in id order as claimed
          List<WorkflowEvent> events = new ArrayList<>(claimed.size());
          h.createQuery(SELECT + " WHERE id IN (<ids>) ORDER BY id")
              .bindList("ids", claimed)
              .map((rs, ctx) -> entry(rs))
              .forEach(e -> events.add(e.event()));
          return events;
        });
  }

  /**
   * Up to {@code limit} claimable rows in id order. The pending rows are read in id order, a page at
   * a time, and sorted out in one pass: a row that waits for a retry or that someone holds blocks
   * its conversation's later rows; any other is due unless its conversation is blocked. This asks
   * what a correlated {@code NOT EXISTS} over each row's earlier events did, without walking every
   * conversation's history (handled events included) for every pending row (ADR 0074).
   */
  private static List<OutboxRows.Due> due(Handle h, Instant now, int limit) {
    int page = Math.max(limit * 2, 64);
    List<OutboxRows.Due> due = new ArrayList<>(limit);
    Set<Long> blocked = new HashSet<>();
    long after = 0;
    while (due.size() < limit) {
      List<long[]> rows =
          h.createQuery(
                  "SELECT id, conversation_id, CASE WHEN next_attempt_at > :now OR claimed_until >= :now THEN 1 ELSE 0 END"
                      + " FROM workflow_event WHERE state = 'pending' AND id > :after ORDER BY id")
              .bind("now", ts(now))
              .bind("after", after)
              .setMaxRows(page)
              .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getInt(3)})
              .list();
      for (long[] row : rows) {
        if (row[2] == 1) {
          blocked.add(row[1]);
        } else if (!blocked.contains(row[1]) && due.size() < limit) {
          due.add(new OutboxRows.Due(row[0], row[1]));
        }
      }
      if (rows.size() < page) {
        break;
      }
      after = rows.get(rows.size() - 1)[0];
    }
    return due;
  }

  /** The event is handled: done, and the claim let go. False when the claim was lost meanwhile. */
  public boolean done(long id, String instance) {
    return finish(
        "UPDATE workflow_event SET state = 'done', handled_at = :now, claimed_by = NULL, claimed_until = NULL,"
            + " last_error = NULL WHERE id = :id AND state = 'pending' AND claimed_by = :me",
        id, instance, null, null);
  }

  /** A reaction failed: try again at {@code next}. */
  public boolean retryLater(long id, String instance, Instant next, String error) {
    return finish(
        "UPDATE workflow_event SET next_attempt_at = :next, last_error = :e, claimed_by = NULL, claimed_until = NULL"
            + " WHERE id = :id AND state = 'pending' AND claimed_by = :me",
        id, instance, next, error);
  }

  /** A reaction kept failing: parked with its error until an admin retries it. */
  public boolean park(long id, String instance, String error) {
    return finish(
        "UPDATE workflow_event SET state = 'parked', handled_at = :now, last_error = :e, claimed_by = NULL,"
            + " claimed_until = NULL WHERE id = :id AND state = 'pending' AND claimed_by = :me",
        id, instance, null, error);
  }

  /**
   * Lets go of a claimed event that was not tried (an earlier event of its conversation failed in
   * the same batch); the attempt its claim counted is taken back.
   */
  public boolean release(long id, String instance) {
    return finish(OutboxRows.releaseSql("workflow_event"), id, instance, null, null);
  }

  private boolean finish(String sql, long id, String instance, Instant next, String error) {
    return OutboxRows.finish(jdbi, clock, sql, id, instance, null, error, next);
  }

  /**
   * An admin's retry of a parked event: pending again, due now, its attempts counted from zero.
   *
   * @return the event as the retry left it, read in the retry's own transaction (the route may
   *     take it up at once); empty when there is no parked event with that id
   */
  public Optional<Entry> retry(long id) {
    Optional<Entry> moved =
        jdbi.inTransaction(
            h ->
                h.createUpdate(
                            "UPDATE workflow_event SET state = 'pending', attempts = 0, next_attempt_at = :now,"
                                + " handled_at = NULL WHERE id = :id AND state = 'parked'")
                        .bind("now", ts(clock.instant()))
                        .bind("id", id)
                        .execute()
                    == 1
                    ? find(h, id)
                    : Optional.<Entry>empty());
    if (moved.isPresent()) {
      signal();
    }
    return moved;
  }

  /** One row as admins see it. */
  public record Entry(
      long id,
      String kind,
      long conversationId,
      Long messageId,
      String state,
      int attempts,
      Instant createdAt,
      Instant nextAttemptAt,
      Instant handledAt,
      String lastError,
      String claimedBy,
      Instant claimedUntil,
      Map<String, Object> payload) {

    WorkflowEvent event() {
      return new WorkflowEvent(
          id, WorkflowEvent.Kind.valueOf(kind), conversationId, messageId, createdAt, attempts,
          JSON.convertValue(payload, WorkflowEvent.Facts.class));
    }
  }

  public Optional<Entry> find(long id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  private static Optional<Entry> find(Handle h, long id) {
    return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> entry(rs)).findOne();
  }

  private static final String SELECT =
      "SELECT id, kind, conversation_id, message_id, state, attempts, created_at, next_attempt_at, handled_at,"
          + " last_error, claimed_by, claimed_until, payload FROM workflow_event";

  /** Events in {@code state} (all when null), newest first. */
  public InboxQueries.Page<Entry> list(String state, int limit, int offset) {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("state", state);
    return OutboxRows.page(jdbi, "workflow_event", SELECT, filters, limit, offset, (rs, ctx) -> entry(rs));
  }

  /** How many events are in each state. */
  public Map<String, Long> counts() {
    return counts(jdbi);
  }

  /** How many events of the database are in each state; handled ones are kept a while. */
  static Map<String, Long> counts(Jdbi jdbi) {
    return OutboxRows.counts(jdbi, "workflow_event", List.of(PENDING, DONE, PARKED), DONE);
  }

  /** Deletes handled events older than {@code before}; parked ones stay until retried. */
  public int purgeDone(Instant before) {
    return OutboxRows.purge(jdbi, "workflow_event", DONE, "handled_at", before);
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    long m = rs.getLong(4);
    Long messageId = rs.wasNull() ? null : m;
    return new Entry(
        rs.getLong(1), rs.getString(2), rs.getLong(3), messageId, rs.getString(5), rs.getInt(6),
        instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10),
        rs.getString(11), instant(rs.getTimestamp(12)), map(rs.getString(13)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable workflow event payload: " + e.getOriginalMessage(), e);
    }
  }

  private static String json(WorkflowEvent.Facts facts) {
    try {
      return JSON.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
