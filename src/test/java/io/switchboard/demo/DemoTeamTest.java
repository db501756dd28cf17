package io.switchboard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode's people: the seeded conversations are routed to its agents, who can sign in. */
class DemoTeamTest {
  @TempDir Path dir;

  @Test
  void demoConversationsShouldBeAssignedToTheDemoAgentsByLanguage() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Daemon daemon = TestDaemon.demo(TestDaemon.demoConfig(dir), dir.resolve("data"), printed);
    try {
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("created users ana, ben, lee, mia");
      Api admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> admin.ok("/api/conversations?channel=x&kind=message").get("total").asInt() == 8);
      // and the posts listening finds, which wait in the Listening view, in no one's queue (ADR 0045)
      await().atMost(Duration.ofSeconds(30))
          .until(() -> admin.ok("/api/conversations?kind=mention").get("total").asInt() == 6);

      JsonNode team = admin.ok("/api/teams/support");
      assertThat(team.get("lead").asText()).isEqualTo("lee");
      assertThat(team.get("members")).extracting(JsonNode::asText).containsExactly("ana", "ben");

      // the X counts above say nothing of the demo mailbox, which is read alongside: wait until
      // every demo email has been ingested and every open conversation routed (routing runs in the
      // workflow-events route after ingest commits)
      long demoEmails;
      try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo/mail"))) {
        demoEmails = files.filter(p -> p.toString().endsWith(".eml")).count();
      }
      // and the Graph simulator's comments, messages and listening posts, read by their own pollers
      long graphInputs = graphInputs(printed.toString(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> {
            assertThat(ingested(daemon, "email")).as("demo emails ingested").isEqualTo(demoEmails);
            assertThat(ingested(daemon, "facebook") + ingested(daemon, "instagram")).as("demo Graph inputs ingested").isEqualTo(graphInputs);
            assertThat(admin.ok("/api/conversations?view=unassigned&status=open").get("items")).isEmpty();
          });
      assertThat(admin.ok("/api/conversations?kind=mention&limit=100").get("items"))
          .allSatisfy(c -> assertThat(c.path("assignee").isNull()).as("listening post %s", c.get("id")).isTrue());
      Set<String> assignees = new HashSet<>();
      for (JsonNode c : admin.ok("/api/conversations?limit=100").get("items")) {
        String who = c.path("assignee").asText();
        assignees.add(who);
        // the Spanish-speaking agent is the only one who takes Spanish, the other German
        if ("es".equals(c.path("language").asText())) {
          assertThat(who).as("Spanish conversation %s", c.get("id")).isEqualTo("ana");
        }
        if ("de".equals(c.path("language").asText())) {
          assertThat(who).as("German conversation %s", c).isEqualTo("ben");
        }
      }
      assertThat(assignees).contains("ana", "ben");

      Api lead = new Api(daemon.port(), "lee", TestDaemon.ADMIN_PASSWORD);
      assertThat(lead.ok("/api/kpis").isObject()).isTrue();
      Api ana = new Api(daemon.port(), "ana", TestDaemon.ADMIN_PASSWORD);
      assertThat(ana.ok("/api/conversations?assignee=ana").get("total").asInt()).isPositive();
    } finally {
      daemon.stop();
    }
  }

  /**
   * The Graph demo's inputs: the customer comments and messages its welcome line counts, plus the
   * posts that name the Page (listening), which the seed lists apart.
   */
  private static long graphInputs(String printed) throws Exception {
    Matcher welcome = Pattern.compile("with (\\d+) sample comments and messages").matcher(printed);
    assertThat(welcome.find()).as("the Graph demo's welcome line in %s", printed).isTrue();
    try (InputStream seed = DemoTeamTest.class.getClassLoader().getResourceAsStream("sim/facebook/seed.json")) {
      return Long.parseLong(welcome.group(1)) + new ObjectMapper().readTree(seed).path("listening").size();
    }
  }

  /** Inputs of {@code channel} that ingest finished with, whatever the outcome (stored, duplicate, quarantined). */
  private static long ingested(Daemon daemon, String channel) {
    return (long)
        daemon.services().metrics().registry().find("switchboard.messages.ingested").tag("channel", channel).counters().stream()
            .mapToDouble(io.micrometer.core.instrument.Counter::count)
            .sum();
  }
}
