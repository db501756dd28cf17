package io.switchboard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.switchboard.channel.IngestGateway;
import io.switchboard.conversation.Replies;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.QuarantineStore;
import io.switchboard.store.UserStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: JSON errors, authentication for everything under {@code /api/} but health, and
 * the endpoint groups ({@link ApiFeature}). Loopback unless configured otherwise.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String ERROR = "switchboard.error";

  private final Authenticator auth;
  private final ObjectMapper json = jsonMapper();
  private final List<ApiFeature> features = new ArrayList<>();
  private volatile IngestGateway ingest;
  private Javalin app;

  public ApiServer(
      InboxQueries inbox,
      Replies replies,
      ChannelHealth health,
      UserStore users,
      QuarantineStore quarantine) {
    this.auth = new Authenticator(users);
    features.add(new HealthApi(health));
    features.add(new ConversationApi(inbox, replies, json));
    features.add(new QuarantineApi(quarantine, () -> ingest));
  }

  /** The JSON mapping every endpoint uses (ISO-8601 instants). */
  public static ObjectMapper jsonMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  /** Adds an endpoint group; call before {@link #start}. */
  public ApiServer with(ApiFeature feature) {
    features.add(feature);
    return this;
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
              features.forEach(f -> f.register(config.routes));
              config.routes.exception(
                  ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.details()));
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
    error(ctx, status, message, Map.of());
  }

  private static void error(Context ctx, int status, String message, Map<String, Object> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    body.putAll(details);
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
    ctx.attribute(Http.USER, user);
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
