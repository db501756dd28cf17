package io.switchboard.channel.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import twitter4j.TwitterException;

/** A call to the X API that did not work, sorted by what the caller should do about it. */
final class XApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind {
    /** 429: wait until {@link #resetAt}. */
    RATE_LIMITED,
    /** 5xx, timeouts, connection errors: try again soon. */
    TRANSIENT,
    /** 401, 403: the credentials or the app's access level; a person has to act. */
    AUTH,
    /** Any other 4xx: this request will not work as it is. */
    REJECTED,
    /** 2xx whose body is not the JSON we expect; {@link #body} holds it as received. */
    MALFORMED
  }

  private final Kind kind;
  private final int status;
  private final transient Instant resetAt;
  private final byte[] body;

  XApiException(Kind kind, int status, String reason, Instant resetAt, byte[] body, Throwable cause) {
    super(reason, cause);
    this.kind = kind;
    this.status = status;
    this.resetAt = resetAt;
    this.body = body;
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  /** When a rate limit ends ({@code x-rate-limit-reset}), or null when X did not say. */
  Instant resetAt() {
    return resetAt;
  }

  byte[] body() {
    return body;
  }

  static XApiException malformed(String call, String problem, byte[] body) {
    return new XApiException(Kind.MALFORMED, 200, call + ": malformed JSON from X: " + problem, null, body, null);
  }

  /** Sorts Twitter4J's exception and puts X's own words (the error body's detail) in the reason. */
  static XApiException from(String call, TwitterException e) {
    int status = e.getStatusCode();
    if (e.getCause() instanceof twitter4j.JSONException j) {
      return new XApiException(Kind.MALFORMED, status, call + ": X's answer is not the JSON expected: " + j.getMessage(), null, null, e);
    }
    if (status <= 0 || e.isCausedByNetworkIssue()) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String what = cause instanceof java.net.SocketTimeoutException ? "timed out" : "unreachable";
      return new XApiException(Kind.TRANSIENT, status, call + ": X API " + what + ": " + cause, null, null, e);
    }
    String detail = detail(e);
    String reason = call + ": X API answered " + status + " " + statusText(status) + (detail.isEmpty() ? "" : ": " + detail);
    Kind kind;
    if (status == 429) {
      kind = Kind.RATE_LIMITED;
    } else if (status >= 500) {
      kind = Kind.TRANSIENT;
    } else if (status == 401 || status == 403) {
      kind = Kind.AUTH;
    } else {
      kind = Kind.REJECTED;
    }
    return new XApiException(kind, status, reason, resetAt(e), null, e);
  }

  private static Instant resetAt(TwitterException e) {
    String reset = e.getResponseHeader("x-rate-limit-reset");
    if (reset == null) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(reset.trim()));
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  /**
   * X's explanation from the error body: v2 problem details ({@code detail}, {@code title}) or
   * {@code errors[0].message}. Twitter4J keeps the body as the last part of its message.
   */
  private static String detail(TwitterException e) {
    String message = String.valueOf(e.getMessage());
    int brace = message.indexOf('{');
    if (brace >= 0) {
      try {
        JsonNode body = JSON.readTree(message.substring(brace));
        for (String field : new String[] {"detail", "title"}) {
          if (body.hasNonNull(field)) {
            return body.get(field).asText();
          }
        }
        JsonNode first = body.path("errors").path(0);
        if (first.hasNonNull("message")) {
          return first.get("message").asText();
        }
        if (first.hasNonNull("detail")) {
          return first.get("detail").asText();
        }
      } catch (java.io.IOException ignored) {
        // not JSON: fall through to the raw last line
      }
    }
    String[] lines = message.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 300) + "…" : last;
  }

  private static String statusText(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
