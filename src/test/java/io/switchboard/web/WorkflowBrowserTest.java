package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.workflow.WorkflowFixture;
import io.switchboard.workflow.csat.CsatStore;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team workflow in the inbox page, in headless Chromium against the real daemon: SLA badges in
 * the list, the SLA panel, snooze until the customer writes, hand-off to a department (its email
 * arrives at GreenMail), presence of another agent, and what a lead and marketing may do.
 */
class WorkflowBrowserTest {
  static final String TEAMS =
      """
      teams:
        - name: support
          members: [ada, bo]
        - name: billing
          members: []
      defaultTeam: support
      departments:
        - name: billing
          address: billing@dept.test
        - name: logistics
          address: logistics@dept.test
      """;

  @TempDir static Path dir;
  static WorkflowFixture app;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    app = new WorkflowFixture(dir, TEAMS, "");
    browser = new Browser(app.daemon.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app);
  }

  static String row(long id) {
    return "#conversation-list li[data-id='" + id + "']";
  }

  static String text(String css) {
    return browser.text(css);
  }

  /** Text of the first match read in one step in the page (parts are re-rendered as we look), or null. */
  static String now(String css) {
    return (String) browser.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
  }

  /** A property (value, title, className) of the first match, read in one step in the page, or null. */
  static String now(String css, String property) {
    return (String) browser.js("const e = document.querySelector(arguments[0]); return e ? String(e[arguments[1]]) : null;", css, property);
  }

  static int renders() {
    return Integer.parseInt(browser.attribute("#workflow", "data-renders"));
  }

  /** Marks the field node from the page's JavaScript and puts its caret at {@code caret}. */
  static void mark(String css, int caret) {
    browser.js("const e = document.querySelector(arguments[0]); e.switchboardMarker = 'same node'; e.focus(); e.setSelectionRange(arguments[1], arguments[1]);",
        css, caret);
  }

  /** The field is still the node {@link #mark} marked, focused, with its caret where it was. */
  static void assertSameField(String css, int caret) {
    assertThat(browser.js("return document.querySelector(arguments[0]).switchboardMarker;", css))
        .as("the page kept the same node").isEqualTo("same node");
    assertThat(browser.js("return document.activeElement === document.querySelector(arguments[0]);", css)).as("focused").isEqualTo(true);
    assertThat(browser.js("const e = document.querySelector(arguments[0]); return [e.selectionStart, e.selectionEnd];", css))
        .as("caret").isEqualTo(List.of((long) caret, (long) caret));
  }

  static MimeMessage mailTo(String address) throws Exception {
    for (MimeMessage m : app.mail.server.getReceivedMessages()) {
      if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address))) {
        return m;
      }
    }
    return null;
  }

  @Test
  void anAgentShouldSeeSlaSnoozeHandOffAndWhoElseIsThere() throws Exception {
    long id = app.email("uma@customer.test", "Refund for order 5521", "I was charged twice for order 5521, please refund one.");

    browser.signIn("ada", WorkflowFixture.PASSWORD);
    browser.waitFor(d -> text(row(id) + " .sla-badge").startsWith("First reply in"));
    assertThat(now(row(id) + " .sla-badge", "className")).contains("sla-running");
    @SuppressWarnings("unchecked")
    List<String> requests = (List<String>) browser.js(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/sla') || n.includes('/api/conversations?'));");
    long lists = requests.stream().filter(n -> n.contains("/api/conversations?")).count();
    long slaCalls = requests.stream().filter(n -> n.contains("/api/sla?ids=")).count();
    assertThat(slaCalls).as("one SLA request per list render, not one per row: %s", requests).isBetween(1L, lists);

    browser.click(row(id));
    browser.waitFor(d -> text("#conversation-subject").equals("Refund for order 5521"));
    browser.waitFor(d -> text("#sla-panel li[data-clock='firstResponse'] .sla-state").equals("running"));
    assertThat(now("#sla-panel li[data-clock='firstResponse'] .sla-due")).startsWith("due ");
    assertThat(now("#sla-panel li[data-clock='resolution'] .sla-state")).isEqualTo("running");
    assertThat(now("#team-name")).isEqualTo("support");
    assertThat(browser.all("#team-select")).as("only leads and admins move teams").isEmpty();

    // snooze until the customer writes: pending, the clocks paused, a way back
    browser.click("#snooze-customer");
    browser.waitFor(d -> text("#conversation-status").equals("pending"));
    browser.waitFor(d -> text("#snooze-flag").equals("snoozed until the customer writes"));
    browser.waitFor(d -> text("#sla-panel li[data-clock='firstResponse'] .sla-state").equals("paused"));
    assertThat(now("#unsnooze")).isEqualTo("Un-snooze");
    JsonNode sla = app.admin.ok("/api/conversations/" + id + "/sla");
    assertThat(sla.get("snooze").get("untilCustomerWrites").asBoolean()).isTrue();
    assertThat(sla.get("paused").asBoolean()).isTrue();
    // the list shows pending ones only when asked for them
    browser.select("#f-status", "open,pending");
    browser.waitFor(d -> text(row(id) + " .sla-badge").equals("SLA paused"));
    assertThat(now(row(id) + " .snooze-marker")).isEqualTo("snoozed until the customer writes");

    // hand off to billing with a note: the email goes out, the page shows the wait
    browser.select("#handoff-department", "billing");
    browser.type("#handoff-note", "Charged twice: please refund one payment for order 5521.");
    // a change by someone else refreshes the page meanwhile (a server-sent event): the half-written
    // hand-off survives it, in the very same field, with its focus and caret
    mark("#handoff-note", 8);
    int renders = renders();
    app.as("bo").post("/api/conversations/" + id + "/notes", "{\"text\": \"Bo: I checked the payment log.\"}");
    browser.waitFor(d -> browser.all("#thread .msg-note").size() == 1 && renders() > renders);
    assertThat(now("#handoff-note", "value")).isEqualTo("Charged twice: please refund one payment for order 5521.");
    assertSameField("#handoff-note", 8);
    assertThat(now("#handoff-department", "value")).isEqualTo("billing");
    browser.click("#handoff-send");
    browser.waitFor(d -> text("#handoff-waiting").startsWith("waiting on billing since"));
    // the page's own action refreshed it too: the same field, emptied once the hand-off went out
    browser.waitFor(d -> "".equals(now("#handoff-note", "value")));
    assertThat(browser.js("return document.getElementById('handoff-note').switchboardMarker;")).isEqualTo("same node");

    // a half-typed tag in the header survives a refresh the same way
    browser.type("#tag-input", "refu");
    mark("#tag-input", 2);
    int before = renders();
    int notes = browser.all("#thread .msg-note").size();
    app.as("bo").post("/api/conversations/" + id + "/notes", "{\"text\": \"Bo: refund is on its way.\"}");
    browser.waitFor(d -> browser.all("#thread .msg-note").size() == notes + 1 && renders() > before);
    assertThat(now("#tag-input", "value")).isEqualTo("refu");
    assertSameField("#tag-input", 2);
    assertThat(now("#handoff li[data-department='billing']")).contains("waiting").contains("by ada");
    MimeMessage sent = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo("billing@dept.test"), m -> m != null);
    assertThat(sent.getContent().toString()).contains("please refund one payment for order 5521").contains("charged twice for order 5521");
    assertThat(app.admin.ok("/api/conversations/" + id + "/handoff").get("items").get(0).get("waiting").asBoolean()).isTrue();

    // another agent opens it: the page shows them; the page's own heartbeat reaches the other side
    Api bo = app.as("bo");
    assertThat(bo.post("/api/conversations/" + id + "/presence", "{\"state\": \"viewing\"}").status()).isEqualTo(200);
    browser.waitFor(d -> text("#presence").contains("Bo Agent is viewing"));
    assertThat(bo.ok("/api/conversations/" + id + "/presence").get("items").get(0).get("username").asText()).isEqualTo("ada");
    bo.post("/api/conversations/" + id + "/presence", "{\"state\": \"composing\"}");
    browser.waitFor(d -> text("#presence").contains("Bo Agent is composing a reply"));

    // ada types: bo sees her composing
    browser.keys("#reply-text", "Hello Uma, billing is looking at it.");
    await().atMost(Duration.ofSeconds(30)).until(
        () -> bo.ok("/api/conversations/" + id + "/presence").get("items").toString(), s -> s.contains("composing"));

    // un-snooze opens it again
    browser.click("#unsnooze");
    browser.waitFor(d -> text("#conversation-status").equals("open"));
    browser.waitFor(d -> browser.all("#snooze-flag").isEmpty());
  }

  @Test
  void aLeadShouldMoveTheTeamAndMarketingShouldOnlyRead() {
    long id = app.email("vic@customer.test", "Invoice question 8812", "Could you resend invoice 8812?");

    browser.signIn("lee", WorkflowFixture.PASSWORD);
    browser.click(row(id));
    browser.waitFor(d -> text("#team-name").equals("support"));
    browser.select("#team-select", "billing");
    browser.waitFor(d -> text("#team-name").equals("billing"));
    assertThat(app.admin.ok("/api/conversations/" + id + "/team").get("team").asText()).isEqualTo("billing");

    browser.signIn("mia", WorkflowFixture.PASSWORD);
    browser.click(row(id));
    browser.waitFor(d -> text("#sla-panel li[data-clock='firstResponse'] .sla-state").equals("running"));
    assertThat(now("#team-name")).isEqualTo("billing");
    assertThat(browser.all("#snooze-customer")).as("marketing cannot snooze").isEmpty();
    assertThat(browser.all("#handoff-send")).as("marketing cannot hand off").isEmpty();
    assertThat(browser.all("#team-select")).isEmpty();
    // marketing is seen viewing by the others
    await().atMost(Duration.ofSeconds(30)).until(
        () -> app.as("ada").ok("/api/conversations/" + id + "/presence").get("items").toString(), s -> s.contains("\"mia\""));
  }

  @Test
  void aRatedConversationShouldShowItsCsatAndTheSentimentTrend() {
    long id = app.email("wes@customer.test", "Thanks for the fast help 3390", "Thanks, the replacement arrived and works great.");
    assertThat(app.admin.ok("/api/conversations/" + id + "/csat").get("survey").isNull()).isTrue();
    CsatStore surveys = new CsatStore(app.daemon.services().jdbi(), Clock.systemUTC());
    surveys.schedule(id, Instant.now().plus(Duration.ofHours(1)));
    assertThat(surveys.rate(id, 4)).isEqualTo(CsatStore.Outcome.RECORDED);
    surveys.comment(id, "Quick and kind");

    JsonNode api = app.admin.ok("/api/conversations/" + id + "/csat").get("survey");
    assertThat(api.get("rating").asInt()).isEqualTo(4);
    assertThat(api.get("comment").asText()).isEqualTo("Quick and kind");

    browser.signIn("bo", WorkflowFixture.PASSWORD);
    browser.click(row(id));
    browser.waitFor(d -> text("#csat-rating").equals("CSAT \u2605\u2605\u2605\u2605\u2606 4/5"));
    assertThat(now("#csat-rating", "title")).isEqualTo("Comment: Quick and kind");

    // snooze until a date and time picked in the browser's local time
    browser.js("document.getElementById('snooze-until').value = '2027-01-15T09:30';");
    browser.click("#snooze-at");
    browser.waitFor(d -> text("#conversation-status").equals("pending"));
    String expected = (String) browser.js("return new Date('2027-01-15T09:30').toISOString();");
    String shown = (String) browser.js("return new Date('2027-01-15T09:30').toLocaleString();");
    browser.waitFor(d -> text("#snooze-flag").equals("snoozed until " + shown));
    assertThat(Instant.parse(app.admin.ok("/api/conversations/" + id + "/sla").get("snooze").get("until").asText()))
        .isEqualTo(Instant.parse(expected));

    JsonNode trend = app.admin.ok("/api/conversations/" + id).get("sentimentTrend");
    if (trend == null || trend.isNull()) {
      assertThat(browser.all("#sentiment-trend")).as("no trend, no badge").isEmpty();
    } else {
      String title = "Sentiment trend: latest " + trend.get("latest").asText() + ", worst " + trend.get("worst").asText()
          + ", " + trend.get("direction").asText();
      // the header is rebuilt on every refresh: read it in one go
      browser.waitFor(d -> title.equals(browser.js("const b = document.getElementById('sentiment-trend'); return b && b.title;"))
          && text("#sentiment-trend").contains(trend.get("direction").asText()));
    }
  }

  @Test
  void aBreachedFirstResponseShouldBeRedInTheListAndThePanel() {
    long id = app.email("xia@customer.test", "Nobody answered 4471", "I wrote about order 4471 and nobody answered.");
    // the clocks start after the conversation is stored: wait for them, or the change below finds no row
    await().atMost(Duration.ofSeconds(60)).until(
        () -> app.admin.ok("/api/conversations/" + id + "/sla").path("firstResponse").path("state").asText(), "running"::equals);
    // the first-response target ran out a minute ago: the SLA tick breaches and escalates it
    int changed = app.daemon.services().jdbi().withHandle(h -> h.createUpdate(
            "UPDATE conversation_sla SET first_response_due_at = :due WHERE conversation_id = :id")
        .bind("due", java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(1))))
        .bind("id", id)
        .execute());
    assertThat(changed).as("the conversation's SLA row").isEqualTo(1);
    await().atMost(Duration.ofSeconds(60)).until(
        () -> app.admin.ok("/api/conversations/" + id + "/sla").get("firstResponse").get("state").asText(), "breached"::equals);

    browser.signIn("ada", WorkflowFixture.PASSWORD);
    browser.waitFor(d -> "SLA breached".equals(now(row(id) + " .sla-badge")));
    assertThat(now(row(id) + " .sla-badge", "className")).contains("sla-breached");
    assertThat(browser.js("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor;", row(id) + " .sla-badge"))
        .as("red").isEqualTo("rgb(198, 47, 58)");
    browser.click(row(id));
    browser.waitFor(d -> "breached".equals(now("#sla-panel li[data-clock='firstResponse'] .sla-state")));
    assertThat(now("#sla-panel li[data-clock='firstResponse'] .sla-due")).startsWith("was due ");
  }
}
