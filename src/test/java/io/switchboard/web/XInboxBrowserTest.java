package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.x.XApiSimulator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

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

  WebElement listItem(long id) {
    return browser.find("#conversation-list li[data-id='" + id + "']");
  }

  /** The rules of the violations the live check shows now, or "" when it shows none. */
  String violations() {
    return String.valueOf(browser.js(
        "return [...document.querySelectorAll('#voice-violations li')].map(li => li.dataset.rule).join(' ');"));
  }

  @Test
  void agentShouldFilterNegativeXOpenUseTemplateFixVoiceSendToXAndResolve() {
    browser.signIn("ada", WebFixture.PASSWORD);

    new Select(browser.find("#f-channel")).selectByValue("x");
    new Select(browser.find("#f-sentiment")).selectByValue("negative");
    String listed =
        browser.waitFor(d -> {
          String rows = String.valueOf(browser.js("return [...document.querySelectorAll('#conversation-list li')]"
              + ".map(li => li.dataset.channel + ':' + li.dataset.sentiment + ':' + li.dataset.id).join(' ');"));
          return rows.equals("x:negative:" + complaint) ? rows : null;
        });
    assertThat(listed).doesNotContain(":" + negativeEmail, ":" + praise, ":" + hostile);
    assertThat(browser.find("#list-summary").getText()).startsWith("1 ");

    listItem(complaint).click();
    browser.waitFor(d -> browser.find("#conversation-subject").getText().equals(COMPLAINT));
    assertThat(browser.find("#thread .msg-in .msg-body").getText()).contains(COMPLAINT);
    assertThat(browser.find(".conv-title").getText()).contains("X", "public");

    // the real template picker: ranked for a public X complaint
    Select picker = new Select(browser.find("#template-picker"));
    browser.waitFor(d -> picker.getOptions().stream().anyMatch(o -> o.getText().equals("Move to a private message")));
    picker.selectByVisibleText("Move to a private message");
    WebElement text = browser.find("#reply-text");
    browser.waitFor(d -> text.getAttribute("value").contains("please send us a private message"));
    browser.waitFor(d -> browser.find("#voice-check").isDisplayed() && !violations().contains("banned-phrase"));

    // the real brand-voice check, live as the agent types
    String banned = " Unfortunately we are slow.";
    text.sendKeys(banned);
    browser.waitFor(d -> violations().contains("banned-phrase"));
    assertThat(browser.find("#voice-violations li[data-rule='banned-phrase']").getText()).containsIgnoringCase("unfortunately");
    assertThat(browser.find(".voice-preview mark").getText()).isNotEmpty();
    for (int i = 0; i < banned.length(); i++) {
      text.sendKeys(Keys.BACK_SPACE);
    }
    text.sendKeys(" Sorry about the zip!");
    browser.waitFor(d -> !violations().contains("banned-phrase") && browser.find("#voice-score").isDisplayed());
    assertThat(browser.all("#send.danger")).as("nothing blocks this reply").isEmpty();

    browser.find("#send").click();
    browser.waitFor(d -> !browser.all("#thread .msg-out .delivery-sent").isEmpty());
    // delivered where it belongs: one reply post under the customer's mention, on the simulator
    XApiSimulator.Post posted = browser.waitFor(d -> x.brandPosts().stream().findFirst().orElse(null));
    assertThat(x.brandPosts()).hasSize(1);
    assertThat(posted.inReplyToId()).isEqualTo(complaintPost);
    assertThat(posted.text())
        .startsWith("@kimtravels ")
        .contains("please send us a private message", "Sorry about the zip!")
        .doesNotContainIgnoringCase("unfortunately");
    assertThat(browser.find("#thread .msg-out .msg-body").getText()).contains("Sorry about the zip!");
    assertThat(x.brandDms()).isEmpty();

    browser.find("#status-resolved").click();
    browser.waitFor(d -> browser.find("#conversation-status").getText().equals("resolved"));
    assertThat(app.admin.ok("/api/conversations/" + complaint).get("status").asText()).isEqualTo("resolved");
  }

  @Test
  void tweetWithAnImageHandlerShouldShowAsTextAndRunNoScript() {
    browser.signIn("bo", WebFixture.PASSWORD);
    String title = browser.driver.getTitle();
    new Select(browser.find("#f-channel")).selectByValue("x");
    listItem(hostile).click();
    browser.waitFor(d -> browser.all("#thread .msg-in .msg-body").stream().anyMatch(b -> b.getText().contains("onerror")));

    WebElement body = browser.find("#thread .msg-in .msg-body");
    assertThat(body.getText()).contains("<img src=x onerror=");
    assertThat(body.findElements(By.tagName("img"))).isEmpty();
    List<WebElement> anywhere = browser.all("img[src='x']");
    assertThat(anywhere).as("no element was made from the tweet's markup").isEmpty();
    // the list's preview line shows it as text too
    assertThat(listItem(hostile).findElements(By.tagName("img"))).isEmpty();
    // a broken image's error fires at once; a fresh check of the page after another round trip
    browser.find("#status-pending").click();
    browser.waitFor(d -> browser.find("#conversation-status").getText().equals("pending"));
    assertThat(browser.js("return typeof window.pwned;")).isEqualTo("undefined");
    assertThat(browser.driver.getTitle()).isEqualTo(title);
  }

  @Test
  void adminShouldSeeTheChannelAccountsAndTheirHealthOnTheAdminPage() {
    browser.signIn("admin", io.switchboard.support.TestDaemon.ADMIN_PASSWORD);
    browser.find("#admin-link").click();
    WebElement xRow = browser.find("#channels tr[data-account='x-brand'][data-status='UP']");
    assertThat(xRow.getText()).contains("x-brand", "x", "UP");
    browser.find("#channels tr[data-account='email-test'][data-status='UP']");
    xRow.findElement(By.tagName("summary")).click();
    browser.waitFor(d -> xRow.findElement(By.cssSelector(".channel-settings")).isDisplayed());
    assertThat(xRow.getText()).contains("api.base", x.baseUrl(), "bearer.token", "set (hidden)");
    assertThat(browser.driver.getPageSource()).doesNotContain(WebFixture.X_TOKEN);

    // pausing from the page, then resuming
    browser.find("#channels tr[data-account='x-brand'] .channel-pause").click();
    browser.find("#channels tr[data-account='x-brand'][data-status='PAUSED']");
    assertThat(browser.find("#channels tr[data-account='x-brand'] .channel-pause").getText()).isEqualTo("Resume");
    browser.find("#channels tr[data-account='x-brand'] .channel-pause").click();
    browser.find("#channels tr[data-account='x-brand'][data-status='UP']");

    browser.signIn("ada", WebFixture.PASSWORD);
    browser.open("/admin");
    assertThat(browser.find("#forbidden").getText()).contains("Only admins");
    assertThat(browser.all("#channels")).isEmpty();
  }
}
