package io.switchboard.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a channel account's poller to have read its source again, by the last successful poll
 * that {@code /api/health} reports. A test that asserts "nothing more came" waits for this
 * first, instead of sleeping and hoping the poller had its turns meanwhile.
 */
public final class Polls {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Polls() {}

  /**
   * Returns once {@code account} has finished {@code n} polls that all began after this call. Each
   * poll's success is recorded before its batch is stored, so the n-th poll began only after the
   * (n-1)-th batch went through ingest: with n = 3, two whole polls ran after the call.
   */
  public static void awaitMore(int port, String account, int n) {
    awaitAfter(port, account, Instant.now(), n);
  }

  /** As {@link #awaitMore}, for polls that all began after {@code since}. */
  public static void awaitAfter(int port, String account, Instant since, int n) {
    Api health = new Api(port, null, null);
    Instant after = since;
    for (int i = 0; i < n; i++) {
      Instant seen = after;
      after = await().atMost(TIMEOUT).until(() -> lastPoll(health, account), t -> t != null && t.isAfter(seen));
    }
  }

  private static Instant lastPoll(Api health, String account) {
    for (JsonNode c : health.ok("/api/health").get("channels")) {
      if (c.get("account").asText().equals(account)) {
        JsonNode t = c.get("lastSuccessfulPoll");
        return t == null || t.isNull() ? null : Instant.parse(t.asText());
      }
    }
    throw new AssertionError("no account " + account + " in /api/health");
  }
}
