package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.ApiServer;
import io.switchboard.support.Api;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session sign-in, sign-out, CSRF, lockout after failed passwords, security headers. */
class SignInTest {
  @TempDir static Path dir;
  static WebFixture app;

  @BeforeAll
  static void start() throws Exception {
    app = new WebFixture(dir);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void pagesShouldSendVisitorsWithoutASessionToTheSignInPage() {
    WebClient web = new WebClient(app.port());
    assertThat(web.get("/").status()).isEqualTo(303);
    assertThat(web.get("/").header("Location")).isEqualTo("/login");
    WebClient.Response login = web.get("/login");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("<form method=\"post\" action=\"/login\"");
    assertThat(web.get("/api/conversations").status()).isEqualTo(401);
  }

  @Test
  void signInShouldSetAnHttpOnlyStrictSessionCookieStoredOnlyAsADigest() {
    WebClient web = new WebClient(app.port());
    WebClient.Response r = web.signIn("ada", WebFixture.PASSWORD);
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo("/");
    String cookie = r.header("Set-Cookie");
    assertThat(cookie).startsWith("sb_session=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    String value = cookie.substring("sb_session=".length(), cookie.indexOf(';'));
    long stored =
        app.daemon.services().jdbi().withHandle(h ->
            h.createQuery("SELECT COUNT(*) FROM web_session WHERE token_hash = :v").bind("v", value).mapTo(Long.class).one());
    assertThat(stored).as("the cookie value itself is never stored").isZero();

    assertThat(web.get("/").status()).isEqualTo(200);
    WebClient.Response me = web.get("/api/me");
    assertThat(me.json().get("username").asText()).isEqualTo("ada");
    assertThat(me.json().get("role").asText()).isEqualTo("agent");
    assertThat(me.json().get("csrfToken").asText()).hasSizeGreaterThan(30);
  }

  @Test
  void wrongPasswordShouldShowTheFormAgainWithAMessage() {
    WebClient web = new WebClient(app.port());
    WebClient.Response r = web.signIn("bo", "not it");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).contains("Wrong user name or password.").contains("value=\"bo\"");
    assertThat(r.header("Set-Cookie")).isNull();
  }

  @Test
  void changesFromASessionShouldNeedTheCsrfToken() {
    long id = app.email("csrf@customer.test", "CSRF check", "Hello");
    WebClient web = new WebClient(app.port());
    web.signIn("ada", WebFixture.PASSWORD);

    WebClient.Response without = web.postWithoutCsrf("/api/conversations/" + id + "/status", Map.of("status", "pending"));
    assertThat(without.status()).isEqualTo(403);
    assertThat(without.json().get("error").asText()).contains("CSRF");

    String saved = web.csrf;
    web.csrf = "forged";
    assertThat(web.post("/api/conversations/" + id + "/status", Map.of("status", "pending")).status()).isEqualTo(403);
    web.csrf = saved;

    assertThat(web.post("/api/conversations/" + id + "/status", Map.of("status", "pending")).status()).isEqualTo(200);
    assertThat(app.admin.ok("/api/conversations/" + id).get("status").asText()).isEqualTo("pending");
  }

  @Test
  void basicAuthScriptsShouldKeepWorkingWithoutCsrfButNotFromAnotherSite() {
    long id = app.email("script@customer.test", "Script check", "Hello");
    Api script = new Api(app.port(), "ada", WebFixture.PASSWORD);
    assertThat(script.post("/api/conversations/" + id + "/notes", Api.json(Map.of("text", "from a script"))).status())
        .isEqualTo(201);

    // a browser replays remembered Basic credentials on a form another site posts
    WebClient web = new WebClient(app.port());
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("ada:" + WebFixture.PASSWORD).getBytes());
    WebClient.Response r =
        web.send(
            HttpRequest.newBuilder(URI.create(web.base + "/api/conversations/" + id + "/status"))
                .header("Authorization", basic)
                .header("Content-Type", "text/plain")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"resolved\"}")));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("error").asText()).contains("cross-site");
    assertThat(app.admin.ok("/api/conversations/" + id).get("status").asText()).isEqualTo("open");
  }

  @Test
  void signInFromAnotherSiteShouldBeRefused() {
    WebClient web = new WebClient(app.port());
    WebClient.Response r =
        web.send(
            HttpRequest.newBuilder(URI.create(web.base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("username=ada&password=" + WebFixture.PASSWORD.replace(' ', '+'))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Set-Cookie")).isNull();
  }

  @Test
  void signOutShouldEndTheSessionOnTheServer() {
    WebClient web = new WebClient(app.port());
    web.signIn("bo", WebFixture.PASSWORD);
    String cookie = web.cookies.getCookieStore().getCookies().get(0).getValue();

    assertThat(web.form("/logout", Map.of()).status()).as("needs the CSRF token").isEqualTo(403);
    WebClient.Response out = web.form("/logout", Map.of("csrf", web.csrf));
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.header("Set-Cookie"))
        .as("the cookie is removed: expired (Max-Age=0 or an Expires in the past)")
        .startsWith("sb_session=;")
        .containsAnyOf("Max-Age=0", "Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        .contains("HttpOnly", "SameSite=Strict", "Path=/");

    // the old cookie, replayed, is dead
    WebClient replay = new WebClient(app.port());
    WebClient.Response r =
        replay.send(HttpRequest.newBuilder(URI.create(replay.base + "/api/me")).header("Cookie", "sb_session=" + cookie).GET());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).contains("session has ended");
  }

  @Test
  void repeatedWrongPasswordsShouldLockThatUserFromThatAddress() {
    app.daemon.services().users().create("rita", "Rita", WebFixture.PASSWORD, "agent");
    WebClient web = new WebClient(app.port());
    for (int i = 0; i < 5; i++) {
      assertThat(web.signIn("rita", "guess " + i).status()).isEqualTo(401);
    }
    WebClient.Response locked = web.signIn("rita", WebFixture.PASSWORD);
    assertThat(locked.status()).as("even the right password, while locked").isEqualTo(429);
    assertThat(locked.body()).contains("Too many failed sign-ins for this user from your address; try again in 15 minutes.");
    assertThat(locked.header("Retry-After")).isNotNull();

    Api basic = new Api(app.port(), "rita", WebFixture.PASSWORD);
    Api.Response viaBasic = basic.get("/api/conversations");
    assertThat(viaBasic.status()).as("Basic auth shares the lock").isEqualTo(429);
    assertThat(viaBasic.json().get("error").asText()).contains("too many failed sign-ins");

    assertThat(new WebClient(app.port()).signIn("bo", WebFixture.PASSWORD).status()).as("others are not locked").isEqualTo(303);
  }

  @Test
  void everyAnswerShouldCarryTheSecurityHeaders() {
    WebClient web = new WebClient(app.port());
    web.signIn("ada", WebFixture.PASSWORD);
    for (String path : new String[] {"/", "/login", "/assets/app.js", "/api/me", "/api/nothing"}) {
      WebClient.Response r = web.get(path);
      assertThat(r.header("Content-Security-Policy")).as(path).isEqualTo(ApiServer.CONTENT_SECURITY_POLICY);
      assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    }
    assertThat(ApiServer.CONTENT_SECURITY_POLICY)
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(web.get("/assets/app.js").header("Content-Type")).startsWith("text/javascript");
    assertThat(web.get("/assets/..%2Fadmin.html").status()).isEqualTo(404);
    assertThat(web.get("/assets/nothing.js").status()).isEqualTo(404);
  }
}
