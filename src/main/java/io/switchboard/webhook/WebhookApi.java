package io.switchboard.webhook;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.intParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.Http;
import io.switchboard.store.WebhookStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admins' webhooks: register a URL and its events (the answer shows the signing secret, once),
 * list, enable or disable, delete, and the delivery log with a retry for dead deliveries. A URL
 * that is not http(s), or that points inside without {@code allowPrivate}, is a 400 saying why.
 */
public final class WebhookApi implements ApiFeature {
  private static final Set<String> ADMIN = Set.of("admin");
  private static final Set<String> STATES = Set.of(WebhookStore.PENDING, WebhookStore.DELIVERED, WebhookStore.DEAD);
  private static final String EXAMPLE = "{\"url\": \"https://example.com/hook\", \"events\": [\"message.received\"]}";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookStore store;

  public WebhookApi(WebhookStore store) {
    this.store = store;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/admin/webhooks", this::list, Access.allow(ADMIN, "manage webhooks"));
    routes.post("/api/admin/webhooks", this::create, Access.allow(ADMIN, "manage webhooks"));
    routes.get("/api/admin/webhooks/deliveries", this::deliveries, Access.allow(ADMIN, "see webhook deliveries"));
    routes.get("/api/admin/webhooks/deliveries/{id}", this::delivery, Access.allow(ADMIN, "see webhook deliveries"));
    routes.post("/api/admin/webhooks/deliveries/{id}/retry", this::retry, Access.allow(ADMIN, "retry webhook deliveries"));
    routes.patch("/api/admin/webhooks/{id}", this::update, Access.allow(ADMIN, "manage webhooks"));
    routes.delete("/api/admin/webhooks/{id}", this::delete, Access.allow(ADMIN, "manage webhooks"));
  }

  /**
   * {@code {"url", "events": [...], "allowPrivate": false, "secret": optional}}: 201 with the
   * webhook and its secret (generated when not given; shown only here).
   */
  private void create(Context ctx) {
    JsonNode body = jsonBody(ctx, EXAMPLE);
    boolean allowPrivate = body.path("allowPrivate").asBoolean(false);
    String url = body.path("url").asText(null);
    try {
      WebhookTarget.check(url, allowPrivate);
    } catch (WebhookTarget.Refused e) {
      throw new ApiException(400, e.getMessage());
    }
    List<String> events = events(body.get("events"));
    String secret = body.path("secret").asText("");
    if (secret.isEmpty()) {
      byte[] b = new byte[24];
      RANDOM.nextBytes(b);
      secret = "whsec_" + HexFormat.of().formatHex(b);
    } else if (secret.length() < 16 || secret.length() > 200) {
      throw new ApiException(400, "secret must be 16 to 200 characters (or left out to have one made)");
    }
    WebhookStore.Webhook w = store.create(url.strip(), events, secret, allowPrivate, Http.user(ctx).username());
    Map<String, Object> out = view(w);
    out.put("secret", w.secret());
    ctx.status(201).json(out);
  }

  private static List<String> events(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new ApiException(400, "events must be a non-empty list of " + WebhookFanout.EVENTS);
    }
    List<String> events = new ArrayList<>();
    for (JsonNode e : node) {
      String name = e.asText();
      if (!WebhookFanout.EVENTS.contains(name)) {
        throw new ApiException(400, "unknown event '" + name + "'; events are " + WebhookFanout.EVENTS);
      }
      if (!events.contains(name)) {
        events.add(name);
      }
    }
    return events;
  }

  private void list(Context ctx) {
    ctx.json(Map.of("items", store.all().stream().map(WebhookApi::view).toList(), "counts", store.counts()));
  }

  /** {@code {"enabled": true|false}}. */
  private void update(Context ctx) {
    long id = idParam(ctx);
    JsonNode body = jsonBody(ctx, "{\"enabled\": false}");
    if (!body.path("enabled").isBoolean()) {
      throw new ApiException(400, "enabled must be true or false");
    }
    if (!store.setEnabled(id, body.get("enabled").asBoolean())) {
      throw new ApiException(404, "no webhook " + id);
    }
    ctx.json(view(store.find(id).orElseThrow()));
  }

  private void delete(Context ctx) {
    long id = idParam(ctx);
    if (!store.delete(id)) {
      throw new ApiException(404, "no webhook " + id);
    }
    ctx.status(204);
  }

  /** {@code ?webhook=&state=pending|delivered|dead&limit=&offset=}: the delivery log, newest first. */
  private void deliveries(Context ctx) {
    String state = ctx.queryParam("state");
    if (state != null && !STATES.contains(state)) {
      throw new ApiException(400, "state must be one of pending, delivered, dead");
    }
    Long webhook = Http.text(ctx, "webhook") == null ? null : (long) intParam(ctx, "webhook", 0, 1, Integer.MAX_VALUE);
    var page = store.deliveries(webhook, state, intParam(ctx, "limit", 50, 1, 500), intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", page.total());
    out.put("counts", store.counts());
    out.put("items", page.items());
    ctx.json(out);
  }

  private void delivery(Context ctx) {
    long id = idParam(ctx);
    ctx.json(store.delivery(id).orElseThrow(() -> new ApiException(404, "no webhook delivery " + id)));
  }

  /** A dead delivery is pending again, due now, attempts from zero (409 when it is not dead). */
  private void retry(Context ctx) {
    long id = idParam(ctx);
    var d = store.delivery(id).orElseThrow(() -> new ApiException(404, "no webhook delivery " + id));
    // the row as the retry left it: the deliverer may take it up at once
    ctx.json(store.retry(id).orElseThrow(
        () -> new ApiException(409, "webhook delivery " + id + " is " + d.state() + ", not dead")));
  }

  /** A webhook as the API shows it: never its secret. */
  private static Map<String, Object> view(WebhookStore.Webhook w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("url", w.url());
    m.put("events", w.events());
    m.put("allowPrivate", w.allowPrivate());
    m.put("enabled", w.enabled());
    m.put("createdBy", w.createdBy());
    m.put("createdAt", w.createdAt());
    return m;
  }
}
