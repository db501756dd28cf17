package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Channel alert incidents (ADR 0045), shared by every instance. At most one incident is open per
 * account: opening is a conditional UPDATE of {@code channel_state.open_incident} that one caller
 * wins. Its mail is claimed with a conditional UPDATE that sets an expiring claim, and marked sent
 * once the SMTP server took it; a new incident after the account was UP again is a new row.
 */
public final class AlertStore {
  /** One incident: what went wrong, since when, whether it is over and whether its mail went out. */
  public record Alert(
      long id,
      String account,
      int incident,
      String channel,
      String kind,
      String reason,
      Instant openedAt,
      Instant closedAt,
      Instant sentAt,
      String sentTo,
      int attempts,
      String lastError) {
    public boolean open() {
      return closedAt == null;
    }
  }

  private static final String COLUMNS =
      "id, account, incident, channel, kind, reason, opened_at, closed_at, sent_at, sent_to, attempts, last_error";

  private final Jdbi jdbi;
  private final Clock clock;

  public AlertStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * The open incident of the account, opened now when there is none (by this caller or, when two
   * race, by the one whose UPDATE wins); while its mail has not gone out, its kind and reason follow
   * the account's latest error (a timeout that turns out to be an expired token is a token alert).
   */
  public Alert open(String account, String channel, String kind, String reason) {
    return jdbi.inTransaction(
        h -> {
          Instant now = clock.instant();
          int opened =
              h.createUpdate(
                      "UPDATE channel_state SET incidents = incidents + 1, open_incident = incidents + 1"
                          + " WHERE account = :a AND open_incident IS NULL")
                  .bind("a", account)
                  .execute();
          Integer incident =
              h.createQuery("SELECT open_incident FROM channel_state WHERE account = :a")
                  .bind("a", account)
                  .mapTo(Integer.class)
                  .findOne()
                  .orElseThrow(() -> new IllegalArgumentException("no channel account " + account));
          if (opened > 0) {
            h.createUpdate(
                    "INSERT INTO channel_alert (account, incident, channel, kind, reason, opened_at)"
                        + " VALUES (:a, :i, :c, :k, :r, :now)")
                .bind("a", account)
                .bind("i", incident)
                .bind("c", channel)
                .bind("k", kind)
                .bind("r", Sql.truncate(reason, 2000))
                .bind("now", ts(now))
                .execute();
          } else {
            h.createUpdate(
                    "UPDATE channel_alert SET kind = :k, reason = :r"
                        + " WHERE account = :a AND incident = :i AND sent_at IS NULL")
                .bind("a", account)
                .bind("i", incident)
                .bind("k", kind)
                .bind("r", Sql.truncate(reason, 2000))
                .execute();
          }
          return byIncident(h, account, incident).orElseThrow();
        });
  }

  /** Closes the account's open incident, if any: it is UP again. */
  public boolean close(String account) {
    return jdbi.inTransaction(
        h -> {
          Optional<Integer> incident =
              h.createQuery("SELECT open_incident FROM channel_state WHERE account = :a AND open_incident IS NOT NULL")
                  .bind("a", account)
                  .mapTo(Integer.class)
                  .findOne();
          if (incident.isEmpty()) {
            return false;
          }
          int closed =
              h.createUpdate("UPDATE channel_state SET open_incident = NULL WHERE account = :a AND open_incident = :i")
                  .bind("a", account)
                  .bind("i", incident.get())
                  .execute();
          if (closed > 0) {
            h.createUpdate("UPDATE channel_alert SET closed_at = :now WHERE account = :a AND incident = :i")
                .bind("a", account)
                .bind("i", incident.get())
                .bind("now", ts(clock.instant()))
                .execute();
          }
          return closed > 0;
        });
  }

  /** The accounts with an open incident. */
  public List<String> openAccounts() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT account FROM channel_state WHERE open_incident IS NOT NULL").mapTo(String.class).list());
  }

  /**
   * Claims the incident's mail for {@code holder} until {@code until}: true for exactly one caller
   * while the incident is open, unsent and not claimed by someone else (or that claim expired).
   */
  public boolean claim(long id, String holder, Duration lease) {
    Instant now = clock.instant();
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE channel_alert SET claimed_by = :h, claimed_until = :until, attempts = attempts + 1"
                            + " WHERE id = :id AND sent_at IS NULL AND closed_at IS NULL"
                            + " AND (claimed_until IS NULL OR claimed_until < :now)")
                    .bind("id", id)
                    .bind("h", holder)
                    .bind("until", ts(now.plus(lease)))
                    .bind("now", ts(now))
                    .execute())
        > 0;
  }

  /** The mail went out: never again for this incident. */
  public void sent(long id, String holder, String to) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE channel_alert SET sent_at = :now, sent_to = :to, last_error = NULL"
                        + " WHERE id = :id AND claimed_by = :h AND sent_at IS NULL")
                .bind("id", id)
                .bind("h", holder)
                .bind("to", Sql.truncate(to, 2000))
                .bind("now", ts(clock.instant()))
                .execute());
  }

  /** The mail failed: the claim now holds until {@code retryAt}, when any instance may try again. */
  public void failed(long id, String holder, String error, Instant retryAt) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE channel_alert SET last_error = :e, claimed_until = :retry"
                        + " WHERE id = :id AND claimed_by = :h AND sent_at IS NULL")
                .bind("id", id)
                .bind("h", holder)
                .bind("e", Sql.truncate(error, 2000))
                .bind("retry", ts(retryAt))
                .execute());
  }

  /** Open incidents, oldest first. */
  public List<Alert> open() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLUMNS + " FROM channel_alert WHERE closed_at IS NULL ORDER BY opened_at, id")
            .map((rs, ctx) -> alert(rs))
            .list());
  }

  /** The newest incidents, open or closed. */
  public List<Alert> recent(int limit) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLUMNS + " FROM channel_alert ORDER BY opened_at DESC, id DESC")
            .setMaxRows(limit)
            .map((rs, ctx) -> alert(rs))
            .list());
  }

  /** Mails sent, by kind ({@code token}, {@code down}), all instances. */
  public long sent(String kind) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM channel_alert WHERE sent_at IS NOT NULL AND kind = :k")
            .bind("k", kind)
            .mapTo(Long.class)
            .one());
  }

  private static Optional<Alert> byIncident(Handle h, String account, int incident) {
    return h.createQuery("SELECT " + COLUMNS + " FROM channel_alert WHERE account = :a AND incident = :i")
        .bind("a", account)
        .bind("i", incident)
        .map((rs, ctx) -> alert(rs))
        .findOne();
  }

  private static Alert alert(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Alert(
        rs.getLong(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        Sql.instant(rs.getTimestamp(7)),
        Sql.instant(rs.getTimestamp(8)),
        Sql.instant(rs.getTimestamp(9)),
        rs.getString(10),
        rs.getInt(11),
        rs.getString(12));
  }
}
