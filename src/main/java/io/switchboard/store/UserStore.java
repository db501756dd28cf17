package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** People who sign in, with bcrypt password hashes and one role each. */
public final class UserStore {
  /** Reads {@code GET /metrics} and nothing else (a scraper's API token). */
  public static final String METRICS_ROLE = "metrics";

  public static final Set<String> ROLES = Set.of("agent", "lead", "marketing", "admin", METRICS_ROLE);

  /** The roles of people, who use the inbox and its pages. */
  public static final Set<String> PEOPLE_ROLES = Set.of("agent", "lead", "marketing", "admin");
  private static final int COST = 11;

  /**
   * A hash of a random password at the same cost, checked for names nobody has: a failed sign-in
   * then takes as long whether the name exists or not, so names cannot be listed by timing.
   */
  private static final class Dummy {
    static final byte[] HASH =
        BCrypt.withDefaults().hash(COST, java.util.UUID.randomUUID().toString().toCharArray());
  }

  private final Jdbi jdbi;
  private final Clock clock;

  public UserStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public record User(long id, String username, String displayName, String role) {}

  public boolean isEmpty() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM app_user").mapTo(Long.class).one() == 0);
  }

  public User create(String username, String displayName, String password, String role) {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("unknown role " + role);
    }
    String hash = BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    long id =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO app_user (username, display_name, password_hash, role, created_at)"
                            + " VALUES (:u, :d, :p, :r, :now)")
                    .bind("u", username)
                    .bind("d", displayName)
                    .bind("p", hash)
                    .bind("r", role)
                    .bind("now", ts(clock.instant()))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return new User(id, username, displayName, role);
  }

  /** The user when the password matches; empty otherwise (also for unknown names). */
  public Optional<User> authenticate(String username, String password) {
    record Row(User user, String hash) {}
    Optional<Row> row =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id, username, display_name, role, password_hash FROM app_user WHERE username = :u")
                    .bind("u", username)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                                rs.getString(5)))
                    .findOne());
    if (row.isEmpty()) {
      BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), Dummy.HASH);
      return Optional.empty();
    }
    boolean ok =
        BCrypt.verifyer()
            .verify(password.getBytes(StandardCharsets.UTF_8), row.get().hash().getBytes(StandardCharsets.UTF_8))
            .verified;
    return ok ? Optional.of(row.get().user()) : Optional.empty();
  }
}
