package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.ApiServer;
import io.switchboard.api.Authenticator;
import io.switchboard.store.Secrets;
import io.switchboard.store.SessionStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web inbox's pages, served from the jar: sign-in ({@code /login}, a plain form POST that works
 * without script), the inbox ({@code /}), the admin page ({@code /admin}) and their static files
 * ({@code /assets/…}, served by {@link io.switchboard.api.ApiServer} as static files). Pages need a
 * session; everything they show comes from {@code /api/}.
 */
public final class WebPages implements ApiFeature {
  private final Authenticator auth;

  public WebPages(Authenticator auth) {
    this.auth = auth;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.render("index.html.peb"), Access.signedIn());
    routes.get("/admin", ctx -> ctx.render("admin.html.peb"), Access.page(Set.of("admin"), "Only admins can open this page."));
    routes.get("/login", this::loginPage);
    routes.post("/login", this::signIn);
    routes.post("/logout", this::signOut);
  }

  private void loginPage(Context ctx) {
    if (auth.session(ctx).isPresent()) {
      ctx.redirect("/", HttpStatus.SEE_OTHER);
      return;
    }
    String message = "signed-out".equals(ctx.queryParam("m")) ? "You are signed out." : null;
    noStore(ctx);
    showLogin(ctx, message, false, "");
  }

  private void signIn(Context ctx) {
    ApiServer.refuseCrossSite(ctx);
    String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    noStore(ctx);
    if (username.isEmpty() || password.isEmpty()) {
      showLogin(ctx.status(400), "Enter your user name and password.", true, username);
      return;
    }
    Authenticator.Outcome outcome = auth.password(username, password, ctx.ip());
    if (outcome instanceof Authenticator.Outcome.Locked locked) {
      ctx.header("Retry-After", String.valueOf(Math.max(1, locked.retryAfter().toSeconds())));
      String m = ApiServer.lockedMessage(locked);
      showLogin(ctx.status(429), Character.toUpperCase(m.charAt(0)) + m.substring(1) + ".", true, username);
      return;
    }
    if (!(outcome instanceof Authenticator.Outcome.Verified verified)) {
      showLogin(ctx.status(401), "Wrong user name or password.", true, username);
      return;
    }
    SessionStore.NewSession session = auth.startSession(verified.user());
    ctx.cookie(sessionCookie(ctx, session.cookieValue(), -1));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  /** Ends the session: needs its CSRF token in the header or a {@code csrf} form field. */
  private void signOut(Context ctx) {
    ApiServer.refuseCrossSite(ctx);
    Optional<SessionStore.Session> session = auth.session(ctx);
    if (session.isPresent()) {
      String token = ctx.header(Authenticator.CSRF_HEADER);
      if (token == null) {
        token = ctx.formParam("csrf");
      }
      if (!Secrets.same(token, session.get().csrfToken())) {
        throw new ApiException(403, "missing or wrong CSRF token (" + Authenticator.CSRF_HEADER + ")");
      }
      auth.endSession(ctx);
    }
    ctx.cookie(sessionCookie(ctx, "", 0));
    ctx.redirect("/login?m=signed-out", HttpStatus.SEE_OTHER);
  }

  private static void showLogin(Context ctx, String message, boolean error, String username) {
    Map<String, Object> model = new HashMap<>();
    model.put("message", message);
    model.put("error", error);
    model.put("username", username);
    ctx.render("login.html.peb", model);
  }

  /**
   * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
   * Secure behind HTTPS; {@code maxAge} -1 lasts the browser session, 0 removes it.
   */
  private static Cookie sessionCookie(Context ctx, String value, int maxAge) {
    return new Cookie(Authenticator.SESSION_COOKIE, value, "/", maxAge, secure(ctx), true, null, SameSite.STRICT);
  }

  private static boolean secure(Context ctx) {
    return "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }
}
