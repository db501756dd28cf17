package io.switchboard.workflow.csat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed rating links: a token {@code <conversation>.<rating>.<expiry>.<signature>} where the
 * signature is HMAC-SHA256 over the first three parts. Whoever holds a token may rate that one
 * conversation, once, until it expires; nobody can make a token for another conversation or
 * rating without the key. Rating 0 means "let me choose" (the link sent in DMs). Thread-safe.
 */
public final class RatingLinks {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Clock clock;

  public RatingLinks(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.clock = clock;
  }

  /** What a token says, once its signature is checked. */
  public sealed interface Checked {
    /** Signed by us and not expired. */
    record Valid(long conversationId, int rating, Instant expires) implements Checked {}

    /** Signed by us but past its time. */
    record Expired(long conversationId) implements Checked {}

    /** Malformed or not signed with our key. */
    record Invalid() implements Checked {}
  }

  /** @param rating 1-5, or 0 for a link that lets the customer choose */
  public String token(long conversationId, int rating, Instant expires) {
    if (rating < 0 || rating > 5) {
      throw new IllegalArgumentException("rating must be 0-5");
    }
    String payload = conversationId + "." + rating + "." + expires.getEpochSecond();
    return payload + "." + sign(payload);
  }

  public Checked check(String token) {
    if (token == null || token.length() > 200) {
      return new Checked.Invalid();
    }
    int last = token.lastIndexOf('.');
    if (last < 0) {
      return new Checked.Invalid();
    }
    String payload = token.substring(0, last);
    byte[] given = token.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      return new Checked.Invalid();
    }
    String[] parts = payload.split("\\.");
    if (parts.length != 3) {
      return new Checked.Invalid();
    }
    long conversation;
    int rating;
    Instant expires;
    try {
      conversation = Long.parseLong(parts[0]);
      rating = Integer.parseInt(parts[1]);
      expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return new Checked.Invalid();
    }
    if (rating < 0 || rating > 5) {
      return new Checked.Invalid();
    }
    if (!clock.instant().isBefore(expires)) {
      return new Checked.Expired(conversation);
    }
    return new Checked.Valid(conversation, rating, expires);
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] sig = mac.doFinal(("csat|" + payload).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
