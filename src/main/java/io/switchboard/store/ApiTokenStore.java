package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens for scripts ({@code Authorization: Bearer sbt_...}). The secret is shown once when it
 * is created; only its SHA-256 digest and a short prefix (to tell tokens apart) are stored.
 */
public final class ApiTokenStore {
  public static final String PREFIX = "sbt_";
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final Clock clock;

  public ApiTokenStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A token as listed: never the secret. */
  public record TokenInfo(
      long id,
      String username,
      String name,
      String prefix,
      String createdBy,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** A new token: its id and the secret, to show once. */
  public record Created(long id, String token) {}

  public Created create(long userId, String name, String createdBy) {
    String token = PREFIX + Secrets.random();
    long id =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO api_token (user_id, name, token_hash, token_prefix, created_by,"
                            + " created_at) VALUES (:u, :n, :h, :p, :by, :now)")
                    .bind("u", userId)
                    .bind("n", Sql.truncate(name, 100))
                    .bind("h", Secrets.sha256(token))
                    .bind("p", token.substring(0, 10))
                    .bind("by", createdBy)
                    .bind("now", ts(clock.instant()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return new Created(id, token);
  }

  /** The user of a live token (not revoked, user not disabled). */
  public Optional<UserStore.User> find(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(token);
    Instant now = clock.instant();
    record Row(UserStore.User user, long id, Instant lastUsed) {}
    Optional<Row> row =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT u.id, u.username, u.display_name, u.role, t.id, t.last_used_at"
                            + " FROM api_token t JOIN app_user u ON u.id = t.user_id"
                            + " WHERE t.token_hash = :h AND t.revoked_at IS NULL AND u.disabled = FALSE")
                    .bind("h", hash)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                new UserStore.User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                                rs.getLong(5),
                                Sql.instant(rs.getTimestamp(6))))
                    .findOne());
    row.filter(r -> r.lastUsed() == null || r.lastUsed().plus(TOUCH_EVERY).isBefore(now))
        .ifPresent(
            r ->
                jdbi.useHandle(
                    h ->
                        h.createUpdate("UPDATE api_token SET last_used_at = :now WHERE id = :id")
                            .bind("now", ts(now))
                            .bind("id", r.id())
                            .execute()));
    return row.map(Row::user);
  }

  public List<TokenInfo> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT t.id, u.username, t.name, t.token_prefix, t.created_by, t.created_at,"
                        + " t.last_used_at, t.revoked_at FROM api_token t JOIN app_user u ON u.id = t.user_id"
                        + " ORDER BY t.id")
                .map(
                    (rs, ctx) ->
                        new TokenInfo(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            Sql.instant(rs.getTimestamp(6)),
                            Sql.instant(rs.getTimestamp(7)),
                            Sql.instant(rs.getTimestamp(8))))
                .list());
  }

  /** @return false when there is no such live token */
  public boolean revoke(long id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", ts(clock.instant()))
                    .bind("id", id)
                    .execute())
        == 1;
  }
}
