package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Each account's last successful poll and last error, shared by every instance. */
public final class ChannelHealth {
  private final Jdbi jdbi;
  private final Clock clock;

  public ChannelHealth(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** What the health endpoint shows for one account. */
  public record State(
      String account,
      String channel,
      Instant lastSuccessAt,
      String lastError,
      Instant lastErrorAt,
      Instant pausedAt,
      String pausedBy) {
    /** PAUSED while an admin paused it; else UP after a success that is newer than the last error. */
    public String status() {
      if (pausedAt != null) {
        return "PAUSED";
      }
      if (lastErrorAt != null && (lastSuccessAt == null || lastErrorAt.isAfter(lastSuccessAt))) {
        return "DOWN";
      }
      return lastSuccessAt == null ? "STARTING" : "UP";
    }
  }

  public void register(String account, String channel) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO channel_state (account, channel) SELECT :a, :c FROM (VALUES(0)) AS x(n)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM channel_state WHERE account = :a)")
                .bind("a", account)
                .bind("c", channel)
                .execute());
  }

  public void success(String account) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE channel_state SET last_success_at = :now WHERE account = :a")
                .bind("a", account)
                .bind("now", ts(clock.instant()))
                .execute());
  }

  public void failure(String account, String error) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE channel_state SET last_error = :e, last_error_at = :now WHERE account = :a")
                .bind("a", account)
                .bind("e", Sql.truncate(error, 2000))
                .bind("now", ts(clock.instant()))
                .execute());
  }

  /**
   * Pauses or resumes reading an account, on every instance; recorded in the audit log.
   *
   * @return false when the database knows no such account
   */
  public boolean setPaused(String account, boolean paused, String actor) {
    return jdbi.inTransaction(
        h -> {
          int changed =
              h.createUpdate("UPDATE channel_state SET paused_at = :at, paused_by = :by WHERE account = :a")
                  .bind("a", account)
                  .bind("at", paused ? ts(clock.instant()) : null)
                  .bind("by", paused ? actor : null)
                  .execute();
          if (changed > 0) {
            AuditLog.record(h, clock, actor, paused ? "channel.pause" : "channel.resume", "channel", null, account);
          }
          return changed > 0;
        });
  }

  /** Whether an admin paused reading the account. */
  public boolean paused(String account) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM channel_state WHERE account = :a AND paused_at IS NOT NULL")
                .bind("a", account)
                .mapTo(Integer.class)
                .one()
                > 0);
  }

  public List<State> all() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT account, channel, last_success_at, last_error, last_error_at, paused_at, paused_by"
                        + " FROM channel_state ORDER BY account")
                .map(
                    (rs, ctx) ->
                        new State(
                            rs.getString(1),
                            rs.getString(2),
                            Sql.instant(rs.getTimestamp(3)),
                            rs.getString(4),
                            Sql.instant(rs.getTimestamp(5)),
                            Sql.instant(rs.getTimestamp(6)),
                            rs.getString(7)))
                .list());
  }
}
