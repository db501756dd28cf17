package io.switchboard.store;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What admins change about users: role, display name, password, disabled. New users are created
 * with {@link UserStore#create}. Users are disabled, never deleted, so their name stays on what they
 * wrote.
 */
public final class UserAccounts {
  private static final int COST = 11;

  private final Jdbi jdbi;

  public UserAccounts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public record Account(
      long id, String username, String displayName, String role, boolean disabled, Instant createdAt) {}

  public List<Account> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, username, display_name, role, disabled, created_at FROM app_user ORDER BY username")
                .map((rs, ctx) -> account(rs))
                .list());
  }

  public Optional<Account> find(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, username, display_name, role, disabled, created_at FROM app_user"
                        + " WHERE username = :u")
                .bind("u", username)
                .map((rs, ctx) -> account(rs))
                .findOne());
  }

  public Optional<Account> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, username, display_name, role, disabled, created_at FROM app_user WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> account(rs))
                .findOne());
  }

  /** Whether the user exists and may sign in. */
  public boolean isActive(long userId) {
    return find(userId).map(a -> !a.disabled()).orElse(false);
  }

  /** Changes what is given (null leaves it). */
  public void update(long id, String displayName, String role, Boolean disabled, String password) {
    if (role != null && !UserStore.ROLES.contains(role)) {
      throw new IllegalArgumentException("unknown role " + role);
    }
    jdbi.useTransaction(
        h -> {
          if (displayName != null) {
            h.createUpdate("UPDATE app_user SET display_name = :d WHERE id = :id")
                .bind("d", Sql.truncate(displayName, 200))
                .bind("id", id)
                .execute();
          }
          if (role != null) {
            h.createUpdate("UPDATE app_user SET role = :r WHERE id = :id").bind("r", role).bind("id", id).execute();
          }
          if (disabled != null) {
            h.createUpdate("UPDATE app_user SET disabled = :x WHERE id = :id")
                .bind("x", disabled.booleanValue())
                .bind("id", id)
                .execute();
          }
          if (password != null) {
            h.createUpdate("UPDATE app_user SET password_hash = :p WHERE id = :id")
                .bind("p", BCrypt.withDefaults().hashToString(COST, password.toCharArray()))
                .bind("id", id)
                .execute();
          }
        });
  }

  /** Admins who are not disabled; the last one cannot be disabled or demoted. */
  public int activeAdmins() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM app_user WHERE role = 'admin' AND disabled = FALSE")
                .mapTo(Integer.class)
                .one());
  }

  private static Account account(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Account(
        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
        Sql.instant(rs.getTimestamp(6)));
  }
}
