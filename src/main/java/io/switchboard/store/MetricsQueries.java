package io.switchboard.store;

import static io.switchboard.store.Sql.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The database's side of {@code GET /metrics} (ADR 0039): counts that a scrape reads as gauges.
 * Each reads a small table, an index range, a table's row count, or one index entry per account.
 */
public final class MetricsQueries {
  private final Jdbi jdbi;

  public MetricsQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Rows of the reply outbox by channel and status (queued, sending, sent, failed). */
  public record OutboxCount(String channel, String status, long rows, long retrying) {}

  /** {@code retrying}: queued rows that failed at least once and wait for their next attempt. */
  public List<OutboxCount> outbox() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT channel, status, COUNT(*), SUM(CASE WHEN status = 'queued' AND attempts > 0 THEN 1 ELSE 0 END)"
                        + " FROM outbox GROUP BY channel, status")
                .map((rs, c) -> new OutboxCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list());
  }

  /** Conversations' SLA breaches so far (activity rows, which are never deleted). */
  public long slaBreaches() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM conversation_activity WHERE kind = 'sla-breach'").mapTo(Long.class).one());
  }

  /** The newest customer message's time on an account (null: none yet). */
  public record Newest(String account, Instant at) {}

  /**
   * The newest customer message's time on each of {@code accounts}: one entry of the index
   * {@code conversation_account_inbound} each (ADR 0081).
   */
  public List<Newest> newestInbound(Collection<String> accounts) {
    return jdbi.withHandle(
        h -> {
          List<Newest> out = new ArrayList<>();
          for (String account : new LinkedHashSet<>(accounts)) {
            Instant at =
                h.createQuery(
                        "SELECT last_inbound_at FROM conversation WHERE account = :a AND last_inbound_at IS NOT NULL"
                            + " ORDER BY last_inbound_at DESC FETCH FIRST 1 ROW ONLY")
                    .bind("a", account)
                    .map((rs, c) -> instant(rs.getTimestamp(1)))
                    .findOne()
                    .orElse(null);
            out.add(new Newest(account, at));
          }
          return out;
        });
  }

  /** A live or expired poller lease. */
  public record Lease(String account, String holder, Instant expiresAt) {}

  public List<Lease> leases() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT account, holder, expires_at FROM poller_lease")
                .map((rs, c) -> new Lease(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3))))
                .list());
  }

  /** Rows of a state-machine outbox ({@code workflow_event}, {@code webhook_delivery}) by state, every state listed. */
  public Map<String, Long> states(String table) {
    return switch (table) {
      case "workflow_event" -> WorkflowEventStore.counts(jdbi);
      case "webhook_delivery" -> WebhookStore.counts(jdbi);
      default -> throw new IllegalArgumentException(table);
    };
  }
}
