package io.switchboard.api;

import io.javalin.http.Context;
import io.switchboard.store.ApiTokenStore;
import io.switchboard.store.SessionStore;
import io.switchboard.store.UserAccounts;
import io.switchboard.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is calling: a browser session (cookie, with a CSRF token for changes), an API token ({@code
 * Authorization: Bearer}) or HTTP Basic credentials. Failed passwords are counted per user name and
 * address in the database; too many lock that pair for a while, on every instance.
 *
 * <p>bcrypt is slow on purpose, so a verified Basic pair is remembered for a minute (by a salted
 * digest, never the password itself) to keep scripts that call the API often fast. Thread-safe.
 */
public final class Authenticator {
  /** The session cookie: HttpOnly, SameSite=Strict, path /. */
  public static final String SESSION_COOKIE = "sb_session";
  /** The header (or form field {@code csrf}) that must carry the session's token on changes. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final Duration REMEMBER = Duration.ofMinutes(1);

  private final UserStore users;
  private final SessionStore sessions;
  private final ApiTokenStore tokens;
  private final UserAccounts accounts;
  private final byte[] salt = java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
  private final Map<String, Verified> recent = new ConcurrentHashMap<>();

  private record Verified(UserStore.User user, long until) {}

  /** What a password check came to. */
  public sealed interface Outcome {
    record Verified(UserStore.User user) implements Outcome {}

    record Wrong() implements Outcome {}

    /** Too many failures for this user name from this address. */
    record Locked(Duration retryAfter) implements Outcome {}
  }

  /** HTTP Basic only: no sessions, tokens or lockout (a server without {@code withSignIn}). */
  Authenticator(UserStore users) {
    this(users, null, null, null);
  }

  public Authenticator(UserStore users, SessionStore sessions, ApiTokenStore tokens, UserAccounts accounts) {
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.accounts = accounts;
  }

  public boolean hasSessions() {
    return sessions != null;
  }

  /** Checks a password, counting failures per user name and address. */
  public Outcome password(String username, String password, String address) {
    String key = digest(username + "\u0000" + password);
    Verified v = recent.get(key);
    long now = System.nanoTime();
    if (v != null && v.until() - now > 0) {
      return new Outcome.Verified(v.user());
    }
    if (sessions != null) {
      Optional<Duration> locked = sessions.lockedFor(username, address);
      if (locked.isPresent()) {
        return new Outcome.Locked(locked.get());
      }
    }
    Optional<UserStore.User> user =
        users.authenticate(username, password).filter(u -> accounts == null || accounts.isActive(u.id()));
    if (user.isEmpty()) {
      if (sessions != null) {
        sessions.recordFailure(username, address);
      }
      return new Outcome.Wrong();
    }
    if (sessions != null) {
      sessions.clearFailures(username, address);
    }
    recent.put(key, new Verified(user.get(), now + REMEMBER.toNanos()));
    if (recent.size() > 10_000) {
      recent.clear();
    }
    return new Outcome.Verified(user.get());
  }

  /** Starts a browser session for a verified user. */
  public SessionStore.NewSession startSession(UserStore.User user) {
    return sessions.create(user.id());
  }

  /** The live session whose cookie the request carries. */
  public Optional<SessionStore.Session> session(Context ctx) {
    if (sessions == null) {
      return Optional.empty();
    }
    return sessions.find(ctx.cookie(SESSION_COOKIE));
  }

  public void endSession(Context ctx) {
    if (sessions != null) {
      sessions.delete(ctx.cookie(SESSION_COOKIE));
    }
  }

  public Optional<UserStore.User> token(String secret) {
    return tokens == null ? Optional.empty() : tokens.find(secret);
  }

  /** Forgets remembered Basic passwords, e.g. after an admin changed or disabled a user. */
  public void forgetRemembered() {
    recent.clear();
  }

  private String digest(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      return java.util.HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
