package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code loop_guard}: per conversation, whether the latest customer message was machine-sent; and
 * the count of automatic messages a conversation received. A missing row means "not machine-sent",
 * so ordinary ingest writes nothing here.
 */
public final class LoopGuardStore {
  private final Jdbi jdbi;

  public LoopGuardStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Clears the flag of a conversation that has it; no write otherwise. */
  public void humanWrote(long conversationId, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE loop_guard SET last_inbound_auto = FALSE, updated_at = :now"
                        + " WHERE conversation_id = :c AND last_inbound_auto = TRUE")
                .bind("now", ts(now))
                .bind("c", conversationId)
                .execute());
  }

  /** Sets the flag, creating the conversation's row on its first machine-sent message. */
  public void machineWrote(long conversationId, Instant now) {
    jdbi.useTransaction(
        h -> {
          int updated =
              h.createUpdate("UPDATE loop_guard SET last_inbound_auto = TRUE, updated_at = :now WHERE conversation_id = :c")
                  .bind("now", ts(now))
                  .bind("c", conversationId)
                  .execute();
          if (updated == 0) {
            h.createUpdate("INSERT INTO loop_guard (conversation_id, last_inbound_auto, updated_at) VALUES (:c, TRUE, :now)")
                .bind("c", conversationId)
                .bind("now", ts(now))
                .execute();
          }
        });
  }

  public boolean lastInboundWasMachine(long conversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT last_inbound_auto FROM loop_guard WHERE conversation_id = :c")
                .bind("c", conversationId)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
  }

  /** Outbound messages in the conversation since {@code since} whose author starts with {@code authorPrefix}. */
  public long sentSince(long conversationId, String authorPrefix, Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM message WHERE conversation_id = :c AND direction = 'out'"
                        + " AND author LIKE :prefix AND created_at > :since")
                .bind("c", conversationId)
                .bind("prefix", authorPrefix + "%")
                .bind("since", ts(since))
                .mapTo(Long.class)
                .one());
  }
}
