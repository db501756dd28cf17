package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * What the durable outboxes (workflow events, ADR 0030; webhook deliveries, ADR 0039) share: the
 * expiring per-row claim that keeps an ordering key's rows in order, the claim-guarded updates that
 * finish, retry, park or release a row, and the per-state counts. Each outbox keeps its own SQL for
 * what differs (which rows are due, which columns a finished row sets).
 */
final class OutboxRows {
  private OutboxRows() {}

  /** A due row: its id, and the key whose rows must be handled in id order (a conversation). */
  record Due(long id, Object orderKey) {}

  /**
   * Claims the {@code due} rows of {@code table} (read in id order in the same transaction) for
   * {@code instance} until {@code until}, adding an attempt each. A row another claimer took
   * between the read and the claim leaves the rest of its key for later, so that key's rows keep
   * their order.
   *
   * @param extraCondition more of the claim's WHERE clause (starting with " AND"), or ""
   * @return the ids claimed, in id order
   */
  static List<Long> claim(
      Handle h, String table, String extraCondition, List<Due> due, String instance, Instant now, Instant until) {
    if (due.isEmpty()) {
      return List.of();
    }
    // one UPDATE for all rows, not one each; when another claimer took some of them first, that
    // is undone and the rows are claimed one by one, which keeps each key's rows in order
    List<Long> ids = due.stream().map(Due::id).toList();
    h.savepoint("claim_all");
    int n =
        h.createUpdate(
                "UPDATE " + table + " SET claimed_by = :me, claimed_until = :until, attempts = attempts + 1"
                    + " WHERE id IN (<ids>) AND state = 'pending'" + extraCondition
                    + " AND (claimed_until IS NULL OR claimed_until < :now)")
            .bindList("ids", ids)
            .bind("me", instance)
            .bind("until", ts(until))
            .bind("now", ts(now))
            .execute();
    if (n == due.size()) {
      h.releaseSavepoint("claim_all");
      return ids;
    }
    h.rollbackToSavepoint("claim_all");
    Set<Object> skipped = new HashSet<>();
    List<Long> claimed = new ArrayList<>();
    for (Due row : due) {
      if (skipped.contains(row.orderKey())) {
        continue;
      }
      int one =
          h.createUpdate(
                  "UPDATE " + table + " SET claimed_by = :me, claimed_until = :until, attempts = attempts + 1"
                      + " WHERE id = :id AND state = 'pending'" + extraCondition
                      + " AND (claimed_until IS NULL OR claimed_until < :now)")
              .bind("me", instance)
              .bind("until", ts(until))
              .bind("now", ts(now))
              .bind("id", row.id())
              .execute();
      if (one == 1) {
        claimed.add(row.id());
      } else {
        skipped.add(row.orderKey());
      }
    }
    return claimed;
  }

  /**
   * Runs an update of one claimed row ({@code :id}, held by {@code :me}), binding those of {@code
   * :now}, {@code :st} (status), {@code :e} (error, truncated) and {@code :next} that {@code sql}
   * uses.
   *
   * @return false when the claim was lost meanwhile
   */
  static boolean finish(
      Jdbi jdbi, Clock clock, String sql, long id, String instance, Integer status, String error, Instant next) {
    return jdbi.withHandle(
            h -> {
              var update = h.createUpdate(sql).bind("id", id).bind("me", instance);
              if (sql.contains(":now")) {
                update.bind("now", ts(clock.instant()));
              }
              if (sql.contains(":st")) {
                update.bind("st", status);
              }
              if (sql.contains(":e")) {
                update.bind("e", Sql.truncate(error, 2000));
              }
              if (sql.contains(":next")) {
                update.bind("next", ts(next));
              }
              return update.execute();
            })
        == 1;
  }

  /** The SQL that lets go of a claimed row not tried, taking back the attempt its claim counted. */
  static String releaseSql(String table) {
    return "UPDATE " + table + " SET attempts = attempts - 1, claimed_by = NULL, claimed_until = NULL"
        + " WHERE id = :id AND state = 'pending' AND claimed_by = :me";
  }

  /**
   * How many rows of {@code table} are in each state, every one of {@code states} listed (0 when
   * none). Each state but {@code settled} is counted along its range of the {@code (state, id)}
   * index; {@code settled}, where the rows collect until they are purged, is all rows less those.
   * Grouping every row by state read the whole table at each call: 2.2-2.6 s for a million rows on
   * HSQLDB, which knows its row count at once (ADR 0081).
   */
  static Map<String, Long> counts(Jdbi jdbi, String table, List<String> states, String settled) {
    Map<String, Long> counts = new LinkedHashMap<>();
    states.forEach(s -> counts.put(s, 0L));
    jdbi.useHandle(
        h -> {
          long rest = h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
          for (String s : states) {
            if (!s.equals(settled)) {
              long n = h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE state = :s").bind("s", s).mapTo(Long.class).one();
              counts.put(s, n);
              rest -= n;
            }
          }
          counts.put(settled, Math.max(0, rest));
        });
    return counts;
  }

  /**
   * A page of {@code select}'s rows (a SELECT over {@code table}), newest first, with the total;
   * {@code filters} maps columns to the values they must equal, a null value filtering nothing.
   */
  static <T> InboxQueries.Page<T> page(
      Jdbi jdbi, String table, String select, Map<String, Object> filters, int limit, int offset, RowMapper<T> mapper) {
    Map<String, Object> given = new LinkedHashMap<>();
    filters.forEach(
        (column, value) -> {
          if (value != null) {
            given.put(column, value);
          }
        });
    List<String> where = new ArrayList<>();
    given.keySet().forEach(column -> where.add(column + " = :" + column));
    String w = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    return jdbi.withHandle(
        h -> {
          var count = h.createQuery("SELECT COUNT(*) FROM " + table + w);
          var rows = h.createQuery(select + w + " ORDER BY id DESC OFFSET :o ROWS FETCH NEXT :l ROWS ONLY");
          given.forEach(
              (column, value) -> {
                count.bind(column, value);
                rows.bind(column, value);
              });
          long total = count.mapTo(Long.class).one();
          return new InboxQueries.Page<>(total, rows.bind("o", offset).bind("l", limit).map(mapper).list());
        });
  }

  /** Deletes the rows of {@code table} in {@code state} whose {@code column} is before {@code before}. */
  static int purge(Jdbi jdbi, String table, String state, String column, Instant before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM " + table + " WHERE state = :s AND " + column + " < :b")
                .bind("s", state)
                .bind("b", ts(before))
                .execute());
  }
}
