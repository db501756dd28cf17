package io.switchboard.workflow.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.support.TestStore;
import io.switchboard.workflow.WorkflowFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Teams, skills and rules come from {@code teams.yaml} on the first start and from the database
 * after; admins edit them through the API (audited), leads read, agents are refused. A customer
 * email is routed and assigned by the running daemon.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class RoutingApiTest {
  @Parameter TestStore backend;
  static final String TEAMS =
      """
      defaultCapacity: 20
      teams:
        - name: support
          members: [ada, bo]
        - name: spanish
          members: [cy]
        - name: billing
          members: []
      agents:
        - username: cy
          languages: [es]
      rules:
        - name: spanish speakers
          team: spanish
          languages: [es]
        - name: money
          team: billing
          words: [refund]
      defaultTeam: support
      departments:
        - name: billing
          address: billing@dept.test
      """;

  @TempDir static Path dir;
  static WorkflowFixture app;

  @BeforeParameterizedClassInvocation
  static void start(TestStore backend) throws Exception {
    app = new WorkflowFixture(dir.resolve(backend.name()), TEAMS, "", backend);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    app.close();
  }

  static List<String> audit() {
    return app.daemon.services().jdbi().withHandle(
        h -> h.createQuery("SELECT actor || ' ' || action || ' ' || COALESCE(detail, '') FROM audit_log ORDER BY id")
            .mapTo(String.class)
            .list());
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void leadsShouldReadAndOnlyAdminsEdit() {
    JsonNode teams = app.as("lee").ok("/api/teams");
    assertThat(teams.get("defaultTeam").asText()).isEqualTo("support");
    assertThat(app.as("lee").ok("/api/routing/rules").get("rules")).hasSize(2);
    assertThat(app.as("lee").ok("/api/agents/cy").get("languages").get(0).asText()).isEqualTo("es");

    Api ada = app.as("ada");
    assertThat(ada.get("/api/teams").status()).isEqualTo(403);
    assertThat(app.as("mia").get("/api/teams").status()).isEqualTo(403);
    assertThat(ada.put("/api/teams/support", "{\"members\": [\"ada\"]}").status()).isEqualTo(403);
    assertThat(app.as("lee").put("/api/teams/support", "{\"members\": [\"ada\"]}").status()).isEqualTo(403);
    assertThat(ada.put("/api/agents/ada/capacity", "{\"capacity\": 99}").status()).isEqualTo(403);
    assertThat(ada.put("/api/agents/ada/skills", "{\"languages\": [\"fr\"]}").status()).isEqualTo(403);
    assertThat(ada.put("/api/routing/rules", "{\"rules\": []}").status()).isEqualTo(403);
    assertThat(ada.put("/api/agents/bo/availability", "{\"available\": false}").status())
        .as("an agent sets only their own availability")
        .isEqualTo(403);
    assertThat(audit()).noneMatch(a -> a.startsWith("ada ") || a.startsWith("lee "));
  }

  @Test
  void adminEditsShouldBeAuditedAndTheDatabaseShouldWinAfterARestart() {
    Api admin = app.admin;
    assertThat(admin.put("/api/teams/support", "{\"members\": [\"ada\", \"bo\", \"lee\"], \"lead\": \"lee\"}").status()).isEqualTo(200);
    assertThat(admin.put("/api/agents/cy/skills", "{\"languages\": [\"es\", \"pt\"], \"channels\": [\"email\"]}").status()).isEqualTo(200);
    assertThat(admin.put("/api/agents/lee/capacity", "{\"capacity\": 3}").status()).isEqualTo(200);
    assertThat(admin.put("/api/teams/returns", "{\"displayName\": \"Returns\", \"members\": [\"bo\"]}").status()).isEqualTo(200);
    String rules =
        "{\"rules\": [{\"name\": \"spanish speakers\", \"team\": \"spanish\", \"languages\": [\"es\", \"pt\"]},"
            + " {\"name\": \"returns\", \"team\": \"returns\", \"words\": [\"return\", \"exchange\"]},"
            + " {\"name\": \"money\", \"team\": \"billing\", \"words\": [\"refund\"]}], \"defaultTeam\": \"support\"}";
    assertThat(admin.put("/api/routing/rules", rules).status()).isEqualTo(200);

    // refused edits change nothing and are not audited
    assertThat(admin.put("/api/teams/support", "{\"members\": [\"nobody-here\"]}").status()).isEqualTo(422);
    assertThat(admin.put("/api/teams/support", "{\"members\": [\"mia\"]}").status()).as("marketing").isEqualTo(422);
    assertThat(admin.put("/api/agents/cy/skills", "{\"languages\": [\"spanish\"]}").status()).isEqualTo(422);
    assertThat(admin.put("/api/agents/cy/skills", "{\"channels\": [\"pigeon\"]}").status()).isEqualTo(422);
    assertThat(admin.put("/api/routing/rules", "{\"rules\": [{\"team\": \"nowhere\"}]}").status()).isEqualTo(422);
    assertThat(admin.put("/api/routing/rules", "{\"rules\": [{\"team\": \"support\", \"urgencies\": [\"asap\"]}]}").status()).isEqualTo(422);
    assertThat(admin.put("/api/teams/Bad%20Name", "{}").status()).isEqualTo(422);

    assertThat(audit())
        .anyMatch(a -> a.startsWith("config routing.seed 3 teams"))
        .anyMatch(a -> a.startsWith("admin team.update support: members [ada, bo, lee], lead lee"))
        .anyMatch(a -> a.startsWith("admin agent.skills cy: languages [es], channels []") && a.endsWith("languages [es, pt], channels [email], capacity 20, available"))
        .anyMatch(a -> a.startsWith("admin agent.capacity lee:") && a.contains("capacity 3"))
        .anyMatch(a -> a.startsWith("admin team.create returns"))
        .anyMatch(a -> a.startsWith("admin routing.rules 3 rules"));
    int audited = audit().size();

    app.restart();
    JsonNode support = app.as("lee").ok("/api/teams/support");
    assertThat(strings(support.get("members"))).containsExactly("ada", "bo", "lee");
    assertThat(support.get("lead").asText()).isEqualTo("lee");
    assertThat(strings(app.as("lee").ok("/api/agents/cy").get("languages"))).containsExactly("es", "pt");
    assertThat(app.as("lee").ok("/api/routing/rules").get("rules")).hasSize(3);
    assertThat(audit()).as("a restart does not seed again").hasSize(audited);

    // put things back for the other tests
    assertThat(admin().put("/api/teams/support", "{\"members\": [\"ada\", \"bo\"]}").status()).isEqualTo(200);
  }

  static Api admin() {
    return app.admin;
  }

  @Test
  void anAgentShouldSetTheirOwnAvailability() {
    assertThat(app.as("bo").put("/api/agents/bo/availability", "{\"available\": false}").status()).isEqualTo(200);
    assertThat(app.as("lee").ok("/api/agents/bo").get("available").asBoolean()).isFalse();
    assertThat(audit()).anyMatch(a -> a.startsWith("bo agent.availability bo:") && a.endsWith("unavailable"));
    assertThat(app.as("bo").put("/api/agents/bo/availability", "{\"available\": true}").status()).isEqualTo(200);
  }

  @Test
  void aCustomerEmailShouldBeRoutedAndAssignedAndReassignableByHand() {
    long id = app.email("rosa@customer.test", "Pedido perdido",
        "Hola, ¿dónde está mi pedido? Lo compré hace dos semanas y todavía no ha llegado nada a mi casa. Gracias.");
    JsonNode placement =
        await().atMost(Duration.ofSeconds(10)).until(() -> app.admin.get("/api/conversations/" + id + "/team"), r -> r.status() == 200).json();
    assertThat(placement.get("team").asText()).isEqualTo("spanish");
    assertThat(placement.get("rule").asText()).isEqualTo("spanish speakers");
    // placing in a team and assigning are two commits: wait for the second
    await().atMost(Duration.ofSeconds(10)).until(() -> app.admin.ok("/api/conversations/" + id).get("assignee").asText(), "cy"::equals);
    assertThat(app.admin.ok("/api/conversations/" + id + "/activity").get("items").get(0).get("actor").asText()).isEqualTo("routing");

    long other = app.email("sam@customer.test", "Where is my order", "Hello, my order has not arrived after two weeks. Can you check it?");
    await().atMost(Duration.ofSeconds(10)).until(() -> app.admin.get("/api/conversations/" + other + "/team").status() == 200);
    assertThat(app.admin.ok("/api/conversations/" + other + "/team").get("team").asText()).isEqualTo("support");
    await().atMost(Duration.ofSeconds(10)).until(
        () -> app.admin.ok("/api/conversations/" + other).get("assignee").asText(), a -> a.equals("ada") || a.equals("bo"));

    // a lead reassigns by hand; the activity names them
    assertThat(app.as("lee").post("/api/conversations/" + id + "/assignee", "{\"assignee\": \"ada\"}").status()).isEqualTo(200);
    List<String> activity = new ArrayList<>();
    app.admin.ok("/api/conversations/" + id + "/activity").get("items")
        .forEach(a -> activity.add(a.get("actor").asText() + ":" + a.get("kind").asText() + ":" + a.get("detail").asText()));
    assertThat(activity).containsSubsequence("routing:assignee:cy", "lee:assignee:ada");
    // and moves it to another team's queue, audited
    assertThat(app.as("lee").post("/api/conversations/" + id + "/team", "{\"team\": \"billing\"}").json().get("team").asText()).isEqualTo("billing");
    assertThat(audit()).anyMatch(a -> a.equals("lee conversation.team billing"));
    assertThat(app.as("ada").post("/api/conversations/" + id + "/team", "{\"team\": \"support\"}").status()).isEqualTo(403);
  }
}
