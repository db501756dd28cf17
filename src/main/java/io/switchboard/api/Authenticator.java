package io.switchboard.api;

import io.switchboard.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials. bcrypt is slow on purpose, so a verified pair is remembered for a
 * minute (by a salted digest, never the password itself) to keep scripts that call the API often
 * fast.
 */
final class Authenticator {
  private static final Duration REMEMBER = Duration.ofMinutes(1);

  private final UserStore users;
  private final byte[] salt = java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
  private final Map<String, Verified> recent = new ConcurrentHashMap<>();

  private record Verified(UserStore.User user, long until) {}

  Authenticator(UserStore users) {
    this.users = users;
  }

  Optional<UserStore.User> authenticate(String username, String password) {
    String key = digest(username + "\u0000" + password);
    Verified v = recent.get(key);
    long now = System.nanoTime();
    if (v != null && v.until() - now > 0) {
      return Optional.of(v.user());
    }
    Optional<UserStore.User> user = users.authenticate(username, password);
    user.ifPresent(u -> recent.put(key, new Verified(u, now + REMEMBER.toNanos())));
    if (recent.size() > 10_000) {
      recent.clear();
    }
    return user;
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
