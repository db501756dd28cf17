package io.switchboard.workflow.collision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.support.TestMail;
import io.switchboard.workflow.WorkflowFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collision detection: who else is viewing or composing, and a reply written on a stale view of
 * the conversation refused with 409 and the messages the agent has not seen, unless forced.
 */
class CollisionTest {
  @TempDir static Path dir;
  static WorkflowFixture app;

  @BeforeAll
  static void start() throws Exception {
    app = new WorkflowFixture(dir, null, "switchboard.presence.ttl = 3s");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static List<String> others(Api who, long id) {
    Api.Response r = who.get("/api/conversations/" + id + "/presence");
    assertThat(r.status()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().get("items").forEach(p -> out.add(p.get("username").asText() + ":" + p.get("state").asText()));
    return out;
  }

  static long lastMessageId(Api who, long id) {
    long last = 0;
    for (JsonNode m : who.ok("/api/conversations/" + id).get("messages")) {
      last = Math.max(last, m.get("id").asLong());
    }
    return last;
  }

  static Api.Response reply(Api who, long id, String text, Long lastSeen, boolean force) {
    StringBuilder body = new StringBuilder("{\"text\": ").append(Api.json(text));
    if (lastSeen != null) {
      body.append(", \"lastSeenMessageId\": ").append(lastSeen);
    }
    if (force) {
      body.append(", \"force\": true");
    }
    return who.post("/api/conversations/" + id + "/replies", body.append("}").toString());
  }

  @Test
  void presenceShouldListTheOtherAgentsUntilTheirHeartbeatExpires() {
    long id = app.email("viv@customer.test", "Two agents, one customer", "Hello, is anyone there? My order is late.");
    Api ada = app.as("ada");
    Api bo = app.as("bo");
    assertThat(ada.post("/api/conversations/" + id + "/presence", "{\"state\": \"viewing\"}").json().get("items")).isEmpty();
    JsonNode seenByBo = bo.post("/api/conversations/" + id + "/presence", "{\"state\": \"composing\"}").json().get("items");
    assertThat(seenByBo).hasSize(1);
    assertThat(seenByBo.get(0).get("username").asText()).isEqualTo("ada");
    assertThat(seenByBo.get(0).get("displayName").asText()).isEqualTo("Ada Agent");
    assertThat(others(ada, id)).containsExactly("bo:composing");
    assertThat(others(bo, id)).containsExactly("ada:viewing");

    assertThat(app.as("mia").post("/api/conversations/" + id + "/presence", "{\"state\": \"composing\"}").status())
        .as("marketing reads but does not reply").isEqualTo(403);
    assertThat(app.as("mia").post("/api/conversations/" + id + "/presence", "{\"state\": \"viewing\"}").status()).isEqualTo(200);
    assertThat(ada.post("/api/conversations/" + id + "/presence", "{\"state\": \"typing\"}").status()).isEqualTo(422);
    assertThat(ada.post("/api/conversations/99999/presence", "{\"state\": \"viewing\"}").status()).isEqualTo(404);

    assertThat(bo.post("/api/conversations/" + id + "/presence", "{\"state\": \"left\"}").status()).isEqualTo(200);
    assertThat(others(ada, id)).containsExactly("mia:viewing");
    // no more heartbeats: ada's presence fades after the configured 3 s
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> others(bo, id).isEmpty());
  }

  @Test
  void aReplyOnAStaleViewShouldBeRefusedWithTheNewMessagesUnlessForced() {
    String first = "<first." + System.nanoTime() + "@customer.test>";
    app.mail.deliver(TestMail.email("wen@customer.test", first, "Stale view", "My parcel is late. Where is it?", null));
    long id = await().atMost(Duration.ofSeconds(20)).until(() -> app.find("Stale view"), c -> c > 0);
    Api ada = app.as("ada");
    Api bo = app.as("bo");
    long adaSaw = lastMessageId(ada, id);
    long boSaw = adaSaw;

    // the customer writes again while ada is composing
    app.mail.deliver(TestMail.email("wen@customer.test", "<second." + System.nanoTime() + "@customer.test>",
        "Re: Stale view", "Never mind the parcel, please cancel the order instead.", first));
    await().atMost(Duration.ofSeconds(20)).until(() -> lastMessageId(ada, id) > adaSaw);

    Api.Response stale = reply(ada, id, "Your parcel arrives tomorrow.", adaSaw, false);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("messages")).hasSize(1);
    assertThat(stale.json().get("messages").get(0).get("direction").asText()).isEqualTo("in");
    assertThat(stale.json().get("messages").get(0).get("text").asText()).contains("please cancel the order");
    assertThat(lastMessageId(ada, id)).as("nothing was queued").isEqualTo(stale.json().get("messages").get(0).get("id").asLong());

    // ada reads the new message and answers on a fresh view
    long adaNow = lastMessageId(ada, id);
    assertThat(reply(ada, id, "We cancelled your order.", adaNow, false).status()).isEqualTo(202);
    // her own reply does not make her view stale
    assertThat(reply(ada, id, "The refund follows in a few days.", adaNow, false).status()).isEqualTo(202);

    // bo loaded the conversation before all that: the customer's message and ada's replies are new to him
    Api.Response boStale = reply(bo, id, "Your parcel arrives tomorrow.", boSaw, false);
    assertThat(boStale.status()).isEqualTo(409);
    List<String> newer = new ArrayList<>();
    boStale.json().get("messages").forEach(m -> newer.add(m.get("direction").asText() + ":" + m.get("author").asText()));
    assertThat(newer).containsExactly("in:wen@customer.test", "out:ada", "out:ada");

    // resent deliberately, it goes out
    Api.Response forced = reply(bo, id, "Sorry, ignore my colleague: it was cancelled.", boSaw, true);
    assertThat(forced.status()).isEqualTo(202);
    // a client that does not send lastSeenMessageId behaves as before
    assertThat(reply(bo, id, "Anything else?", null, false).status()).isEqualTo(202);
    assertThat(ada.ok("/api/conversations/" + id).get("messages")).hasSize(6);
  }
}
