package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.x.XApiSimulator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web inbox's acceptance flow on X in headless Chromium: the daemon polls the X API simulator
 * on 127.0.0.1 through the real X module, the page uses the real template and brand-voice
 * endpoints, and the reply is checked where it lands, in the simulator.
 */
class XInboxBrowserTest {
  static final String COMPLAINT = "my Atlas 45 zip broke on day two. Terrible quality!";
  static final String PRAISE = "the Transit 30 is the best bag I ever had";
  static final String HOSTILE = "look <img src=x onerror=\"window.pwned=1;document.title='pwned'\">";

  @TempDir static Path dir;
  static XApiSimulator x;
  static WebFixture app;
  static Browser browser;
  static XApiSimulator.User kim;
  static String complaintPost;
  static long complaint;
  static long praise;
  static long hostile;
  static long negativeEmail;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    app = new WebFixture(dir, x);
    kim = x.user("kimtravels", "Kim Lee");
    complaintPost = x.mention(kim, COMPLAINT);
    x.mention(x.user("raj_on_tour", "Raj Patel"), PRAISE);
    x.mention(x.user("mallory_x", "Mallory"), HOSTILE);
    complaint = app.awaitX(COMPLAINT);
    praise = app.awaitX(PRAISE);
    hostile = app.awaitX(HOSTILE);
    negativeEmail = app.email("rosa@customer.test", "Refund never arrived", "Three weeks and no refund. I will dispute the charge.");
    // what the NLP tagger said is replaced, so the filter below has one right answer
    app.tag(complaint, "negative", "high", "en", "reports something broken; strongly negative");
    app.tag(praise, "positive", "low", "en", null);
    app.tag(hostile, "neutral", "normal", "en", null);
    app.tag(negativeEmail, "negative", "urgent", "en", "threatens a chargeback");
    browser = new Browser(app.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app, x);
  }

  static String listItem(long id) {
    return "#conversation-list li[data-id='" + id + "']";
  }

  /** The rules of the violations the live check shows now, or "" when it shows none. */
  String violations() {
    return String.valueOf(browser.js(
        "return [...document.querySelectorAll('#voice-violations li')].map(li => li.dataset.rule).join(' ');"));
  }

  @Test
  void agentShouldFilterNegativeXOpenUseTemplateFixVoiceSendToXAndResolve() {
    browser.signIn("ada", WebFixture.PASSWORD);

    browser.select("#f-channel", "x");
    browser.select("#f-sentiment", "negative");
    String listed =
        browser.waitFor(d -> {
          String rows = String.valueOf(browser.js("return [...document.querySelectorAll('#conversation-list li')]"
              + ".map(li => li.dataset.channel + ':' + li.dataset.sentiment + ':' + li.dataset.id).join(' ');"));
          return rows.equals("x:negative:" + complaint) ? rows : null;
        });
    assertThat(listed).doesNotContain(":" + negativeEmail, ":" + praise, ":" + hostile);
    assertThat(browser.text("#list-summary")).startsWith("1 ");

    browser.click(listItem(complaint));
    browser.waitFor(d -> browser.text("#conversation-subject").equals(COMPLAINT));
    assertThat(browser.text("#thread .msg-in .msg-body")).contains(COMPLAINT);
    assertThat(browser.text(".conv-title")).contains("X", "public");

    // the real template picker: ranked for a public X complaint
    browser.selectText("#template-picker", "Move to a private message");
    browser.waitFor(d -> browser.find("#reply-text").getDomProperty("value").contains("please send us a private message"));
    browser.waitFor(d -> browser.find("#voice-check").isDisplayed() && !violations().contains("banned-phrase"));

    // the real brand-voice check, live as the agent types
    String banned = " Unfortunately we are slow.";
    browser.keys("#reply-text", banned);
    browser.waitFor(d -> violations().contains("banned-phrase"));
    assertThat(browser.text("#voice-violations li[data-rule='banned-phrase']")).containsIgnoringCase("unfortunately");
    assertThat(browser.text(".voice-preview mark")).isNotEmpty();
    browser.keys("#reply-text", Keys.BACK_SPACE.toString().repeat(banned.length()));
    browser.keys("#reply-text", " Sorry about the zip!");
    browser.waitFor(d -> !violations().contains("banned-phrase") && browser.find("#voice-score").isDisplayed());
    assertThat(browser.all("#send.danger")).as("nothing blocks this reply").isEmpty();

    browser.click("#send");
    browser.waitFor(d -> !browser.all("#thread .msg-out .delivery-sent").isEmpty());
    // delivered where it belongs: one reply post under the customer's mention, on the simulator
    XApiSimulator.Post posted = browser.waitFor(d -> x.brandPosts().stream().findFirst().orElse(null));
    assertThat(x.brandPosts()).hasSize(1);
    assertThat(posted.inReplyToId()).isEqualTo(complaintPost);
    assertThat(posted.text())
        .startsWith("@kimtravels ")
        .contains("please send us a private message", "Sorry about the zip!")
        .doesNotContainIgnoringCase("unfortunately");
    assertThat(browser.text("#thread .msg-out .msg-body")).contains("Sorry about the zip!");
    assertThat(x.brandDms()).isEmpty();

    browser.click("#status-resolved");
    browser.waitFor(d -> browser.text("#conversation-status").equals("resolved"));
    assertThat(app.admin.ok("/api/conversations/" + complaint).get("status").asText()).isEqualTo("resolved");
  }

  @Test
  void tweetWithAnImageHandlerShouldShowAsTextAndRunNoScript() {
    browser.signIn("bo", WebFixture.PASSWORD);
    String title = browser.driver.getTitle();
    browser.select("#f-channel", "x");
    browser.click(listItem(hostile));
    browser.waitFor(d -> browser.all("#thread .msg-in .msg-body").stream().anyMatch(b -> b.getText().contains("onerror")));

    assertThat(browser.text("#thread .msg-in .msg-body")).contains("<img src=x onerror=");
    assertThat(browser.all("#thread .msg-in .msg-body img")).isEmpty();
    List<WebElement> anywhere = browser.all("img[src='x']");
    assertThat(anywhere).as("no element was made from the tweet's markup").isEmpty();
    // the list's preview line shows it as text too
    assertThat(browser.all(listItem(hostile) + " img")).isEmpty();
    // a broken image's error fires at once; a fresh check of the page after another round trip
    browser.click("#status-pending");
    browser.waitFor(d -> browser.text("#conversation-status").equals("pending"));
    assertThat(browser.js("return typeof window.pwned;")).isEqualTo("undefined");
    assertThat(browser.driver.getTitle()).isEqualTo(title);
  }

  @Test
  void adminShouldSeeTheChannelAccountsAndTheirHealthOnTheAdminPage() {
    browser.signIn("admin", io.switchboard.support.TestDaemon.ADMIN_PASSWORD);
    browser.click("#admin-link");
    // the table is drawn again every few seconds: rows are looked up by what they show, each time
    String xRow = "#channels tr[data-account='x-brand']";
    assertThat(browser.text(xRow + "[data-status='UP']")).contains("x-brand", "x", "UP");
    browser.find("#channels tr[data-account='email-test'][data-status='UP']");
    browser.click(xRow + " summary");
    browser.find(xRow + " .channel-settings");
    assertThat(browser.text(xRow)).contains("api.base", x.baseUrl(), "bearer.token", "set (hidden)");
    assertThat(browser.driver.getPageSource()).doesNotContain(WebFixture.X_TOKEN);

    // pausing from the page, then resuming
    browser.click("#channels tr[data-account='x-brand'] .channel-pause");
    browser.find("#channels tr[data-account='x-brand'][data-status='PAUSED']");
    assertThat(browser.text("#channels tr[data-account='x-brand'] .channel-pause")).isEqualTo("Resume");
    browser.click("#channels tr[data-account='x-brand'] .channel-pause");
    browser.find("#channels tr[data-account='x-brand'][data-status='UP']");

    browser.signIn("ada", WebFixture.PASSWORD);
    browser.open("/admin");
    assertThat(browser.text("#forbidden")).contains("Only admins");
    assertThat(browser.all("#channels")).isEmpty();
  }
}
