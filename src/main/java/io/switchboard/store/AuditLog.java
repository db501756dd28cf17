package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import org.jdbi.v3.core.Handle;

/** Who did what: written in the same transaction as the change it records. */
public final class AuditLog {
  private AuditLog() {}

  public static void record(
      Handle h, Clock clock, String actor, String action, String targetType, Long targetId, String detail) {
    h.createUpdate(
            "INSERT INTO audit_log (occurred_at, actor, action, target_type, target_id, detail)"
                + " VALUES (:at, :actor, :action, :type, :id, :detail)")
        .bind("at", ts(clock.instant()))
        .bind("actor", actor)
        .bind("action", action)
        .bind("type", targetType)
        .bind("id", targetId)
        .bind("detail", Sql.truncate(detail, 2000))
        .execute();
  }
}
