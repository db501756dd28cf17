package io.switchboard.channel.facebook;

import com.restfb.Connection;
import com.restfb.DefaultFacebookClient;
import com.restfb.DefaultJsonMapper;
import com.restfb.DefaultWebRequestor;
import com.restfb.FacebookEndpoints;
import com.restfb.Parameter;
import com.restfb.Version;
import com.restfb.exception.FacebookException;
import com.restfb.exception.FacebookGraphException;
import com.restfb.exception.FacebookJsonMappingException;
import com.restfb.exception.FacebookNetworkException;
import com.restfb.exception.FacebookResponseContentException;
import com.restfb.json.Json;
import com.restfb.json.JsonObject;
import com.restfb.json.JsonValue;
import com.restfb.json.ParseException;
import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import io.switchboard.util.Backoff;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph API as this channel uses it, through RestFB: reads with every page followed on
 * request, writes, and each failure turned into a {@link GraphError} that says what to do.
 *
 * <p>The token travels in the {@code Authorization} header, never in a URL, and {@code next}
 * links are stripped of any {@code access_token} before they are followed, so neither RestFB's
 * own logging nor ours can show it. Reads are retried on transient errors ({@code retry.attempts}
 * with doubling waits); writes are not, because the outbox checks for an earlier post first.
 *
 * <p>Thread-safe: the last response seen is kept per thread.
 */
public final class Graph {
  private static final Logger LOG = LoggerFactory.getLogger(Graph.class);
  private static final Set<Integer> AUTH = Set.of(190, 102);
  private static final Set<Integer> RATE_LIMIT = Set.of(4, 17, 32, 613);
  private static final Set<Integer> TRANSIENT = Set.of(1, 2);

  /** Waits between retries; returns false when the caller is stopping and should give up. */
  @FunctionalInterface
  public interface Sleeper {
    boolean sleep(Duration d);
  }

  /** One page of a Graph list: its items and the {@code paging.next} link, if any. */
  public record Page(List<JsonObject> data, String next, String what) {
    public boolean hasNext() {
      return next != null && !data.isEmpty();
    }
  }

  private final FacebookAccount account;
  private final Sleeper sleeper;
  private final RetryPolicy<Object> retry;
  private final Requestor requestor;
  private final DefaultFacebookClient client;

  public Graph(FacebookAccount account, Sleeper sleeper) {
    this.account = account;
    this.sleeper = sleeper;
    // attempts bound the waits: retry.base doubling, the doubling stopping at 2^10
    this.retry =
        Backoff.doubling(account.retryBase(), 10)
            .retryPolicy(account.retryAttempts(), e -> e instanceof GraphError g && g.kind() == GraphError.Kind.TRANSIENT);
    this.requestor = new Requestor((int) account.timeout().toMillis());
    this.client =
        new DefaultFacebookClient(
            account.accessToken(), account.appSecret(), requestor, new DefaultJsonMapper(), Version.VERSION_24_0);
    client.setHeaderAuthorization(true);
    String base = account.graphUrl();
    client.setFacebookEndpointUrls(
        new FacebookEndpoints() {
          @Override
          public String getGraphEndpoint() {
            return base;
          }

          @Override
          public String getGraphVideoEndpoint() {
            return base;
          }
        });
  }

  /** A sleeper for callers without a stop signal of their own (the sender). */
  public static boolean plainSleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The first page of a list edge, e.g. {@code 123/comments}. */
  public Page list(String path, Parameter... params) throws GraphError {
    String what = "GET /" + path;
    return retrying(what, () -> page(client.fetchConnection(path, JsonObject.class, params), what));
  }

  /** The page after {@code page}; call only when {@link Page#hasNext}. */
  /**
   * The first {@code max} items of an edge in the order Graph lists them (newest first for posts
   * and media), following paging until there are enough.
   */
  public java.util.List<JsonObject> first(String edge, String fields, int max, int pageSize)
      throws GraphError {
    java.util.List<JsonObject> items = new java.util.ArrayList<>();
    Page page = list(edge, Parameter.withFields(fields), Parameter.withLimit(Math.min(pageSize, max)));
    while (true) {
      for (JsonObject item : page.data()) {
        if (items.size() < max) {
          items.add(item);
        }
      }
      if (items.size() >= max || !page.hasNext()) {
        return items;
      }
      page = next(page);
    }
  }

  public Page next(Page page) throws GraphError {
    String url = withoutToken(page.next());
    String what = page.what().endsWith(" (next page)") ? page.what() : page.what() + " (next page)";
    return retrying(what, () -> page(client.fetchConnectionPage(url, JsonObject.class), what));
  }

  /** One object, e.g. a comment with some fields. */
  public JsonObject object(String path, Parameter... params) throws GraphError {
    String what = "GET /" + path;
    return retrying(what, () -> client.fetchObject(path, JsonObject.class, params));
  }

  /** A write, e.g. {@code POST /{comment-id}/comments}; not retried here. */
  public JsonObject publish(String path, Parameter... params) throws GraphError {
    String what = "POST /" + path;
    requestor.forget();
    try {
      return client.publish(path, JsonObject.class, params);
    } catch (RuntimeException e) {
      throw translate(what, e);
    }
  }

  private interface Call<T> {
    T run();
  }

  private <T> T retrying(String what, Call<T> call) throws GraphError {
    Execution<Object> execution = Execution.of(retry);
    while (true) {
      requestor.forget();
      try {
        return call.run();
      } catch (RuntimeException e) {
        GraphError error = translate(what, e);
        execution.recordException(error);
        if (execution.isComplete()) {
          throw error;
        }
        Duration wait = execution.getDelay();
        LOG.info(
            "{}: {} (attempt {} of {}), retrying in {}",
            account.id(), error.getMessage(), execution.getAttemptCount(), account.retryAttempts(), wait);
        if (!sleeper.sleep(wait)) {
          throw error;
        }
      }
    }
  }

  private Page page(Connection<JsonObject> c, String what) {
    String next = null;
    JsonValue paging = Json.parse(c.getJson()).asObject().get("paging");
    if (paging != null && paging.isObject()) {
      JsonValue n = paging.asObject().get("next");
      next = n != null && n.isString() ? n.asString() : null;
    }
    return new Page(c.getData(), next, what);
  }

  private GraphError translate(String what, RuntimeException e) {
    String token = account.accessToken();
    Last last = requestor.last();
    if (e instanceof FacebookGraphException g) {
      Integer code = g.getErrorCode();
      Integer sub = g.getErrorSubcode();
      String message =
          Tokens.mask(
              String.format(
                  "%s: (#%s%s) %s: %s%s",
                  what,
                  code,
                  sub == null ? "" : "/" + sub,
                  g.getErrorType(),
                  g.getErrorMessage(),
                  g.getFbtraceId() == null ? "" : " [fbtrace_id " + g.getFbtraceId() + "]"),
              token);
      GraphError.Kind kind;
      if (code != null && AUTH.contains(code)) {
        kind = GraphError.Kind.AUTH;
      } else if (code != null && (RATE_LIMIT.contains(code) || (code >= 80001 && code <= 80014))) {
        kind = GraphError.Kind.RATE_LIMIT;
      } else if ((code != null && TRANSIENT.contains(code)) || Boolean.TRUE.equals(g.getIsTransient())) {
        kind = GraphError.Kind.TRANSIENT;
      } else {
        kind = GraphError.Kind.REFUSED;
      }
      return new GraphError(kind, message, code, sub, null, last == null ? null : last.regainAccess());
    }
    if (e instanceof FacebookJsonMappingException
        || e instanceof FacebookResponseContentException
        || e instanceof ParseException
        || e instanceof UnsupportedOperationException) { // RestFB's JSON: a value of the wrong type
      String body = last == null ? null : Tokens.mask(last.body(), token);
      String reason = e instanceof ParseException || e.getCause() instanceof ParseException ? "not valid JSON" : "not the expected JSON";
      return new GraphError(
          GraphError.Kind.MALFORMED,
          what + ": Graph API answered with " + reason + " (" + (body == null ? 0 : body.length()) + " characters)",
          null,
          null,
          body == null ? "" : body,
          null);
    }
    if (e instanceof FacebookNetworkException n) {
      String cause = n.getCause() == null ? "HTTP " + n.getHttpStatusCode() : n.getCause().toString();
      return new GraphError(GraphError.Kind.TRANSIENT, Tokens.mask(what + ": network: " + cause, token), null, null, null, null);
    }
    if (e instanceof FacebookException) {
      return new GraphError(GraphError.Kind.REFUSED, Tokens.mask(what + ": " + e.getMessage(), token), null, null, null, null);
    }
    return new GraphError(GraphError.Kind.TRANSIENT, Tokens.mask(what + ": " + e, token), null, null, null, null);
  }

  /** A Graph {@code next} link without the token; ours goes in the header. */
  static String withoutToken(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    List<String> kept = new ArrayList<>();
    for (String p : url.substring(q + 1).split("&")) {
      if (!p.startsWith("access_token=") && !p.startsWith("appsecret_proof=") && !p.startsWith("appsecret_time=") && !p.isEmpty()) {
        kept.add(p);
      }
    }
    // RestFB appends "&appsecret_proof=..." when an app secret is set, so keep a query string
    return url.substring(0, q) + "?" + (kept.isEmpty() ? "format=json" : String.join("&", kept));
  }

  private record Last(String body, String usage) {
    /** {@code estimated_time_to_regain_access} (minutes) from the business-use-case header. */
    Duration regainAccess() {
      if (usage == null || usage.isBlank()) {
        return null;
      }
      try {
        long minutes = 0;
        JsonObject o = Json.parse(usage).asObject();
        for (String id : o.names()) {
          for (JsonValue v : o.get(id).asArray()) {
            minutes = Math.max(minutes, v.asObject().getLong("estimated_time_to_regain_access", 0));
          }
        }
        return minutes > 0 ? Duration.ofMinutes(minutes) : null;
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  /** RestFB's HTTP client with our timeouts, keeping the last body and usage header per thread. */
  private static final class Requestor extends DefaultWebRequestor {
    private final int timeoutMs;
    private final ThreadLocal<Last> last = new ThreadLocal<>();

    Requestor(int timeoutMs) {
      this.timeoutMs = timeoutMs;
    }

    void forget() {
      last.remove();
    }

    Last last() {
      return last.get();
    }

    @Override
    protected void customizeConnection(HttpURLConnection connection) {
      connection.setConnectTimeout(Math.min(timeoutMs, 10_000));
      connection.setReadTimeout(timeoutMs);
    }

    @Override
    protected Response fetchResponse(HttpURLConnection connection) throws IOException {
      String usage = connection.getHeaderField("x-business-use-case-usage");
      long promised = connection.getContentLengthLong();
      Response r = super.fetchResponse(connection);
      String body = r.getBody() == null ? "" : r.getBody();
      long got = body.getBytes(StandardCharsets.UTF_8).length;
      if (promised > 0 && got < promised) {
        // the connection ended mid-body: a network fault to retry, not a malformed answer
        throw new IOException("response cut off after " + got + " of " + promised + " bytes");
      }
      last.set(new Last(body, usage));
      return r;
    }
  }
}
