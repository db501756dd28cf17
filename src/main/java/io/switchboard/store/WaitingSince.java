package io.switchboard.store;

import org.jdbi.v3.core.Handle;

/**
 * {@code conversation.waiting_since}: since when the customer waits for our answer, stored so the
 * inbox can sort by it (ADR 0019). By definition it is the earliest {@code sent_at} of the
 * customer's messages after our last reply (by message id), NULL when we answered last. Every
 * writer of messages keeps it: a customer message sets it when NULL or later than the message
 * ({@link MessageStore}), an outbound message (reply, survey) clears it, a note leaves it alone.
 */
public final class WaitingSince {
  private WaitingSince() {}

  /** The definition over {@code message}, for the conversation whose id is {@code conversationId}. */
  static String fromMessages(String conversationId) {
    return "(SELECT MIN(w.sent_at) FROM message w WHERE w.conversation_id = " + conversationId
        + " AND w.direction = 'in' AND NOT EXISTS (SELECT 1 FROM message r WHERE r.conversation_id = "
        + conversationId + " AND r.direction = 'out' AND r.id > w.id))";
  }

  /** Call in the transaction that stored an outbound message in the conversation. */
  public static void answered(Handle h, long conversationId) {
    h.createUpdate("UPDATE conversation SET waiting_since = NULL WHERE id = :c")
        .bind("c", conversationId)
        .execute();
  }

  /**
   * Sets the column again from the conversation's messages: for code that rewrites messages
   * other than by storing them (imports, fixtures that move times).
   */
  public static void recompute(Handle h, long conversationId) {
    h.createUpdate("UPDATE conversation SET waiting_since = " + fromMessages(":c") + " WHERE id = :c")
        .bind("c", conversationId)
        .execute();
  }
}
