package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Each account's last successful poll and last error, shared by every instance, and which instance
 * reads it: the holder of its live poller lease where several instances share the database (ADR
 * 0024), else this one.
 */
public final class ChannelHealth {
  /** {@code last_error_kind} of an error that a person must fix: a token expired or revoked. */
  public static final String AUTH = "auth";

  private final Jdbi jdbi;
  private final Clock clock;
  private final String instance;
  private final boolean leases;

  public ChannelHealth(Jdbi jdbi, Clock clock) {
    this(jdbi, clock, null, false);
  }

  /**
   * @param instance this instance's name, the reader of every account when there are no leases
   * @param leases whether accounts are read by the holders of poller leases
   */
  public ChannelHealth(Jdbi jdbi, Clock clock, String instance, boolean leases) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.instance = instance;
    this.leases = leases;
  }

  /**
   * What the health endpoint shows for one account. {@code readBy} is the instance reading it,
   * null when it is read under leases and no live lease exists (its holder stopped renewing).
   */
  public record State(
      String account,
      String channel,
      Instant lastSuccessAt,
      String lastError,
      Instant lastErrorAt,
      Instant pausedAt,
      String pausedBy,
      boolean leased,
      String readBy,
      Instant leaseExpiresAt,
      String lastErrorKind) {
    /** Whether the last error, newer than the last success, was a refused credential. */
    public boolean credentialsRefused() {
      return "DOWN".equals(status()) && AUTH.equals(lastErrorKind);
    }

    /**
     * PAUSED while an admin paused it; DOWN after an error newer than the last success; NO_READER
     * when it was read before but no instance holds its lease now (never UP on a dead reader's
     * last poll); else UP once polled.
     */
    public String status() {
      if (pausedAt != null) {
        return "PAUSED";
      }
      if (lastErrorAt != null && (lastSuccessAt == null || lastErrorAt.isAfter(lastSuccessAt))) {
        return "DOWN";
      }
      if (lastSuccessAt == null) {
        return "STARTING";
      }
      return leased && readBy == null ? "NO_READER" : "UP";
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
    failure(account, error, null);
  }

  /**
   * A failure that only a person can fix: the channel refused the account's credentials (Graph
   * error 190, X 401). The account shows DOWN like after any failure, and the alert says what to do
   * about a token (ADR 0045).
   */
  public void credentialsRefused(String account, String error) {
    failure(account, error, AUTH);
  }

  private void failure(String account, String error, String kind) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE channel_state SET last_error = :e, last_error_at = :now, last_error_kind = :k WHERE account = :a")
                .bind("a", account)
                .bind("e", Sql.truncate(error, 2000))
                .bind("k", kind)
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
    Instant now = clock.instant();
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT s.account, s.channel, s.last_success_at, s.last_error, s.last_error_at, s.paused_at,"
                        + " s.paused_by, l.holder, l.expires_at, s.last_error_kind"
                        + " FROM channel_state s LEFT JOIN poller_lease l ON l.account = s.account ORDER BY s.account")
                .map(
                    (rs, ctx) -> {
                      Instant expires = Sql.instant(rs.getTimestamp(9));
                      boolean live = expires != null && expires.isAfter(now);
                      return new State(
                          rs.getString(1),
                          rs.getString(2),
                          Sql.instant(rs.getTimestamp(3)),
                          rs.getString(4),
                          Sql.instant(rs.getTimestamp(5)),
                          Sql.instant(rs.getTimestamp(6)),
                          rs.getString(7),
                          leases,
                          leases ? (live ? rs.getString(8) : null) : instance,
                          leases ? expires : null,
                          rs.getString(10));
                    })
                .list());
  }
}
