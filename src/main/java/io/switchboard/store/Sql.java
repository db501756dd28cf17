package io.switchboard.store;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Small helpers shared by the stores. */
public final class Sql {
  private Sql() {}

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** True when the statement failed on a unique or primary key (SQLSTATE class 23). */
  public static boolean isUniqueViolation(UnableToExecuteStatementException e) {
    Throwable c = e.getCause();
    return c instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23");
  }

  /**
   * Tags a conversation unless it has the tag already; returns the rows added (0 or 1). The row
   * carries the conversation's status (ADR 0057). The conversation's row is locked first, so a
   * status change in another transaction either comes before (and is read here) or waits for this
   * commit (and its trigger then sees this row).
   */
  static int addTag(org.jdbi.v3.core.Handle h, long conversationId, String tag) {
    h.createUpdate("UPDATE conversation SET updated_at = updated_at WHERE id = :c").bind("c", conversationId).execute();
    return h.createUpdate(
            "INSERT INTO conversation_tag (conversation_id, tag, status) SELECT c.id, :t, c.status FROM conversation c"
                + " WHERE c.id = :c"
                + " AND NOT EXISTS (SELECT 1 FROM conversation_tag WHERE conversation_id = :c AND tag = :t)")
        .bind("c", conversationId)
        .bind("t", tag)
        .execute();
  }

  /**
   * The highest id in {@code table} (0 when empty). {@code MAX(id)} alone is read from the primary
   * key; wrapped in {@code COALESCE}, HSQLDB reads every row instead (134 s at 1M messages on a
   * loaded machine, the most of a start's CPU: ADR 0057).
   */
  public static long maxId(org.jdbi.v3.core.Handle h, String table) {
    // table is one of our own names, never input
    Long max = h.createQuery("SELECT MAX(id) FROM " + table).mapTo(Long.class).one();
    return max == null ? 0 : max;
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
