package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Browser sessions and failed sign-ins, both in the database so every instance behind a load
 * balancer sees the same ones. A session ends after {@link #IDLE} without use, and at the latest
 * {@link #LONGEST} after sign-in. Thread-safe.
 */
public final class SessionStore {
  public static final Duration IDLE = Duration.ofHours(12);
  public static final Duration LONGEST = Duration.ofDays(7);
  /** Sign-ins failed this often for one user name from one address lock that pair for a while. */
  public static final int MAX_FAILURES = 5;

  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
  /** Last use is written at most this often, so reading pages does not write on every request. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final Clock clock;

  public SessionStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A new session: the cookie value (kept only by the browser) and its CSRF token. */
  public record NewSession(String cookieValue, String csrfToken) {}

  /** A live session with its user. */
  public record Session(UserStore.User user, String csrfToken) {}

  public NewSession create(long userId) {
    String cookie = Secrets.random();
    String csrf = Secrets.random();
    Instant now = clock.instant();
    jdbi.useHandle(
        h -> {
          h.createUpdate("DELETE FROM web_session WHERE expires_at < :now").bind("now", ts(now)).execute();
          h.createUpdate(
                  "INSERT INTO web_session (token_hash, user_id, csrf_token, created_at, last_seen_at,"
                      + " expires_at) VALUES (:t, :u, :csrf, :now, :now, :exp)")
              .bind("t", Secrets.sha256(cookie))
              .bind("u", userId)
              .bind("csrf", csrf)
              .bind("now", ts(now))
              .bind("exp", ts(now.plus(IDLE)))
              .execute();
        });
    return new NewSession(cookie, csrf);
  }

  /** The session for a cookie value while it lasts and its user is not disabled. */
  public Optional<Session> find(String cookieValue) {
    if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(cookieValue);
    Instant now = clock.instant();
    record Row(Session session, Instant created, Instant lastSeen) {}
    Optional<Row> row =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT u.id, u.username, u.display_name, u.role, s.csrf_token, s.created_at,"
                            + " s.last_seen_at FROM web_session s JOIN app_user u ON u.id = s.user_id"
                            + " WHERE s.token_hash = :t AND s.expires_at > :now AND u.disabled = FALSE")
                    .bind("t", hash)
                    .bind("now", ts(now))
                    .map(
                        (rs, ctx) ->
                            new Row(
                                new Session(
                                    new UserStore.User(
                                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                                    rs.getString(5)),
                                Sql.instant(rs.getTimestamp(6)),
                                Sql.instant(rs.getTimestamp(7))))
                    .findOne());
    row.filter(r -> r.lastSeen().plus(TOUCH_EVERY).isBefore(now))
        .ifPresent(
            r -> {
              Instant until = now.plus(IDLE);
              Instant cap = r.created().plus(LONGEST);
              jdbi.useHandle(
                  h ->
                      h.createUpdate(
                              "UPDATE web_session SET last_seen_at = :now, expires_at = :exp"
                                  + " WHERE token_hash = :t")
                          .bind("now", ts(now))
                          .bind("exp", ts(until.isAfter(cap) ? cap : until))
                          .bind("t", hash)
                          .execute());
            });
    return row.map(Row::session);
  }

  public void delete(String cookieValue) {
    if (cookieValue == null) {
      return;
    }
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM web_session WHERE token_hash = :t")
                .bind("t", Secrets.sha256(cookieValue))
                .execute());
  }

  /** Ends every session of a user, e.g. when an admin disables them or changes their role. */
  public void deleteForUser(long userId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM web_session WHERE user_id = :u").bind("u", userId).execute());
  }

  public void recordFailure(String username, String address) {
    Instant now = clock.instant();
    jdbi.useHandle(
        h -> {
          h.createUpdate("DELETE FROM login_failure WHERE failed_at < :old")
              .bind("old", ts(now.minus(FAILURE_WINDOW)))
              .execute();
          h.createUpdate("INSERT INTO login_failure (username, address, failed_at) VALUES (:u, :a, :now)")
              .bind("u", Sql.truncate(username, 100))
              .bind("a", Sql.truncate(address, 64))
              .bind("now", ts(now))
              .execute();
        });
  }

  /**
   * How long this user name stays locked for this address, or empty when it may try: locked once
   * {@link #MAX_FAILURES} failures fall within {@link #FAILURE_WINDOW}, until the oldest leaves it.
   */
  public Optional<Duration> lockedFor(String username, String address) {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> {
          var times =
              h.createQuery(
                      "SELECT failed_at FROM login_failure WHERE username = :u AND address = :a"
                          + " AND failed_at > :since ORDER BY failed_at DESC")
                  .bind("u", Sql.truncate(username, 100))
                  .bind("a", Sql.truncate(address, 64))
                  .bind("since", ts(now.minus(FAILURE_WINDOW)))
                  .setMaxRows(MAX_FAILURES)
                  .map((rs, ctx) -> Sql.instant(rs.getTimestamp(1)))
                  .list();
          if (times.size() < MAX_FAILURES) {
            return Optional.<Duration>empty();
          }
          Instant oldest = times.get(times.size() - 1);
          Duration left = Duration.between(now, oldest.plus(FAILURE_WINDOW));
          return left.isNegative() || left.isZero() ? Optional.<Duration>empty() : Optional.of(left);
        });
  }

  public void clearFailures(String username, String address) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM login_failure WHERE username = :u AND address = :a")
                .bind("u", Sql.truncate(username, 100))
                .bind("a", Sql.truncate(address, 64))
                .execute());
  }
}
