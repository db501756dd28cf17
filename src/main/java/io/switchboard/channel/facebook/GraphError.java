package io.switchboard.channel.facebook;

import java.time.Duration;

/**
 * A Graph API call that did not give a usable answer, sorted by what the caller should do about
 * it. The message is already masked and names the call, the Graph error code and the reason.
 */
public final class GraphError extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, which decides the reaction. */
  public enum Kind {
    /** The token is invalid or expired (OAuthException 190, 102): the channel is down until fixed. */
    AUTH,
    /** Throttled (codes 4, 17, 32, 613, 80001–80014): wait until allowed, then go on. */
    RATE_LIMIT,
    /** Temporary (codes 1, 2, is_transient, network, 5xx): retry with backoff. */
    TRANSIENT,
    /** The body is not the JSON it should be; {@link #rawBody} holds it for quarantine. */
    MALFORMED,
    /** Graph refused the call for good (permissions, unknown object, policy). */
    REFUSED
  }

  private final Kind kind;
  private final Integer code;
  private final Integer subcode;
  private final transient String rawBody;
  private final Duration retryAfter;

  GraphError(Kind kind, String message, Integer code, Integer subcode, String rawBody, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.subcode = subcode;
    this.rawBody = rawBody;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public Integer code() {
    return code;
  }

  public Integer subcode() {
    return subcode;
  }

  /** The response body as received (masked), for {@link Kind#MALFORMED}; else null. */
  public String rawBody() {
    return rawBody;
  }

  /** How long Graph says to wait (from the usage headers), or null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean is(int graphCode) {
    return code != null && code == graphCode;
  }
}
