package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What changed in the inbox since a reader last looked: new messages (customer, reply, note),
 * activity on conversations, and delivery changes of replies. Read from the database, so it sees
 * what every instance wrote.
 *
 * <p>Identity ids are handed out when a row is inserted but become visible when its transaction
 * commits, so a smaller id can appear after a larger one was read. A {@link Cursor} therefore
 * remembers the ids it skipped and looks for them again for {@link #HOLE_PATIENCE} (rolled back
 * inserts leave holes for good). Delivery changes have no growing id: they are read by update
 * time with an overlap and remembered, so none is told twice. A cursor is not thread-safe; use one
 * per reader.
 */
public final class EventFeed {
  static final Duration HOLE_PATIENCE = Duration.ofSeconds(30);
  static final Duration OVERLAP = Duration.ofSeconds(5);
  private static final int BATCH = 500;
  private static final int MAX_HOLES = 1000;
  private static final Pattern CURSOR = Pattern.compile("m(\\d+)\\.a(\\d+)\\.o(\\d+)");

  private final Jdbi jdbi;
  private final Clock clock;

  public EventFeed(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** One change: {@code message}, {@code activity} or {@code delivery}, with its JSON fields. */
  public record Event(String type, Map<String, Object> data) {}

  private record Seen(String status, Instant at) {}

  /** Where a reader is; {@link #toString} is what it sends back to resume (SSE Last-Event-ID). */
  public static final class Cursor {
    private final Ids messages;
    private final Ids activity;
    private Instant deliverySince;
    private final Map<Long, Seen> deliverySeen = new HashMap<>();

    Cursor(long message, long activity, Instant deliverySince) {
      this.messages = new Ids(message);
      this.activity = new Ids(activity);
      this.deliverySince = deliverySince;
    }

    @Override
    public String toString() {
      return "m" + messages.last + ".a" + activity.last + ".o" + deliverySince.toEpochMilli();
    }
  }

  /** A cursor at the present: only what happens from now on. */
  public Cursor head() {
    return jdbi.withHandle(
        h ->
            new Cursor(
                Sql.maxId(h, "message"),
                Sql.maxId(h, "conversation_activity"),
                clock.instant()));
  }

  /** The cursor a reader sent back, or the {@link #head} when it is missing or malformed. */
  public Cursor resume(String lastEventId) {
    Matcher m = lastEventId == null ? null : CURSOR.matcher(lastEventId.strip());
    if (m == null || !m.matches()) {
      return head();
    }
    try {
      return new Cursor(
          Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Instant.ofEpochMilli(Long.parseLong(m.group(3))));
    } catch (NumberFormatException e) {
      return head();
    }
  }

  /** Changes past the cursor, oldest first; moves the cursor past them. */
  public List<Event> poll(Cursor cursor) {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> {
          List<Event> out = new ArrayList<>();
          for (Object[] r :
              cursor.messages.read(
                  h,
                  "SELECT id, conversation_id, direction, author FROM message",
                  rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)},
                  now)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("messageId", r[0]);
            d.put("conversationId", r[1]);
            d.put("direction", r[2]);
            d.put("author", r[3]);
            out.add(new Event("message", d));
          }
          for (Object[] r :
              cursor.activity.read(
                  h,
                  "SELECT id, conversation_id, kind, actor, detail FROM conversation_activity",
                  rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)},
                  now)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("activityId", r[0]);
            d.put("conversationId", r[1]);
            d.put("kind", r[2]);
            d.put("actor", r[3]);
            d.put("detail", r[4]);
            out.add(new Event("activity", d));
          }
          out.addAll(deliveries(h, cursor));
          return out;
        });
  }

  private static List<Event> deliveries(Handle h, Cursor cursor) {
    List<Event> out = new ArrayList<>();
    Instant since = cursor.deliverySince.minus(OVERLAP);
    Instant newest = cursor.deliverySince;
    List<Object[]> rows =
        h.createQuery(
                "SELECT o.message_id, m.conversation_id, o.status, o.last_error, o.updated_at"
                    + " FROM outbox o JOIN message m ON m.id = o.message_id"
                    + " WHERE o.updated_at > :since ORDER BY o.updated_at, o.id")
            .bind("since", ts(since))
            .setMaxRows(BATCH)
            .map(
                (rs, ctx) ->
                    new Object[] {
                      rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), Sql.instant(rs.getTimestamp(5))
                    })
            .list();
    for (Object[] r : rows) {
      long messageId = (Long) r[0];
      Instant at = (Instant) r[4];
      Seen seen = new Seen((String) r[2], at);
      if (at.isAfter(newest)) {
        newest = at;
      }
      if (seen.equals(cursor.deliverySeen.put(messageId, seen))) {
        continue;
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("messageId", messageId);
      d.put("conversationId", r[1]);
      d.put("delivery", r[2]);
      d.put("error", r[3]);
      out.add(new Event("delivery", d));
    }
    cursor.deliverySince = newest;
    // what fell out of the overlap cannot come back
    Instant forget = newest.minus(OVERLAP.multipliedBy(2));
    cursor.deliverySeen.values().removeIf(seen -> seen.at().isBefore(forget));
    return out;
  }

  @FunctionalInterface
  private interface RowMapper {
    Object[] map(java.sql.ResultSet rs) throws java.sql.SQLException;
  }

  /** A growing id with the holes below it that may still fill. */
  static final class Ids {
    long last;
    final TreeMap<Long, Instant> holes = new TreeMap<>();

    Ids(long last) {
      this.last = last;
    }

    /** Rows past {@code last} and rows that filled a hole; {@code select} ends before WHERE. */
    List<Object[]> read(Handle h, String select, RowMapper mapper, Instant now) {
      List<Object[]> rows = new ArrayList<>();
      holes.values().removeIf(giveUp -> giveUp.isBefore(now));
      if (!holes.isEmpty()) {
        rows.addAll(
            h.createQuery(select + " WHERE id IN (<ids>)")
                .bindList("ids", new ArrayList<>(holes.keySet()))
                .map((rs, ctx) -> mapper.map(rs))
                .list());
        rows.forEach(r -> holes.remove((Long) r[0]));
      }
      List<Object[]> fresh =
          h.createQuery(select + " WHERE id > :last ORDER BY id")
              .bind("last", last)
              .setMaxRows(BATCH)
              .map((rs, ctx) -> mapper.map(rs))
              .list();
      for (Object[] r : fresh) {
        long id = (Long) r[0];
        for (long missing = last + 1; missing < id && holes.size() < MAX_HOLES; missing++) {
          holes.put(missing, now.plus(HOLE_PATIENCE));
        }
        last = id;
      }
      rows.addAll(fresh);
      rows.sort(Comparator.comparingLong(r -> (Long) r[0]));
      return rows;
    }
  }
}
