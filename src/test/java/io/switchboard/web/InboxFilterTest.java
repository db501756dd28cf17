package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox list's filters, views and sorts; the old parameters keep working. */
class InboxFilterTest {
  @TempDir static Path dir;
  static WebFixture app;
  static long angry;
  static long calm;
  static long happy;
  static long second;

  @BeforeAll
  static void start() throws Exception {
    app = new WebFixture(dir);
    angry = app.email("angry@customer.test", "Charged twice", "You charged me twice, I will call my bank");
    calm = app.email("calm@customer.test", "Size question", "Does the duffel come in large?");
    happy = app.email("happy@customer.test", "Thank you", "Great service!");
    second = app.email("angry@customer.test", "Also the zipper", "And the zipper broke");
    app.tag(angry, "negative", "urgent", "en", "threatens a chargeback; strongly negative");
    app.tag(second, null, null, null, null);
    app.sentHoursAgo(angry, 5);
    app.sentHoursAgo(calm, 3);
    app.sentHoursAgo(happy, 2);
    app.sentHoursAgo(second, 1);
    app.tag(calm, "neutral", "normal", "de", null);
    app.tag(happy, "positive", "low", "en", null);
    WebClient ada = new WebClient(app.port());
    ada.signIn("ada", WebFixture.PASSWORD);
    ada.post("/api/conversations/" + calm + "/assignee", Map.of("assignee", "ada"));
    // the customer got an answer on this one, so it is not waiting
    ada.post("/api/conversations/" + happy + "/replies", Map.of("text", "Thanks for the kind words!"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static List<Long> ids(Api api, String query) {
    Api.Response r = api.get("/api/conversations?" + query);
    assertThat(r.status()).as(query + ": " + r.body()).isEqualTo(200);
    List<Long> out = new ArrayList<>();
    r.json().get("items").forEach(c -> out.add(c.get("id").asLong()));
    return out;
  }

  @Test
  void filtersShouldCombine() {
    Api ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    assertThat(ids(ada, "sentiment=negative")).containsExactly(angry);
    assertThat(ids(ada, "sentiment=negative,neutral")).containsExactlyInAnyOrder(angry, calm);
    assertThat(ids(ada, "urgency=urgent,high")).containsExactly(angry);
    assertThat(ids(ada, "language=de")).containsExactly(calm);
    assertThat(ids(ada, "assignee=me")).containsExactly(calm);
    assertThat(ids(ada, "view=mine")).containsExactly(calm);
    assertThat(ids(ada, "assignee=ada&sentiment=negative")).isEmpty();
    assertThat(ids(ada, "view=unassigned")).containsExactlyInAnyOrder(angry, happy, second);
    assertThat(ids(ada, "view=urgent")).containsExactly(angry);
    assertThat(ids(ada, "q=zipper")).containsExactly(second);
  }

  @Test
  void theOldParametersShouldStillWork() {
    Api ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    assertThat(ids(ada, "channel=email&status=open&limit=2&offset=0")).hasSize(2);
    assertThat(ada.get("/api/conversations?channel=email&status=open").json().get("total").asInt()).isEqualTo(4);
    assertThat(ids(ada, "channel=x")).isEmpty();
    assertThat(ada.get("/api/conversations?status=open,sleeping").status()).isEqualTo(400);
    assertThat(ada.get("/api/conversations?sort=loudest").status()).isEqualTo(400);
    assertThat(ada.get("/api/conversations?view=everything").status()).isEqualTo(400);
  }

  @Test
  void oneCustomersConversationsShouldBeFoundByContact() {
    Api ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    long contact = ada.ok("/api/conversations/" + angry).get("contact").get("id").asLong();
    assertThat(ids(ada, "contact=" + contact + "&status=")).containsExactlyInAnyOrder(angry, second);
  }

  @Test
  void sortsShouldPutUrgentAndLongestWaitingFirst() {
    Api ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    assertThat(ids(ada, "sort=urgency")).startsWith(angry, calm, happy);
    List<Long> waiting = ids(ada, "sort=waiting");
    assertThat(waiting.get(waiting.size() - 1)).as("answered, so not waiting").isEqualTo(happy);
    assertThat(waiting.get(0)).as("oldest unanswered first").isEqualTo(angry);
  }

  @Test
  void listRowsShouldCarryWhatTheInboxShows() {
    Api ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    JsonNode row = ada.ok("/api/conversations?sentiment=negative").get("items").get(0);
    assertThat(row.get("urgencyReasons").toString()).contains("threatens a chargeback", "strongly negative");
    assertThat(row.get("preview").asText()).startsWith("You charged me twice");
    assertThat(row.get("waitingSince").isNull()).isFalse();
    assertThat(row.get("isPublic").asBoolean()).isFalse();
  }
}
