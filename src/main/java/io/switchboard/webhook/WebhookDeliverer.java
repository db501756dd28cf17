package io.switchboard.webhook;

import io.switchboard.store.WebhookStore;
import io.switchboard.util.Backoff;
import io.switchboard.util.KeyedRuns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of the {@code webhook-deliveries} route: {@link #poll} claims due deliveries, {@link
 * #deliver} posts each, signed, in order per webhook and conversation, and marks it delivered on a
 * 2xx answer. Anything else (an error status, a timeout, a refused address) is tried again after a
 * doubling wait ({@link Backoff}) and dead-lettered after {@code maxAttempts}; the conversation's
 * later deliveries to that webhook wait meanwhile. A delivery interrupted by a stop or a crash keeps
 * its claim until the lease ends and is then sent again with the same delivery id: at least once,
 * and never again once a 2xx was recorded. Logs name the webhook and host, never the secret or the
 * URL's query. Thread-safe.
 */
public final class WebhookDeliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliverer.class);
  public static final String SIGNATURE_HEADER = "X-Switchboard-Signature";
  public static final String DELIVERY_HEADER = "X-Switchboard-Delivery";
  public static final String EVENT_HEADER = "X-Switchboard-Event";

  /** How deliveries are claimed, timed and retried ({@code switchboard.webhooks.*}). */
  public record Settings(
      String instance, int batch, Duration lease, Duration timeout, Backoff backoff, int maxAttempts, int threads,
      Duration keepDelivered) {
    public static Settings defaults(String instance) {
      return new Settings(
          instance, 50, Duration.ofSeconds(60), Duration.ofSeconds(10),
          new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10)), 10, 2, Duration.ofDays(7));
    }
  }

  private final WebhookStore store;
  private final Settings settings;
  private final Clock clock;
  private final HttpClient http;
  private final KeyedRuns runs;
  private volatile boolean closed;
  private volatile Instant lastPurge = Instant.EPOCH;

  public WebhookDeliverer(WebhookStore store, Settings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.runs = new KeyedRuns("webhook-deliveries", settings.threads());
  }

  /** Due deliveries, claimed for this instance; empty when nothing is due or after {@link #close}. */
  public List<WebhookStore.Claimed> poll() {
    if (closed) {
      return List.of();
    }
    purgeNowAndThen();
    return store.claim(settings.instance(), settings.batch(), settings.lease());
  }

  /** What one {@link #deliver} did. */
  public record Result(int delivered, int retried, int dead, int held) {}

  /** Posts the claimed deliveries, each webhook's conversation in order, different ones in parallel. */
  public Result deliver(List<WebhookStore.Claimed> claimed) throws InterruptedException {
    if (claimed == null || claimed.isEmpty()) {
      return new Result(0, 0, 0, 0);
    }
    int[] sum =
        runs.run(
            claimed,
            c -> c.webhookId() + "/" + c.conversationId(),
            this::inOrder,
            4,
            e -> LOG.warn("webhook deliveries not marked: {}", e.toString()));
    return new Result(sum[0], sum[1], sum[2], sum[3]);
  }

  private int[] inOrder(List<WebhookStore.Claimed> group) {
    int[] r = new int[4];
    boolean failed = false;
    for (WebhookStore.Claimed c : group) {
      if (closed || Thread.currentThread().isInterrupted()) {
        return r; // stopping: the claims run out and the rows are sent again, same delivery ids
      }
      if (failed) {
        store.release(c.id(), settings.instance());
        r[3]++;
        continue;
      }
      Attempt a = attempt(c);
      if (a == null) {
        return r; // interrupted mid-send: as a crash, leave the claim to expire
      }
      if (a.ok()) {
        store.delivered(c.id(), settings.instance(), a.status());
        r[0]++;
        continue;
      }
      failed = true;
      if (c.attempts() >= settings.maxAttempts()) {
        store.dead(c.id(), settings.instance(), a.status(), a.error());
        LOG.warn("webhook {} delivery {} ({}) dead after {} attempts: {}", c.webhookId(), c.deliveryId(), c.event(), c.attempts(), a.error());
        r[2]++;
      } else {
        Instant next = clock.instant().plus(settings.backoff().delay(c.attempts()));
        store.retryLater(c.id(), settings.instance(), a.status(), a.error(), next);
        LOG.info("webhook {} delivery {} ({}) failed, attempt {} of {}, again at {}: {}",
            c.webhookId(), c.deliveryId(), c.event(), c.attempts(), settings.maxAttempts(), next, a.error());
        r[1]++;
      }
    }
    return r;
  }

  /** One try's outcome: the status when there was an answer, and what went wrong if it was not 2xx. */
  record Attempt(Integer status, String error) {
    boolean ok() {
      return error == null;
    }
  }

  /** Posts one delivery; null when interrupted (stopping). */
  Attempt attempt(WebhookStore.Claimed c) {
    URI uri;
    try {
      uri = WebhookTarget.check(c.url(), c.allowPrivate());
    } catch (WebhookTarget.Refused e) {
      return new Attempt(null, "refused: " + e.getMessage());
    }
    byte[] body = c.payload().getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Switchboard-Webhooks")
            .header(DELIVERY_HEADER, c.deliveryId())
            .header(EVENT_HEADER, c.event())
            .header(SIGNATURE_HEADER, "sha256=" + sign(c.secret(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status / 100 == 2 ? new Attempt(status, null) : new Attempt(status, "HTTP " + status + " from " + where(uri));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.io.IOException e) {
      // the exception's text may hold the URL; name the host only
      return new Attempt(null, e.getClass().getSimpleName() + " from " + where(uri));
    }
  }

  /** {@code scheme://host:port/path}: no query, which may carry a receiver's own token. */
  static String where(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getPath() == null ? "" : uri.getPath());
  }

  /** Hex HMAC-SHA256 of {@code body} under {@code secret}: what a receiver recomputes to trust the payload. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims and delivers until nothing is due; for tools and tests. */
  public int drain() throws InterruptedException {
    int n = 0;
    while (true) {
      Result r = deliver(store.claim(settings.instance(), settings.batch(), settings.lease()));
      int did = r.delivered() + r.retried() + r.dead();
      if (did == 0) {
        return n;
      }
      n += did;
    }
  }

  private void purgeNowAndThen() {
    Instant now = clock.instant();
    if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) < 0) {
      return;
    }
    lastPurge = now;
    store.purgeDelivered(now.minus(settings.keepDelivered()));
  }

  @Override
  public void close() {
    closed = true;
    runs.close();
  }
}
