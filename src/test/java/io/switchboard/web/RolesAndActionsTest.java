package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each role may do to conversations, users and tokens; notes, tags, status, assignee. */
class RolesAndActionsTest {
  @TempDir static Path dir;
  static WebFixture app;
  static long id;

  @BeforeAll
  static void start() throws Exception {
    app = new WebFixture(dir);
    id = app.email("pat@customer.test", "Broken zipper", "The zipper broke on day one.");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static WebClient as(String user) {
    WebClient web = new WebClient(app.port());
    boolean admin = user.equals("admin-web");
    assertThat(web.signIn(admin ? "admin" : user, admin ? io.switchboard.support.TestDaemon.ADMIN_PASSWORD : WebFixture.PASSWORD).status())
        .isEqualTo(303);
    return web;
  }

  @Test
  void statusShouldMoveOpenPendingResolvedAndBeRecorded() {
    WebClient ada = as("ada");
    assertThat(ada.post("/api/conversations/" + id + "/status", Map.of("status", "pending")).status()).isEqualTo(200);
    assertThat(ada.post("/api/conversations/" + id + "/status", Map.of("status", "resolved")).status()).isEqualTo(200);
    assertThat(ada.post("/api/conversations/" + id + "/status", Map.of("status", "sleeping")).status()).isEqualTo(422);
    assertThat(ada.post("/api/conversations/99999/status", Map.of("status", "open")).status()).isEqualTo(404);
    assertThat(app.admin.ok("/api/conversations/" + id).get("status").asText()).isEqualTo("resolved");
    List<String> kinds = new ArrayList<>();
    ada.get("/api/conversations/" + id + "/activity").json().get("items")
        .forEach(a -> kinds.add(a.get("actor").asText() + ":" + a.get("kind").asText() + ":" + a.get("detail").asText()));
    assertThat(kinds).containsSubsequence("ada:status:pending", "ada:status:resolved");
    ada.post("/api/conversations/" + id + "/status", Map.of("status", "open"));
  }

  @Test
  void agentsShouldAssignOnlyThemselvesAndLeadsAnyone() {
    long c = app.email("quinn@customer.test", "Assign me", "Who takes this?");
    WebClient ada = as("ada");
    assertThat(ada.post("/api/conversations/" + c + "/assignee", Map.of("assignee", "bo")).status()).isEqualTo(403);
    assertThat(ada.post("/api/conversations/" + c + "/assignee", Map.of("assignee", "ada")).status()).isEqualTo(200);
    assertThat(app.admin.ok("/api/conversations/" + c).get("assignee").asText()).isEqualTo("ada");
    assertThat(as("bo").postWithoutCsrf("/api/conversations/" + c + "/assignee", "{\"assignee\": null}").status())
        .isEqualTo(403);
    assertThat(as("bo").post("/api/conversations/" + c + "/assignee", "{\"assignee\": null}").status())
        .as("bo cannot take it from ada")
        .isEqualTo(403);

    WebClient lee = as("lee");
    assertThat(lee.post("/api/conversations/" + c + "/assignee", Map.of("assignee", "bo")).status()).isEqualTo(200);
    assertThat(app.admin.ok("/api/conversations/" + c).get("assignee").asText()).isEqualTo("bo");
    assertThat(lee.post("/api/conversations/" + c + "/assignee", Map.of("assignee", "mia")).status())
        .as("marketing does not work conversations")
        .isEqualTo(422);
    assertThat(lee.post("/api/conversations/" + c + "/assignee", Map.of("assignee", "nobody-here")).status()).isEqualTo(422);
  }

  @Test
  void marketingShouldReadButChangeNothing() {
    WebClient mia = as("mia");
    assertThat(mia.get("/api/conversations").status()).isEqualTo(200);
    assertThat(mia.get("/api/conversations/" + id).status()).isEqualTo(200);
    assertThat(mia.get("/api/me").json().get("canReply").asBoolean()).isFalse();
    for (var call : List.of(
        new String[] {"/replies", "{\"text\":\"hi\"}"},
        new String[] {"/notes", "{\"text\":\"hi\"}"},
        new String[] {"/status", "{\"status\":\"resolved\"}"},
        new String[] {"/assignee", "{\"assignee\":\"mia\"}"},
        new String[] {"/tags", "{\"tag\":\"vip\"}"})) {
      WebClient.Response r = mia.post("/api/conversations/" + id + call[0], call[1]);
      assertThat(r.status()).as(call[0]).isEqualTo(403);
      assertThat(r.json().get("error").asText()).startsWith("role marketing cannot");
    }
  }

  @Test
  void onlyAdminsShouldManageUsersAndOpenTheAdminPage() {
    WebClient ada = as("ada");
    assertThat(ada.get("/admin").status()).isEqualTo(403);
    assertThat(ada.get("/admin").body()).contains("Only admins can open this page.");
    assertThat(ada.get("/api/admin/users").status()).isEqualTo(403);
    assertThat(ada.post("/api/admin/users", Map.of("username", "eve", "password", "0123456789", "role", "admin")).status())
        .isEqualTo(403);
    assertThat(as("lee").get("/api/admin/users").status()).isEqualTo(403);

    WebClient admin = as("admin-web");
    assertThat(admin.get("/admin").status()).isEqualTo(200);
    WebClient.Response created =
        admin.post("/api/admin/users", Map.of("username", "nia", "displayName", "Nia", "password", "0123456789ab", "role", "agent"));
    assertThat(created.status()).isEqualTo(201);
    long nia = created.json().get("id").asLong();
    assertThat(admin.post("/api/admin/users", Map.of("username", "nia", "password", "0123456789ab", "role", "agent")).status())
        .isEqualTo(409);
    assertThat(admin.post("/api/admin/users", Map.of("username", "short", "password", "123", "role", "agent")).status())
        .isEqualTo(422);

    WebClient niaWeb = new WebClient(app.port());
    assertThat(niaWeb.signIn("nia", "0123456789ab").status()).isEqualTo(303);
    var patch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin.base + "/api/admin/users/" + nia))
        .header("Content-Type", "application/json").header("X-CSRF-Token", admin.csrf)
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"disabled\": true}"));
    assertThat(admin.send(patch).status()).isEqualTo(200);
    assertThat(niaWeb.get("/api/me").status()).as("disabling ends sessions").isEqualTo(401);
    assertThat(new WebClient(app.port()).signIn("nia", "0123456789ab").status()).isEqualTo(401);
  }

  @Test
  void apiTokensShouldBeShownOnceStoredHashedAndRevocable() {
    WebClient admin = as("admin-web");
    WebClient.Response created = admin.post("/api/admin/tokens", Map.of("username", "ada", "name", "nightly export"));
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().get("token").asText();
    assertThat(token).startsWith("sbt_");

    JsonNode listed = admin.get("/api/admin/tokens").json().get("items").get(0);
    assertThat(listed.toString()).doesNotContain(token);
    assertThat(token).startsWith(listed.get("prefix").asText());
    long plain = app.daemon.services().jdbi().withHandle(h ->
        h.createQuery("SELECT COUNT(*) FROM api_token WHERE token_hash = :t OR token_prefix = :t").bind("t", token).mapTo(Long.class).one());
    assertThat(plain).isZero();

    WebClient script = new WebClient(app.port());
    var bearer = java.net.http.HttpRequest.newBuilder(java.net.URI.create(script.base + "/api/me")).header("Authorization", "Bearer " + token);
    WebClient.Response me = script.send(bearer.GET());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("username").asText()).isEqualTo("ada");
    var note = java.net.http.HttpRequest.newBuilder(java.net.URI.create(script.base + "/api/conversations/" + id + "/notes"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    assertThat(script.send(note.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"via token\"}"))).status())
        .as("no CSRF token needed with a bearer token")
        .isEqualTo(201);
    var adminCall = java.net.http.HttpRequest.newBuilder(java.net.URI.create(script.base + "/api/admin/users")).header("Authorization", "Bearer " + token);
    assertThat(script.send(adminCall.GET()).status()).as("a token acts with its user's role").isEqualTo(403);

    assertThat(admin.delete("/api/admin/tokens/" + created.json().get("id").asLong()).status()).isEqualTo(204);
    WebClient.Response revoked = script.send(bearer.GET());
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.json().get("error").asText()).contains("revoked");
    assertThat(as("ada").post("/api/admin/tokens", Map.of("name", "mine")).status()).isEqualTo(403);
  }

  @Test
  void notesShouldStayInternalAndTagsFilterTheInbox() throws Exception {
    long c = app.email("ruth@notes.test", "Note this", "Please call me back");
    WebClient ada = as("ada");
    WebClient.Response note = ada.post("/api/conversations/" + c + "/notes", Map.of("text", "Called her, voicemail"));
    assertThat(note.status()).isEqualTo(201);
    assertThat(note.json().get("direction").asText()).isEqualTo("note");
    assertThat(note.json().get("delivery").isNull()).isTrue();
    long outbox = app.daemon.services().jdbi().withHandle(h ->
        h.createQuery("SELECT COUNT(*) FROM outbox o JOIN message m ON m.id = o.message_id WHERE m.direction = 'note'").mapTo(Long.class).one());
    assertThat(outbox).as("notes never reach the outbox").isZero();
    // a reply written after the note reaches the customer: the outbox has had its turn, and sent no note
    assertThat(ada.post("/api/conversations/" + c + "/replies", Map.of("text", "We will call you back today.")).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> app.mail.server.getReceivedMessagesForDomain("notes.test").length > 0);
    assertThat(app.mail.server.getReceivedMessagesForDomain("notes.test")).as("only the reply was sent to the customer")
        .singleElement().satisfies(m -> assertThat(GreenMailUtil.getBody(m)).contains("call you back").doesNotContain("voicemail"));

    assertThat(ada.post("/api/conversations/" + c + "/tags", Map.of("tag", "Call-Back")).status()).isEqualTo(200);
    assertThat(ada.post("/api/conversations/" + c + "/tags", Map.of("tag", "<b>")).status()).isEqualTo(422);
    JsonNode tagged = ada.get("/api/conversations?tag=call-back&status=").json();
    assertThat(tagged.get("total").asInt()).isEqualTo(1);
    assertThat(tagged.get("items").get(0).get("tags").get(0).asText()).isEqualTo("call-back");
    assertThat(ada.delete("/api/conversations/" + c + "/tags/call-back").status()).isEqualTo(200);
    assertThat(ada.get("/api/conversations?tag=call-back").json().get("total").asInt()).isZero();
  }

  @Test
  void aReplyShouldBeDeliveredAndItsStatusVisible() {
    long c = app.email("sol@customer.test", "Reply please", "Where is my order?");
    WebClient ada = as("ada");
    WebClient.Response r = ada.post("/api/conversations/" + c + "/replies", Map.of("text", "It ships today."));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("delivery").get("status").asText()).isEqualTo("queued");
    await().atMost(Duration.ofSeconds(15)).until(() ->
        lastOut(ada.get("/api/conversations/" + c).json()).get("delivery").get("status").asText().equals("sent"));
    await().atMost(Duration.ofSeconds(20)).until(() -> app.mail.server.getReceivedMessagesForDomain("customer.test").length > 0);
  }

  static JsonNode lastOut(JsonNode conversation) {
    JsonNode last = null;
    for (JsonNode m : conversation.get("messages")) {
      if (m.get("direction").asText().equals("out")) {
        last = m;
      }
    }
    return last;
  }
}
