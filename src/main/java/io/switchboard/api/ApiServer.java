package io.switchboard.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.switchboard.conversation.IngestGateway;
import io.switchboard.conversation.Replies;
import io.switchboard.html.Templates;
import io.switchboard.store.ApiTokenStore;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.QuarantineStore;
import io.switchboard.store.Secrets;
import io.switchboard.store.SessionStore;
import io.switchboard.store.UserAccounts;
import io.switchboard.store.UserStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: security headers on every answer, JSON errors, authentication for everything
 * under {@code /api/} but health, the access manager that enforces each route's {@link Access},
 * Pebble pages ({@code ctx.render}), the static files of {@code web/}, and the endpoint groups
 * ({@link ApiFeature}). Loopback unless configured otherwise.
 *
 * <p>Callers are scripts (HTTP Basic or an API token) or the web inbox (a session cookie). A change
 * made with a session must carry the session's CSRF token in {@value Authenticator#CSRF_HEADER};
 * any change a browser sends from another site is refused, whatever its credentials (browsers
 * replay remembered Basic credentials on their own).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String ERROR = "switchboard.error";
  private static final String FORBIDDEN_PAGE = "forbidden.html.peb";
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  /** No inline script or style, nothing from other sites, never framed. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private final UserStore users;
  private Authenticator auth;
  private final ObjectMapper json = jsonMapper();
  private final List<ApiFeature> features = new ArrayList<>();
  private volatile IngestGateway ingest;
  private Javalin app;
  private final HealthApi healthApi;

  public ApiServer(
      InboxQueries inbox,
      Replies replies,
      ChannelHealth health,
      UserStore users,
      QuarantineStore quarantine) {
    this.users = users;
    this.auth = new Authenticator(users);
    this.healthApi = new HealthApi(health);
    features.add(healthApi);
    features.add(new ConversationApi(inbox, replies, json));
    features.add(new QuarantineApi(quarantine, () -> ingest));
  }

  /** The JSON mapping every endpoint uses (ISO-8601 instants). */
  public static ObjectMapper jsonMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  /**
   * Adds browser sessions with CSRF tokens, API tokens, the lockout after failed passwords, {@code
   * GET /api/me} and the admin endpoints for users and tokens; call before {@link #start}.
   */
  public ApiServer withSignIn(SessionStore sessions, ApiTokenStore tokens, UserAccounts accounts) {
    this.auth = new Authenticator(users, sessions, tokens, accounts);
    features.add(new SessionApi());
    features.add(new UserAdminApi(auth, users, accounts, tokens, sessions, json));
    return this;
  }

  /** Who is calling; the web pages use it for sign-in. */
  public Authenticator authenticator() {
    return auth;
  }

  /** Shows each account's open alert in {@code GET /api/health} (ADR 0045); call before {@link #start}. */
  public ApiServer withAlerts(io.switchboard.store.AlertStore alerts) {
    healthApi.alerts = alerts;
    return this;
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
              config.fileRenderer((template, model, ctx) -> Templates.page(template, model));
              config.staticFiles.add(ApiServer::publicFiles);
              config.routes.before(ApiServer::securityHeaders);
              config.routes.before("/api/*", this::authenticate);
              config.routes.before("/api/*", ApiServer::refuseMetricsRole);
              config.routes.beforeMatched(this::checkAccess);
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

  /**
   * Every registered HTTP endpoint as "METHOD /path" (filters and error handlers left out), so a
   * test can check that each one asks for sign-in, including endpoints added later.
   */
  public List<String> endpoints() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> e.method.name() + " " + e.path)
        .distinct()
        .toList();
  }

  /**
   * The classpath folder {@code web/} as is: the pages' scripts and styles under {@code /assets/}
   * and the digest dashboard. Public, like any script a page loads; what they show comes from
   * {@code /api/}. Pages are templates elsewhere, so nothing here needs a session. {@code
   * no-cache}: browsers ask again and get 304 until a new jar changes a file.
   */
  private static void publicFiles(StaticFileConfig files) {
    files.hostedPath = "/";
    files.directory = "/web";
    files.location = Location.CLASSPATH;
    files.headers = Map.of("Cache-Control", "no-cache");
    files.mimeTypes.add("text/javascript; charset=utf-8", "js");
    files.mimeTypes.add("text/css; charset=utf-8", "css");
    files.mimeTypes.add("text/html; charset=utf-8", "html");
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

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  private void authenticate(Context ctx) {
    if (ctx.path().equals("/api/health") || ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    boolean change = !SAFE.contains(ctx.method());
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      UserStore.User user =
          auth.token(authorization.substring(7).strip())
              .orElseThrow(() -> new ApiException(401, "unknown or revoked API token"));
      ctx.attribute(Http.USER, user);
      return;
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      if (change) {
        refuseCrossSite(ctx);
      }
      var credentials = ctx.basicAuthCredentials();
      if (credentials == null) {
        throw challenge(ctx, "sign in with HTTP Basic authentication");
      }
      Authenticator.Outcome outcome = auth.password(credentials.getUsername(), credentials.getPassword(), ctx.ip());
      if (outcome instanceof Authenticator.Outcome.Locked locked) {
        ctx.header("Retry-After", String.valueOf(Math.max(1, locked.retryAfter().toSeconds())));
        throw new ApiException(429, lockedMessage(locked));
      }
      if (!(outcome instanceof Authenticator.Outcome.Verified verified)) {
        throw challenge(ctx, "wrong user name or password");
      }
      ctx.attribute(Http.USER, verified.user());
      return;
    }
    if (ctx.cookie(Authenticator.SESSION_COOKIE) != null && auth.hasSessions()) {
      SessionStore.Session session =
          auth.session(ctx).orElseThrow(() -> new ApiException(401, "your session has ended; sign in again"));
      if (change) {
        refuseCrossSite(ctx);
        String token = ctx.header(Authenticator.CSRF_HEADER);
        if (!Secrets.same(token, session.csrfToken())) {
          throw new ApiException(403, "missing or wrong CSRF token (" + Authenticator.CSRF_HEADER + ")");
        }
      }
      ctx.attribute(Http.USER, session.user());
      ctx.attribute(Http.CSRF, session.csrfToken());
      return;
    }
    throw challenge(ctx, "sign in with HTTP Basic authentication, an API token or a session");
  }

  /** A scraper's user ({@code metrics} role) reads {@code /metrics} and nothing of the inbox. */
  private static void refuseMetricsRole(Context ctx) {
    UserStore.User user = ctx.attribute(Http.USER);
    if (user != null && UserStore.METRICS_ROLE.equals(user.role())) {
      throw new ApiException(403, "role metrics can read /metrics only");
    }
  }

  /**
   * The access manager: refuses a route whose {@link Access} the caller lacks. Runs after {@link
   * #authenticate}, so an API caller is known; a page finds its caller from the session cookie.
   */
  private void checkAccess(Context ctx) {
    for (RouteRole role : ctx.routeRoles()) {
      if (role instanceof Access.Api api) {
        Http.requireRole(ctx, api.roles(), api.action());
      } else if (role instanceof Access.Page page) {
        Optional<SessionStore.Session> session = auth.session(ctx);
        if (session.isEmpty()) {
          ctx.redirect("/login", HttpStatus.SEE_OTHER);
          ctx.skipRemainingHandlers();
          return;
        }
        ctx.header("Cache-Control", "no-store");
        UserStore.User user = session.get().user();
        if (!page.roles().contains(user.role())) {
          ctx.status(403).render(FORBIDDEN_PAGE, Map.of("message", page.refusal()));
          ctx.skipRemainingHandlers();
          return;
        }
        ctx.attribute(Http.USER, user);
        ctx.attribute(Http.CSRF, session.get().csrfToken());
      }
    }
  }

  /** The message for a locked user name, in whole minutes. */
  public static String lockedMessage(Authenticator.Outcome.Locked locked) {
    long minutes = Math.max(1, (locked.retryAfter().toSeconds() + 59) / 60);
    return "too many failed sign-ins for this user from your address; try again in "
        + minutes
        + (minutes == 1 ? " minute" : " minutes");
  }

  /** 401; the Basic challenge only for scripts, so the web page gets no browser password dialog. */
  private static ApiException challenge(Context ctx, String message) {
    if (ctx.header("X-Requested-With") == null) {
      ctx.header("WWW-Authenticate", "Basic realm=\"switchboard\", charset=\"UTF-8\"");
    }
    return new ApiException(401, message);
  }

  /**
   * Refuses a change that a browser sends from another site: browsers say where a request comes
   * from ({@code Sec-Fetch-Site}, {@code Origin}); scripts send neither.
   */
  public static void refuseCrossSite(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new ApiException(403, "cross-site request refused");
    }
    String origin = ctx.header("Origin");
    if (origin != null && !sameHost(origin, ctx.header("Host"))) {
      throw new ApiException(403, "cross-site request refused");
    }
  }

  private static boolean sameHost(String origin, String host) {
    try {
      URI o = URI.create(origin);
      if (o.getHost() == null || host == null) {
        return false;
      }
      String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (ApiFeature f : features) {
      if (f instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {}: {}", f.getClass().getSimpleName(), e.toString());
        }
      }
    }
    if (app != null) {
      app.stop();
    }
  }
}
