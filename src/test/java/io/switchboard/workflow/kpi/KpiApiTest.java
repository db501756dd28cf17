package io.switchboard.workflow.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.MessageStore;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/kpis} on the real daemon: only leads and admins read it, the figures follow what
 * agents did through the API, and the CSV carries the same groups.
 */
class KpiApiTest {
  private static final String PASSWORD = "correct horse battery";
  @TempDir static Path dir;
  private static TestMail mail;
  private static Daemon daemon;
  private static long conversation;

  @BeforeAll
  static void start() throws Exception {
    mail = new TestMail();
    Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
    Files.writeString(config.resolve("kpis.properties"), "kpi.team.support = ada\n");
    Files.writeString(config.resolve("csat.properties"), "csat.enabled = false\n");
    daemon = TestDaemon.start(config, dir.resolve("data"));
    daemon.services().users().create("ada", "Ada Agent", PASSWORD, "agent");
    daemon.services().users().create("lee", "Lee Lead", PASSWORD, "lead");
    daemon.services().users().create("mia", "Mia Marketing", PASSWORD, "marketing");

    Instant asked = Instant.now().minus(Duration.ofHours(1));
    conversation =
        new MessageStore(daemon.services().jdbi(), Clock.systemUTC())
            .storeInbound(
                new InboundMessage("email", "email-test", "<kpi-1@customer.test>", List.of(), null, false, "ann@customer.test",
                    "Ann", "Parcel late", "Where is my parcel?", "Where is my parcel?", null, asked, List.of(), List.of(), false),
                null, Tags.NONE)
            .conversationId();
    Api ada = new Api(daemon.port(), "ada", PASSWORD);
    Api.Response reply =
        ada.post("/api/conversations/" + conversation + "/replies",
            Api.json(Map.of("text", "Your parcel left our warehouse today and arrives tomorrow.", "override", "test reply")));
    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    assertThat(ada.post("/api/conversations/" + conversation + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    daemon.stop();
    mail.close();
  }

  private static Api as(String user) {
    return new Api(daemon.port(), user, PASSWORD);
  }

  @Test
  void agentsAndMarketingShouldGet403() {
    Api.Response agent = as("ada").get("/api/kpis");
    assertThat(agent.status()).isEqualTo(403);
    assertThat(agent.json().get("error").asText()).contains("cannot read KPIs");
    assertThat(as("mia").get("/api/kpis?groupBy=channel").status()).isEqualTo(403);
    assertThat(as("ada").get("/api/kpis.csv").status()).isEqualTo(403);
    assertThat(new Api(daemon.port(), null, null).get("/api/kpis").status()).isEqualTo(401);
  }

  @Test
  void aLeadShouldSeeTheAgentsFirstResponseResolutionAndFcr() {
    JsonNode r = as("lee").ok("/api/kpis?groupBy=agent");
    assertThat(r.get("groupBy").asText()).isEqualTo("agent");
    JsonNode ada = r.get("groups").get(0);
    assertThat(ada.get("key").asText()).isEqualTo("ada");
    assertThat(ada.get("firstResponse").get("count").asInt()).isEqualTo(1);
    // asked an hour before the reply
    assertThat(ada.get("firstResponse").get("medianSeconds").asDouble()).isBetween(3590.0, 3700.0);
    assertThat(ada.get("firstContactResolution").get("hits").asInt()).isEqualTo(1);
    assertThat(ada.get("firstContactResolution").get("share").asDouble()).isEqualTo(1.0);
    assertThat(ada.get("csat").get("ratings").asInt()).isZero();
    assertThat(ada.get("csat").get("average").isNull()).isTrue();
    assertThat(r.get("total").get("resolution").get("count").asInt()).isEqualTo(1);

    JsonNode teams = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD).ok("/api/kpis?groupBy=team");
    assertThat(teams.get("groups").get(0).get("key").asText()).isEqualTo("support");
    assertThat(as("lee").ok("/api/kpis?groupBy=channel").get("groups").get(0).get("key").asText()).isEqualTo("email");
  }

  @Test
  void aPeriodWithNothingInItShouldBeEmptyAndBadParametersRefused() {
    JsonNode empty = as("lee").ok("/api/kpis?from=2020-01-01&to=2020-01-08");
    assertThat(empty.get("groups")).isEmpty();
    assertThat(empty.get("total").get("firstResponse").get("count").asInt()).isZero();
    assertThat(as("lee").get("/api/kpis?groupBy=weekday").status()).isEqualTo(400);
    assertThat(as("lee").get("/api/kpis?from=yesterday").status()).isEqualTo(400);
    assertThat(as("lee").get("/api/kpis?from=2020-01-01&to=2022-01-01").status()).isEqualTo(400);
  }

  @Test
  void theCsvShouldHaveAHeaderAGroupLineAndATotal() {
    Api.Response csv = as("lee").get("/api/kpis.csv?groupBy=agent");
    assertThat(csv.status()).isEqualTo(200);
    String[] lines = csv.body().split("\r\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("agent,first_responses,first_response_median_s");
    assertThat(lines[1]).startsWith("\"ada\",1,");
    assertThat(lines[2]).startsWith("\"total\",1,");
  }
}
