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
 * Signed survey links: a token {@code <id>.<value>.<expiry>.<signature>} where the signature is
 * HMAC-SHA256 over {@code <domain>|} and the first three parts. Whoever holds a token may answer
 * that one survey, with that value, until it expires; nobody can make a token for another survey or
 * value without the key. The domain keeps surveys that share a key apart (a CSAT token is never a
 * valid NPS one). Subclasses fix the domain and the value range. Thread-safe.
 */
public class SignedLinks {
  private static final String ALGORITHM = "HmacSHA256";

  private final String domain;
  private final String valueName;
  private final int maxValue;
  private final String range;
  private final SecretKeySpec key;
  private final Clock clock;

  /**
   * @param maxValue highest value a token may carry (0 is the lowest)
   * @param range how the refusal of an out-of-range value names the range, e.g. {@code 0-5}
   */
  protected SignedLinks(String domain, String valueName, int maxValue, String range, byte[] key, Clock clock) {
    this.domain = domain + "|";
    this.valueName = valueName;
    this.maxValue = maxValue;
    this.range = range;
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.clock = clock;
  }

  /** What a token says, once its signature is checked. */
  public sealed interface Checked {
    /** Signed by us and not expired. */
    record Valid(long id, int value, Instant expires) implements Checked {}

    /** Signed by us but past its time. */
    record Expired(long id) implements Checked {}

    /** Malformed or not signed with our key. */
    record Invalid() implements Checked {}
  }

  public String token(long id, int value, Instant expires) {
    if (value < 0 || value > maxValue) {
      throw new IllegalArgumentException(valueName + " must be " + range);
    }
    String payload = id + "." + value + "." + expires.getEpochSecond();
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
    long id;
    int value;
    Instant expires;
    try {
      id = Long.parseLong(parts[0]);
      value = Integer.parseInt(parts[1]);
      expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return new Checked.Invalid();
    }
    if (value < 0 || value > maxValue) {
      return new Checked.Invalid();
    }
    if (!clock.instant().isBefore(expires)) {
      return new Checked.Expired(id);
    }
    return new Checked.Valid(id, value, expires);
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] sig = mac.doFinal((domain + payload).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
