package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.sim.x.XApiSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web inbox's Listening view in headless Chromium (ADR 0041): posts that name the brand without
 * tagging it, found by the daemon's X search against the simulator, show there and only there, with
 * their reach; one is dismissed, one answered in public through the brand-voice step.
 */
class ListeningBrowserTest {
  static final String ANGRY = "The Northwind Meridian carry-on broke after a month. Terrible, would not buy again.";
  static final String HAPPY = "Day 12 of the Camino and my Northwind pack is still perfect. Love it.";
  static final String TAGGED = "where is my order? It is a week late";

  @TempDir static Path dir;
  static XApiSimulator x;
  static WebFixture app;
  static Browser browser;
  static String happyPost;
  static long angry;
  static long happy;
  static long tagged;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    XApiSimulator.User nomad = x.user("budgetnomad", "The Budget Nomad");
    x.followers(nomad, 184_000);
    x.post(nomad, ANGRY, null);
    happyPost = x.post(x.user("ines_walks", "Ines Duarte"), HAPPY, null);
    x.mention(x.user("kimtravels", "Kim Lee"), TAGGED);
    app =
        new WebFixture(
            dir,
            null,
            Map.of(
                "x-listen.properties",
                WebFixture.xAccount(x, Map.of("listen.keywords", "Northwind, #northwindgear"))));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> app.admin.ok("/api/conversations?kind=mention").get("total").asInt() == 2
            && app.admin.ok("/api/conversations?kind=message&channel=x").get("total").asInt() == 1);
    angry = only("kind=mention&q=meridian");
    happy = only("kind=mention&q=camino");
    tagged = only("kind=message&channel=x");
    browser = new Browser(app.port());
  }

  static long only(String query) {
    var items = app.admin.ok("/api/conversations?" + query).get("items");
    assertThat(items).as(query).hasSize(1);
    return items.get(0).get("id").asLong();
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app, x);
  }

  String rows() {
    return String.valueOf(browser.js("return [...document.querySelectorAll('#conversation-list li')]"
        + ".map(li => li.dataset.id).sort().join(' ');"));
  }

  static String ids(long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(Long::toString).sorted().reduce((a, b) -> a + " " + b).orElse("");
  }

  @Test
  void listeningViewShouldShowUntaggedPostsWithReachAndLetAgentsDismissOrAnswerThem() {
    browser.signIn("ada", WebFixture.PASSWORD);
    browser.select("#f-channel", "x");
    // the other views show what was written to us, not what listening found
    browser.waitFor(d -> rows().equals(ids(tagged)));

    browser.click("#views button[data-view='listening']");
    browser.waitFor(d -> rows().equals(ids(angry, happy)));
    assertThat(browser.attribute("#views button[data-view='listening']", "aria-pressed")).isEqualTo("true");
    assertThat(browser.text(XInboxBrowserTest.listItem(angry) + " .reach")).isEqualTo("184,000 reach");
    assertThat(browser.text(XInboxBrowserTest.listItem(angry) + " .sentiment")).isEqualTo("negative");
    assertThat(browser.driver.getCurrentUrl()).contains("view=listening");

    // dismissed: closed, off the open list
    browser.click(XInboxBrowserTest.listItem(angry) + " button.dismiss");
    browser.waitFor(d -> rows().equals(ids(happy)));
    assertThat(app.admin.ok("/api/conversations/" + angry).get("status").asText()).isEqualTo("closed");

    // answered in public, under the post, through the brand-voice step
    browser.click(XInboxBrowserTest.listItem(happy));
    browser.waitFor(d -> browser.text("#conversation-subject").startsWith("Day 12 of the Camino"));
    browser.type("#reply-text", "So glad it holds up, Ines. Buen camino!");
    browser.waitFor(d -> browser.find("#voice-score").isDisplayed());
    browser.click("#send");
    browser.waitFor(d -> !browser.all("#thread .msg-out .delivery-sent").isEmpty());
    XApiSimulator.Post posted = browser.waitFor(d -> x.brandPosts().stream().findFirst().orElse(null));
    assertThat(posted.inReplyToId()).isEqualTo(happyPost);
    assertThat(posted.text()).startsWith("@ines_walks ").contains("So glad it holds up");
  }
}
