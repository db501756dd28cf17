package io.switchboard.store;

import static io.switchboard.store.Sql.instant;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The database's side of {@code GET /metrics} (ADR 0039): counts that a scrape reads as gauges.
 * Each is one grouped query over an indexed column or a small table.
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

  /** The newest customer message's time per account. */
  public record Newest(String account, Instant at) {}

  public List<Newest> newestInbound() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.account, MAX(m.sent_at) FROM message m JOIN conversation c ON c.id = m.conversation_id"
                        + " WHERE m.direction = 'in' GROUP BY c.account")
                .map((rs, c) -> new Newest(rs.getString(1), instant(rs.getTimestamp(2))))
                .list());
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

  /** Rows of a state-machine outbox ({@code workflow_event}, {@code webhook_delivery}) by state. */
  public record StateCount(String state, long rows) {}

  public List<StateCount> states(String table) {
    if (!table.equals("workflow_event") && !table.equals("webhook_delivery")) {
      throw new IllegalArgumentException(table);
    }
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT state, COUNT(*) FROM " + table + " GROUP BY state")
                .map((rs, c) -> new StateCount(rs.getString(1), rs.getLong(2)))
                .list());
  }
}
