package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.switchboard.channel.IngestGateway;
import io.switchboard.channel.RawInbound;
import io.switchboard.conversation.IngestItem;
import io.switchboard.conversation.Replies;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.QuarantineStore;
import io.switchboard.store.UserStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inbox HTTP API (JSON), on loopback unless configured otherwise. */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String USER = "user";
  private static final String ERROR = "switchboard.error";
  private static final Set<String> STATUSES = Set.of("open", "pending", "resolved", "closed");
  private static final Set<String> REPLY_ROLES = Set.of("agent", "lead", "admin");

  private final InboxQueries inbox;
  private final Replies replies;
  private final ChannelHealth health;
  private final Authenticator auth;
  private final ObjectMapper json;
  private final QuarantineStore quarantine;
  private IngestGateway ingest;
  private Javalin app;

  public ApiServer(
      InboxQueries inbox,
      Replies replies,
      ChannelHealth health,
      UserStore users,
      QuarantineStore quarantine) {
    this.inbox = inbox;
    this.quarantine = quarantine;
    this.replies = replies;
    this.health = health;
    this.auth = new Authenticator(users);
    this.json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  /**
   * Starts listening; {@code port} 0 picks a free port. {@code ingest} is the route that
   * reprocessing quarantined input goes through.
   */
  public ApiServer start(String host, int port, IngestGateway ingest) {
    this.ingest = ingest;
    app =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson(json, false));
              config.startup.showJavalinBanner = false;
              config.routes.before("/api/*", this::authenticate);
              config.routes.get("/api/health", this::health);
              config.routes.get("/api/conversations", this::list);
              config.routes.get("/api/conversations/{id}", this::conversation);
              config.routes.post("/api/conversations/{id}/replies", this::reply);
              config.routes.get("/api/quarantine", this::quarantineList);
              config.routes.get("/api/quarantine/{id}/raw", this::quarantineRaw);
              config.routes.post("/api/quarantine/{id}/reprocess", this::reprocess);
              config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.attribute(ERROR) == null) {
                      error(ctx, 404, "no such resource: " + ctx.path());
                    }
                  });
            });
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  private static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    ctx.attribute(ERROR, Boolean.TRUE);
    ctx.status(status).json(body);
  }

  private void authenticate(Context ctx) {
    if (ctx.path().equals("/api/health") || ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    var credentials = ctx.basicAuthCredentials();
    if (credentials == null) {
      ctx.header("WWW-Authenticate", "Basic realm=\"switchboard\", charset=\"UTF-8\"");
      throw new ApiException(401, "sign in with HTTP Basic authentication");
    }
    UserStore.User user =
        auth.authenticate(credentials.getUsername(), credentials.getPassword())
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Basic realm=\"switchboard\", charset=\"UTF-8\"");
                  return new ApiException(401, "wrong user name or password");
                });
    ctx.attribute(USER, user);
  }

  private static UserStore.User user(Context ctx) {
    return ctx.attribute(USER);
  }

  private void health(Context ctx) {
    List<Map<String, Object>> channels =
        health.all().stream()
            .map(
                s -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("account", s.account());
                  m.put("channel", s.channel());
                  m.put("status", s.status());
                  m.put("lastSuccessfulPoll", s.lastSuccessAt());
                  m.put("lastError", s.lastError());
                  m.put("lastErrorAt", s.lastErrorAt());
                  return m;
                })
            .toList();
    ctx.json(Map.of("status", "UP", "channels", channels));
  }

  private void list(Context ctx) {
    String status = blankToNull(ctx.queryParam("status"));
    if (status != null && !STATUSES.contains(status)) {
      throw new ApiException(400, "status must be one of " + STATUSES);
    }
    int limit = intParam(ctx, "limit", 50, 1, 500);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    ctx.json(
        inbox.list(
            new InboxQueries.Filter(
                blankToNull(ctx.queryParam("channel")), status, blankToNull(ctx.queryParam("q")), limit, offset)));
  }

  private void conversation(Context ctx) {
    long id = idParam(ctx);
    InboxQueries.ConversationRow c =
        inbox.conversation(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
    Map<String, Object> body = json.convertValue(c, LinkedHashMap.class);
    body.put("messages", inbox.messages(id));
    ctx.json(body);
  }

  private void reply(Context ctx) {
    UserStore.User user = user(ctx);
    if (!REPLY_ROLES.contains(user.role())) {
      throw new ApiException(403, "role " + user.role() + " cannot reply");
    }
    long id = idParam(ctx);
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (Exception e) {
      throw new ApiException(400, "body must be JSON like {\"text\": \"...\"}");
    }
    if (body == null || !body.path("text").isTextual()) {
      throw new ApiException(400, "body must be JSON like {\"text\": \"...\"}");
    }
    Optional<OutboxStore.Queued> queued;
    try {
      queued = replies.queue(id, user.username(), body.get("text").asText());
    } catch (Replies.Rejected e) {
      throw new ApiException(422, e.getMessage());
    }
    long messageId = queued.orElseThrow(() -> new ApiException(404, "no conversation " + id)).messageId();
    InboxQueries.MessageRow message =
        inbox.messages(id).stream().filter(m -> m.id() == messageId).findFirst().orElseThrow();
    ctx.status(202).json(message);
  }

  private static void requireRole(Context ctx, String role) {
    UserStore.User user = user(ctx);
    if (!user.role().equals(role)) {
      throw new ApiException(403, "only " + role + " may do this; you are " + user.role());
    }
  }

  private void quarantineList(Context ctx) {
    requireRole(ctx, "admin");
    ctx.json(quarantine.list(intParam(ctx, "limit", 50, 1, 500), intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE)));
  }

  private QuarantineStore.Raw quarantined(Context ctx) {
    long id = idParam(ctx);
    return quarantine.raw(id).orElseThrow(() -> new ApiException(404, "no quarantined input " + id));
  }

  private void quarantineRaw(Context ctx) {
    requireRole(ctx, "admin");
    QuarantineStore.Raw raw = quarantined(ctx);
    ctx.contentType(raw.channel().equals("email") ? "message/rfc822" : "application/octet-stream");
    ctx.result(raw.bytes());
  }

  /** Runs quarantined input through ingest again, e.g. after a parser fix; stored input leaves. */
  private void reprocess(Context ctx) {
    requireRole(ctx, "admin");
    long id = idParam(ctx);
    QuarantineStore.Raw raw = quarantined(ctx);
    IngestItem result = ingest.ingest(new RawInbound(raw.channel(), raw.account(), raw.sourceRef(), raw.bytes()));
    if (result.outcome() == IngestItem.Outcome.STORED || result.outcome() == IngestItem.Outcome.DUPLICATE) {
      quarantine.remove(id);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
    body.put("conversationId", result.conversationId());
    body.put("reason", result.reason());
    ctx.json(body);
  }

  private static long idParam(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(400, "id must be a number");
    }
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = blankToNull(ctx.queryParam(name));
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new ApiException(400, name + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be a number");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
