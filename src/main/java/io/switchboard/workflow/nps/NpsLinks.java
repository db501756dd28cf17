package io.switchboard.workflow.nps;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed score links: {@code <survey>.<score>.<expiry>.<signature>}, HMAC-SHA256 over {@code
 * nps|} and the first three parts (the CSAT key, another domain: a CSAT token is never a valid NPS
 * one). Score 0-10, or {@link #CHOOSE} for the DM's link that lets the customer pick. Thread-safe.
 */
public final class NpsLinks {
  public static final int CHOOSE = 11;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Clock clock;

  public NpsLinks(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.clock = clock;
  }

  /** What a token says once its signature is checked. */
  public sealed interface Checked {
    record Valid(long surveyId, int score, Instant expires) implements Checked {}

    record Expired(long surveyId) implements Checked {}

    record Invalid() implements Checked {}
  }

  public String token(long surveyId, int score, Instant expires) {
    if (score < 0 || score > CHOOSE) {
      throw new IllegalArgumentException("score must be 0-10");
    }
    String payload = surveyId + "." + score + "." + expires.getEpochSecond();
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
    if (!MessageDigest.isEqual(given, sign(payload).getBytes(StandardCharsets.US_ASCII))) {
      return new Checked.Invalid();
    }
    String[] parts = payload.split("\\.");
    if (parts.length != 3) {
      return new Checked.Invalid();
    }
    try {
      long survey = Long.parseLong(parts[0]);
      int score = Integer.parseInt(parts[1]);
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      if (score < 0 || score > CHOOSE) {
        return new Checked.Invalid();
      }
      return clock.instant().isBefore(expires) ? new Checked.Valid(survey, score, expires) : new Checked.Expired(survey);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return new Checked.Invalid();
    }
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("nps|" + payload).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
