package io.switchboard.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.workflow.WorkflowFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outgoing webhooks in the real daemon against a receiver on 127.0.0.1: registration refuses what
 * is not http(s) or points inside without the admin's allowance; a customer's email reaches the
 * receiver signed, in order; a 500 is retried; a stop during a delivery resends only that delivery,
 * with its id, after the restart, and a workflow event handled twice adds no delivery.
 */
class WebhookDaemonTest {
  @TempDir static Path dir;
  static WorkflowFixture f;
  static Receiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = new Receiver();
    f =
        new WorkflowFixture(
            dir, null,
            "switchboard.webhooks.periodMs = 100\nswitchboard.webhooks.retryBase = 200ms\n"
                + "switchboard.webhooks.lease = 3s\nswitchboard.webhooks.timeout = 5s\n"
                + "switchboard.webhooks.maxAttempts = 3");
  }

  @AfterAll
  static void stop() {
    f.close();
    receiver.close();
  }

  private static JsonNode register(String path, String events) {
    var r =
        f.admin.post(
            "/api/admin/webhooks",
            "{\"url\": \"" + receiver.url(path) + "\", \"events\": " + events + ", \"allowPrivate\": true}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void aUrlThatIsNotHttpOrPointsInsideShouldBeRefusedWithAClearError() {
    var ftp = f.admin.post("/api/admin/webhooks", "{\"url\": \"ftp://example.com/x\", \"events\": [\"message.received\"]}");
    assertThat(ftp.status()).isEqualTo(400);
    assertThat(ftp.json().get("error").asText()).isEqualTo("url must be http or https, not 'ftp'");
    var file = f.admin.post("/api/admin/webhooks", "{\"url\": \"file:///etc/passwd\", \"events\": [\"message.received\"]}");
    assertThat(file.status()).isEqualTo(400);
    assertThat(file.json().get("error").asText()).contains("http or https");

    var loopback = f.admin.post("/api/admin/webhooks", "{\"url\": \"" + receiver.url("/x") + "\", \"events\": [\"message.received\"]}");
    assertThat(loopback.status()).isEqualTo(400);
    assertThat(loopback.json().get("error").asText()).contains("loopback").contains("allowPrivate");
    var metadata = f.admin.post("/api/admin/webhooks", "{\"url\": \"http://169.254.169.254/latest\", \"events\": [\"message.received\"]}");
    assertThat(metadata.json().get("error").asText()).contains("link-local");
    var lan = f.admin.post("/api/admin/webhooks", "{\"url\": \"http://10.1.2.3/\", \"events\": [\"message.received\"]}");
    assertThat(lan.json().get("error").asText()).contains("private");

    var unknown = f.admin.post("/api/admin/webhooks", "{\"url\": \"http://10.1.2.3/\", \"allowPrivate\": true, \"events\": [\"message.deleted\"]}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("error").asText()).contains("unknown event 'message.deleted'");
    assertThat(f.as("ada").post("/api/admin/webhooks", "{\"url\": \"https://example.com/\", \"events\": [\"csat.rated\"]}").status())
        .isEqualTo(403);
    assertThat(f.as("ada").get("/api/admin/webhooks/deliveries").status()).isEqualTo(403);
    // nothing of the refused ones was stored
    assertThat(f.admin.ok("/api/admin/webhooks").get("items").toString()).doesNotContain("ftp:", "169.254", "10.1.2.3");
  }

  @Test
  void aNewConversationShouldReachTheReceiverSignedAndInOrder() throws Exception {
    JsonNode hook = register("/signed", "[\"conversation.created\", \"message.received\"]");
    String secret = hook.get("secret").asText();
    assertThat(f.admin.ok("/api/admin/webhooks").toString()).doesNotContain(secret);

    long c = f.email("signed@customer.test", "Signed hook", "My order 4411 never arrived.");
    List<Receiver.Hit> hits = awaitHits("/signed", c, 2);
    assertThat(hits).extracting(Receiver.Hit::event).containsExactly("conversation.created", "message.received");
    for (Receiver.Hit h : hits) {
      String expected = "sha256=" + WebhookDeliverer.sign(secret, h.body().getBytes(StandardCharsets.UTF_8));
      assertThat(h.signature()).isEqualTo(expected);
      assertThat(h.json().get("id").asText()).isEqualTo(h.delivery());
      assertThat(h.json().get("event").asText()).isEqualTo(h.event());
    }
    assertThat(WebhookDeliverer.sign("wrong-secret-0123456789", hits.get(0).body().getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(hits.get(0).signature().substring(7));
    assertThat(hits.get(0).delivery()).isNotEqualTo(hits.get(1).delivery());
    JsonNode received = hits.get(1).json();
    assertThat(received.at("/message/text").asText()).contains("never arrived");
    assertThat(received.at("/conversation/channel").asText()).isEqualTo("email");
    assertThat(received.at("/conversation/subject").asText()).isEqualTo("Signed hook");

    // the receiver counts a hit before it answers; the delivery is marked after the answer comes back
    JsonNode log =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> f.admin.ok("/api/admin/webhooks/deliveries?webhook=" + hook.get("id").asLong()),
                l -> l.get("items").size() == 2 && allDelivered(l.get("items")));
    assertThat(log.get("items")).hasSize(2).allSatisfy(d -> {
      assertThat(d.get("state").asText()).isEqualTo("delivered");
      assertThat(d.get("lastStatus").asInt()).isEqualTo(200);
    });
    assertThat(log.toString()).doesNotContain(secret);
  }

  @Test
  void aDeliveryAnswered500ShouldBeRetriedWithTheSameId() {
    JsonNode hook = register("/flaky", "[\"message.received\"]");
    receiver.answer("/flaky", 500);
    long c = f.email("flaky@customer.test", "Flaky hook", "Hello, is anyone there?");
    List<Receiver.Hit> hits = awaitHits("/flaky", c, 2);
    assertThat(hits.get(0).delivery()).isEqualTo(hits.get(1).delivery());
    JsonNode d =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.admin.ok("/api/admin/webhooks/deliveries?webhook=" + hook.get("id").asLong()).get("items").get(0),
                x -> x.get("state").asText().equals("delivered"));
    assertThat(d.get("attempts").asInt()).isEqualTo(2);
    assertThat(d.get("deliveryId").asText()).isEqualTo(hits.get(0).delivery());
  }

  @Test
  void aDeadDeliveryShouldBeSentAgainWhenAnAdminRetriesIt() {
    JsonNode hook = register("/gone", "[\"message.received\"]");
    receiver.answer("/gone", 500, 500, 500);
    f.email("gone@customer.test", "Gone hook", "Hello, my order never came.");
    String deliveries = "/api/admin/webhooks/deliveries?webhook=" + hook.get("id").asLong();
    JsonNode dead =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.admin.ok(deliveries).get("items").get(0), x -> x.get("state").asText().equals("dead"));
    assertThat(dead.get("attempts").asInt()).isEqualTo(3);
    assertThat(dead.get("lastStatus").asInt()).isEqualTo(500);
    String retry = "/api/admin/webhooks/deliveries/" + dead.get("id").asLong() + "/retry";
    assertThat(f.as("ada").post(retry, "").status()).isEqualTo(403);

    // the answer is the row as the retry left it, even if the deliverer takes it up at once
    var retried = f.admin.post(retry, "");
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().get("state").asText()).isEqualTo("pending");
    assertThat(retried.json().get("attempts").asInt()).isZero();
    JsonNode delivered =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> f.admin.ok(deliveries).get("items").get(0), x -> x.get("state").asText().equals("delivered"));
    assertThat(delivered.get("deliveryId").asText()).isEqualTo(dead.get("deliveryId").asText());
    assertThat(f.admin.post(retry, "").status()).as("only dead deliveries are retried").isEqualTo(409);
    assertThat(f.admin.post("/api/admin/webhooks/deliveries/99999999/retry", "").status()).isEqualTo(404);
  }

  @Test
  void aStopDuringADeliveryShouldResendOnlyThatDeliveryAndAReplayedEventNone() {
    JsonNode hook = register("/crash", "[\"message.received\"]");
    long first = f.email("crash1@customer.test", "Crash one", "First message before the stop.");
    String acknowledged = awaitHits("/crash", first, 1).get(0).delivery();
    await().atMost(Duration.ofSeconds(20)).until(() -> state(hook, acknowledged).equals("delivered"));

    receiver.holdNext("/crash");
    long second = f.email("crash2@customer.test", "Crash two", "Second message, in flight at the stop.");
    String inFlight = awaitHits("/crash", second, 1).get(0).delivery();
    f.restart(); // stops while the receiver holds the request: no answer was recorded for it
    receiver.release();

    long third = f.email("crash3@customer.test", "Crash three", "Third message after the restart.");
    awaitHits("/crash", third, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> state(hook, inFlight).equals("delivered"));
    assertThat(receiver.hits("/crash").stream().filter(h -> h.delivery().equals(acknowledged))).as("acknowledged before the stop").hasSize(1);
    assertThat(receiver.hits("/crash").stream().filter(h -> h.delivery().equals(inFlight))).as("in flight at the stop").hasSize(2);

    // the workflow event of the first message handled again (as after a crash before its done mark)
    f.daemon.services().jdbi().useHandle(
        h -> h.execute("UPDATE workflow_event SET state = 'pending', handled_at = NULL WHERE conversation_id = ?", first));
    await().atMost(Duration.ofSeconds(20)).until(() -> f.daemon.services().jdbi().withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM workflow_event WHERE state = 'pending' AND conversation_id = :c")
            .bind("c", first).mapTo(Long.class).one()) == 0);
    assertThat(f.admin.ok("/api/admin/webhooks/deliveries?webhook=" + hook.get("id").asLong()).get("total").asInt()).isEqualTo(3);
    assertThat(receiver.hits("/crash").stream().filter(h -> h.delivery().equals(acknowledged))).hasSize(1);
  }

  private static boolean allDelivered(JsonNode items) {
    for (JsonNode d : items) {
      if (!d.get("state").asText().equals("delivered")) {
        return false;
      }
    }
    return true;
  }

  private static String state(JsonNode hook, String deliveryId) {
    for (JsonNode d : f.admin.ok("/api/admin/webhooks/deliveries?limit=500&webhook=" + hook.get("id").asLong()).get("items")) {
      if (d.get("deliveryId").asText().equals(deliveryId)) {
        return d.get("state").asText();
      }
    }
    return "none";
  }

  private static List<Receiver.Hit> awaitHits(String path, long conversation, int n) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> receiver.hits(path).stream().filter(h -> h.json().at("/conversation/id").asLong() == conversation).toList(),
            l -> l.size() >= n);
  }
}
