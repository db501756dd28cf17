package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Security checks over the whole running daemon: every registered HTTP endpoint asks for sign-in
 * except health and the sign-in page itself (the list is read from the server, so an endpoint added
 * later is checked too), and no password or token ever shows in the log, even when the servers
 * that check them refuse.
 */
class SecurityTest {
  /**
   * Reachable without signing in: health, signing in and out, and static files that hold no data
   * (the digest dashboard's page, script and styles read everything from the API). Everything else
   * must refuse or send to the sign-in page.
   */
  private static final Set<String> PUBLIC =
      Set.of(
          "GET /api/health", "GET /login", "POST /login", "POST /logout", "GET /assets/{file}",
          "GET /digest.html", "GET /digest.js", "GET /digest.css",
          // open to loopback scrapers only; others need an admin's or a metrics user's token (MetricsDaemonTest)
          "GET /metrics");
  /** Customers' satisfaction pages: no sign-in, but a signed link; a made-up one is refused. */
  private static final Set<String> SIGNED_LINKS = Set.of("GET /csat/{token}", "POST /csat/{token}", "GET /nps/{token}", "POST /nps/{token}");
  /** Pages that send a visitor who has not signed in to the sign-in page. */
  private static final Set<String> PAGES = Set.of("GET /", "GET /admin", "GET /kpis");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void everyEndpointShouldAskForSignInExceptHealthAndTheSignInPage() throws Exception {
    try (TestMail mail = new TestMail()) {
      Daemon daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
      try {
        List<String> endpoints = daemon.services().api().endpoints();
        assertThat(endpoints).contains("GET /api/health", "GET /api/conversations", "POST /api/conversations/{id}/replies");
        List<String> checked = new ArrayList<>();
        for (String endpoint : endpoints) {
          if (PUBLIC.contains(endpoint)) {
            continue;
          }
          String method = endpoint.substring(0, endpoint.indexOf(' '));
          String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "1");
          // a user name of its own for each wrong password: enough of them for one name lock it (429)
          String wrongPassword = "Basic " + Base64.getEncoder().encodeToString(("nobody" + checked.size() + ":wrong").getBytes(StandardCharsets.UTF_8));
          for (String authorization : new String[] {null, "Bearer sbt_not-a-real-token", wrongPassword}) {
            HttpResponse<String> r = request(daemon.port(), method, path, authorization);
            if (SIGNED_LINKS.contains(endpoint)) {
              assertThat(r.statusCode()).as(endpoint + " with a made-up token").isEqualTo(403);
            } else if (PAGES.contains(endpoint)) {
              assertThat(r.statusCode()).as(endpoint).isEqualTo(303);
              assertThat(r.headers().firstValue("Location")).as(endpoint).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
            } else {
              assertThat(r.statusCode()).as(endpoint + " with " + authorization).isEqualTo(401);
              assertThat(r.body()).as(endpoint).doesNotContain("\"items\"");
            }
          }
          checked.add(endpoint);
        }
        assertThat(checked).as("endpoints behind sign-in").hasSizeGreaterThan(20);
        assertThat(request(daemon.port(), "GET", "/api/health", null).statusCode()).isEqualTo(200);
      } finally {
        daemon.stop();
      }
    }
  }

  /**
   * Roles by the endpoint's place, for every registered endpoint there: admin endpoints, changes to
   * teams, agents and routing rules, and KPIs refuse agents and marketing; changes to conversations and messages refuse marketing (saying who is
   * viewing is not a change); digests refuse agents. An endpoint added under these paths later is checked too.
   */
  @Test
  void rolesShouldLimitEveryAdminChangeAndDigestEndpoint() throws Exception {
    try (TestMail mail = new TestMail()) {
      mail.deliver(TestMail.email("ann@example.com", "<r1@example.com>", "Broken zip", "the zip broke", null));
      Daemon daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD).ok("/api/conversations").get("total").asInt() == 1);
        daemon.services().users().create("ann", "Ann", "agent-pw-1", "agent");
        daemon.services().users().create("mia", "Mia", "marketing-pw-1", "marketing");
        String agent = basic("ann", "agent-pw-1");
        String marketing = basic("mia", "marketing-pw-1");
        int checked = 0;
        for (String endpoint : daemon.services().api().endpoints()) {
          String method = endpoint.substring(0, endpoint.indexOf(' '));
          String template = endpoint.substring(endpoint.indexOf(' ') + 1);
          // path parameters that exist, so a check of the parameter cannot answer before the role check
          String path = template.replace("{file}", "volume.png").replaceAll("\\{[^}]+}", "1");
          List<String> refused = new ArrayList<>();
          boolean teamChange =
              !method.equals("GET")
                  && (template.startsWith("/api/teams") || template.startsWith("/api/agents") || template.startsWith("/api/routing"));
          if (template.startsWith("/api/admin/") || template.startsWith("/api/quarantine") || template.equals("/api/nlp/reload")
              || template.startsWith("/api/kpis") || teamChange) {
            // an agent may set only their own availability: "1" is somebody else
            refused.addAll(List.of(agent, marketing));
          } else if (!method.equals("GET") && !template.endsWith("/presence")
              && (template.startsWith("/api/conversations/") || template.startsWith("/api/messages/"))) {
            // presence is not a change: marketing reading a conversation is shown to the agents
            refused.add(marketing);
          } else if (template.startsWith("/api/digest")) {
            refused.add(agent);
          }
          for (String who : refused) {
            HttpResponse<String> r = request(daemon.port(), method, path, who);
            assertThat(r.statusCode()).as(endpoint + " as " + (who.equals(agent) ? "agent" : "marketing") + ": " + r.body()).isEqualTo(403);
            checked++;
          }
        }
        assertThat(checked).as("role checks made").isGreaterThan(15);
      } finally {
        daemon.stop();
      }
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void searchInputShouldOnlyEverBeSearchedFor() throws Exception {
    try (TestMail mail = new TestMail()) {
      mail.deliver(TestMail.email("ann@example.com", "<q1@example.com>", "Broken zip", "the zip broke", null));
      mail.deliver(TestMail.email("bob@example.com", "<q2@example.com>", "Late parcel", "where is it?", null));
      Daemon daemon = TestDaemon.start(TestDaemon.config(dir, mail.imapPort(), mail.smtpPort()), dir.resolve("data"));
      try {
        Api api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations").get("total").asInt() == 2);
        // each is searched for as words: "zip' OR 1=1 --" finds the conversation saying zip, never every row
        Map<String, Integer> expected =
            Map.of("' OR '1'='1", 0, "zip' OR 1=1 --", 1, "zip%' UNION SELECT password_hash FROM app_user --", 0, "\\", 0);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
          Api.Response r = api.get("/api/conversations?q=" + java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8));
          assertThat(r.status()).as(e.getKey()).isEqualTo(200);
          assertThat(r.json().get("total").asInt()).as("matches for " + e.getKey()).isEqualTo(e.getValue());
        }
        // wildcards typed in are dropped, not interpreted: "zi%p" is a search for "zip"
        assertThat(api.get("/api/conversations?q=zi%25p").json().get("total").asInt()).isEqualTo(1);
        Api.Response zip = api.get("/api/conversations?q=zip");
        assertThat(zip.json().get("total").asInt()).isEqualTo(1);
        long conversations = daemon.services().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM conversation").mapTo(Long.class).one());
        assertThat(conversations).as("nothing changed by a search").isEqualTo(2);
      } finally {
        daemon.stop();
      }
    }
  }

  private HttpResponse<String> request(int port, String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void passwordsAndTokensShouldNeverAppearInTheLog() throws Exception {
    String mailPassword = "Imap-Pw-7f3a9c11";
    String wrongMailPassword = "Wrong-Imap-Pw-31d5e";
    String wrongAdminPassword = "Wrong-Admin-Pw-55aa";
    List<String> secrets = new ArrayList<>(List.of(mailPassword, wrongMailPassword, wrongAdminPassword, TestDaemon.ADMIN_PASSWORD, FaultConfig.X_TOKEN, FaultConfig.FB_TOKEN));
    try (LogCapture log = new LogCapture();
        TestMail mail = new TestMail();
        XApiSimulator x = FaultConfig.xSimulator();
        GraphApiSimulator fb = FaultConfig.graphSimulator()) {
      mail.server.setUser("help@shop.test", "help@shop.test", mailPassword);
      mail.deliver(TestMail.email("ann@example.com", "<s1@example.com>", "Help", "the zip broke", null));
      x.mention(x.user("kimtravels", "Kim Lee"), "the zip on my Atlas 45 broke");
      fb.comment(fb.addPost("Meet the Meridian Carry-On 2."), "5550100", "Marco Rossi", "One wheel came off!");
      Map<String, String> help =
          Map.of("address", "help@shop.test", "imap.password", mailPassword, "smtp.user", "help@shop.test", "smtp.password", mailPassword);
      Daemon daemon =
          TestDaemon.start(
              new FaultConfig(dir, "")
                  .email("support", mail.imapPort(), mail.smtpPort(), Map.of())
                  .email("help", mail.imapPort(), mail.smtpPort(), help)
                  .email("wrong", mail.imapPort(), mail.smtpPort(), Map.of("address", "help@shop.test", "imap.password", wrongMailPassword))
                  .x("brand", x, Map.of())
                  .facebook("page", fb, Map.of())
                  .path(),
              dir.resolve("data"));
      try {
        Api admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.ok("/api/conversations").get("total").asInt() == 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(daemon, "wrong").equals("DOWN"));

        // refusals: revoked X credentials, an expired Page token, a wrong password, an unknown token
        x.credentialsValid(false);
        fb.expireToken();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(daemon, "brand").equals("DOWN") && status(daemon, "page").equals("DOWN"));
        assertThat(new Api(daemon.port(), "admin", wrongAdminPassword).get("/api/conversations").status()).isEqualTo(401);
        Api.Response created = admin.post("/api/admin/tokens", Api.json(Map.of("name", "log test")));
        assertThat(created.status()).isIn(200, 201);
        String token = created.json().get("token").asText();
        secrets.add(token);
        assertThat(bearer(daemon.port(), token).statusCode()).isEqualTo(200);
        assertThat(bearer(daemon.port(), token + "x").statusCode()).isEqualTo(401);
        x.credentialsValid(true);
        fb.renewToken();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(daemon, "brand").equals("UP") && status(daemon, "page").equals("UP"));

        // a reply through SMTP with a password
        mail.deliver(TestMail.email("bo@example.com", "<s2@example.com>", "Question", "is it cabin size?", null));
        assertThat(new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD).get("/api/health").status()).isEqualTo(200);
      } finally {
        daemon.stop();
      }
      List<String> lines = log.lines();
      assertThat(lines).as("the log saw the refusals").anyMatch(l -> l.contains("wrong")).anyMatch(l -> l.contains("brand")).anyMatch(l -> l.contains("page"));
      for (String secret : secrets) {
        assertThat(lines).as("log lines").noneMatch(l -> l.contains(secret));
      }
    }
  }

  private static String status(Daemon daemon, String account) {
    for (JsonNode c : new Api(daemon.port(), null, null).ok("/api/health").get("channels")) {
      if (c.get("account").asText().equals(account)) {
        return c.get("status").asText();
      }
    }
    return "missing";
  }

  private HttpResponse<String> bearer(int port, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/conversations")).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every log event while open, rendered with its full stack trace as the console shows it. */
  private static final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final PatternLayout layout = new PatternLayout();

    LogCapture() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      layout.setContext(context);
      layout.setPattern("%logger %level %msg%n%ex{full}");
      layout.start();
      appender.setContext(context);
      appender.start();
      root().addAppender(appender);
    }

    private static Logger root() {
      return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    List<String> lines() {
      synchronized (appender.list) {
        return appender.list.stream().map(layout::doLayout).toList();
      }
    }

    @Override
    public void close() {
      root().detachAppender(appender);
      appender.stop();
    }
  }
}
