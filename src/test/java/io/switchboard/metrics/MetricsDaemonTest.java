package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.Api;
import io.switchboard.support.Scrape;
import io.switchboard.workflow.WorkflowFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of the real daemon: Prometheus text without sign-in from this machine, with
 * JVM, Camel route and domain meters that follow what happens (an email in, a duplicate, channel
 * state); a {@code metrics} user's token reads nothing of the inbox.
 */
class MetricsDaemonTest {
  @TempDir static Path dir;
  static WorkflowFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new WorkflowFixture(dir, null, "");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static String scrape() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.daemon.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return r.body();
  }

  /** The value of the first sample whose name and labels match {@code series} (a regex); 0 when there is none. */
  static double value(String text, String series) {
    return Scrape.value(text, series).orElse(0);
  }

  @Test
  void aLoopbackScrapeShouldShowJvmRouteAndDomainMetricsThatFollowTheInbox() throws Exception {
    String before = scrape();
    assertThat(before).contains("jvm_memory_used_bytes", "process_uptime_seconds", "switchboard_sla_breaches_total");
    double stored = (value(before, "switchboard_messages_ingested_total\\{channel=\"email\",outcome=\"stored\"\\}"));

    String subject = "Metrics " + System.nanoTime();
    f.email("metrics@customer.test", subject, "Where is my order 1234?");
    String after =
        await()
            .atMost(Duration.ofSeconds(20))
            // the counter moves first, the latency timer just after it: wait for both
            .until(MetricsDaemonTest::scrape,
                t -> value(t, "switchboard_messages_ingested_total\\{channel=\"email\",outcome=\"stored\"\\}") >= stored + 1
                    && value(t, "switchboard_ingest_latency_seconds_count\\{channel=\"email\"\\}") >= 1);
    assertThat(value(after, "switchboard_ingest_latency_seconds_count\\{channel=\"email\"\\}")).isGreaterThanOrEqualTo(1);
    assertThat(value(after, "switchboard_channel_state\\{account=\"email-test\",channel=\"email\",state=\"UP\"\\}")).isEqualTo(1);
    assertThat(value(after, "switchboard_channel_state\\{account=\"email-test\",channel=\"email\",state=\"DOWN\"\\}")).isEqualTo(0);
    assertThat(after).containsPattern("(?m)^switchboard_poll_lag_seconds\\{account=\"email-test\"\\} [0-9.]+$");
    assertThat(value(after, "switchboard_workflow_events\\{state=\"done\"\\}") + value(after, "switchboard_workflow_events\\{state=\"pending\"\\}"))
        .isGreaterThanOrEqualTo(1);
    // Camel's route meters, per route id
    assertThat(after).containsPattern("camel_exchanges_(total|succeeded_total)\\{[^}]*routeId=\"ingest\"");
  }

  @Test
  void aMetricsUsersTokenShouldReadNothingOfTheInbox() {
    f.daemon.services().users().create("prometheus", "Prometheus", WorkflowFixture.PASSWORD, "metrics");
    var created = f.admin.post("/api/admin/tokens", "{\"username\": \"prometheus\", \"name\": \"scraper\"}");
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().get("token").asText();
    HttpClient http = HttpClient.newHttpClient();
    var r = send(http, "/api/conversations", token);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("role metrics can read /metrics only");
    assertThat(new Api(f.daemon.port(), "prometheus", WorkflowFixture.PASSWORD).get("/api/conversations").status()).isEqualTo(403);
    assertThat(send(http, "/metrics", token).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyLoopbackAddressesShouldSkipSignIn() {
    assertThat(MetricsApi.loopback("127.0.0.1")).isTrue();
    assertThat(MetricsApi.loopback("::1")).isTrue();
    assertThat(MetricsApi.loopback("10.0.0.7")).isFalse();
    assertThat(MetricsApi.loopback("192.168.1.20")).isFalse();
    assertThat(MetricsApi.loopback(null)).isFalse();
  }

  private static HttpResponse<String> send(HttpClient http, String path, String token) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.daemon.port() + path)).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
