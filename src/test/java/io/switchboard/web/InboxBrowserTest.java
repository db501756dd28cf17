package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TestDaemon;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** The web inbox in headless Chromium against the real daemon and GreenMail. */
class InboxBrowserTest {
  @TempDir static Path dir;
  static WebFixture app;
  static Browser browser;
  static long refund;
  static long parcel;
  static long hostile;

  /**
   * Stands in for the voice module's endpoints with their documented answers, so the page's
   * template picker and live check are exercised whether or not the real ones are deployed.
   */
  static final String FAKE_VOICE =
      "const real = window.fetch.bind(window);"
          + "const json = (b) => Promise.resolve(new Response(JSON.stringify(b), {status: 200, headers: {'Content-Type': 'application/json'}}));"
          + "window.fetch = (url, opts) => { const u = String(url);"
          + "  if (u.startsWith('/api/templates')) return json([{id: 'refund-sent', title: 'Refund sent', language: 'en', score: 20,"
          + "    reasons: ['mentions refund'], body: 'Your refund left our account today.'}]);"
          + "  if (u === '/api/voice/check') { const text = JSON.parse(opts.body).text; const i = text.indexOf('ASAP');"
          + "    return json({text: text, score: i < 0 ? 100 : 80, violations: i < 0 ? [] : [{rule: 'banned-phrase', severity: 'warn',"
          + "      message: 'Avoid \"ASAP\"', start: i, end: i + 4, suggestion: 'as soon as we can'}]}); }"
          + "  return real(url, opts); };";

  static final String NO_VOICE =
      "const real = window.fetch.bind(window);"
          + "window.fetch = (url, opts) => { const u = String(url);"
          + "  if (u.startsWith('/api/templates') || u === '/api/voice/check') return Promise.resolve(new Response("
          + "    JSON.stringify({status: 404, error: 'no such resource'}), {status: 404, headers: {'Content-Type': 'application/json'}}));"
          + "  return real(url, opts); };";

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    app = new WebFixture(dir);
    refund = app.email("rosa@customer.test", "Refund never arrived", "Three weeks and no refund. I will dispute the charge.");
    parcel = app.email("pete@customer.test", "Where is my parcel", "The parcel is late and nobody answers.");
    long backpack = app.email("lia@customer.test", "Love the backpack", "Best backpack I ever had, thanks!");
    app.tag(refund, "negative", "urgent", "en", "threatens a chargeback; strongly negative");
    app.tag(parcel, "negative", "high", "en", "reports something not working");
    hostile = app.deliver(HOSTILE_EMAIL, "Invoice attached");
    // what the NLP tagger said is replaced, so the filters below have one right answer
    app.tag(backpack, "positive", "low", "en", null);
    app.tag(hostile, "neutral", "normal", "en", null);
    browser = new Browser(app.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app);
  }

  static String listItem(long id) {
    return "#conversation-list li[data-id='" + id + "']";
  }

  @Test
  void agentShouldFilterOpenUseTemplateAndVoiceCheckSendAndResolve() throws Exception {
    browser.signIn("ada", WebFixture.PASSWORD);
    browser.js(FAKE_VOICE);

    browser.select("#f-sentiment", "negative");
    String listed =
        browser.waitFor(d -> {
          Object rows = browser.js("return [...document.querySelectorAll('#conversation-list li')]"
              + ".map(li => li.dataset.sentiment + ':' + li.dataset.id).join(' ');");
          return rows.toString().matches("(negative:\\d+ ?)+") ? rows.toString() : null;
        });
    assertThat(listed).contains("negative:" + refund, "negative:" + parcel).doesNotContain(":" + hostile + " ");
    WebElement urgency = browser.find(listItem(refund) + " .urgency");
    assertThat(urgency.getText()).isEqualTo("urgent");
    assertThat(urgency.getAttribute("title")).contains("threatens a chargeback", "strongly negative");

    browser.click(listItem(refund));
    browser.waitFor(d -> browser.text("#conversation-subject").equals("Refund never arrived"));
    assertThat(browser.text("#thread .msg-in .msg-body")).contains("I will dispute the charge.");

    browser.selectText("#template-picker", "Refund sent");
    browser.waitFor(d -> browser.find("#reply-text").getDomProperty("value").contains("Your refund left our account today."));

    browser.keys("#reply-text", " We will call you ASAP.");
    browser.waitFor(d -> browser.text("#voice-violations").contains("Avoid \"ASAP\""));
    assertThat(browser.text(".voice-preview mark")).isEqualTo("ASAP");

    browser.keys("#reply-text", Keys.BACK_SPACE.toString().repeat(" ASAP.".length()));
    browser.keys("#reply-text", " soon.");
    browser.waitFor(d -> d.findElements(By.id("voice-violations")).isEmpty() && browser.find("#voice-ok").isDisplayed());

    browser.click("#send");
    browser.waitFor(d -> !browser.all("#thread .msg-out .delivery-sent").isEmpty());
    // the voice module may add the greeting and sign-off around what the agent wrote
    assertThat(browser.text("#thread .msg-out .msg-body"))
        .contains("Your refund left our account today. We will call you soon.");
    MimeMessage sent =
        browser.waitFor(d -> Arrays.stream(app.mail.server.getReceivedMessagesForDomain("customer.test"))
            .filter(m -> recipients(m).stream().anyMatch(r -> r.contains("rosa@customer.test"))).findFirst().orElse(null));
    assertThat(sent.getSubject()).contains("Refund never arrived");

    browser.keys("#reply-text", Keys.ESCAPE);
    browser.keys("body", "e");
    browser.waitFor(d -> browser.text("#conversation-status").equals("resolved"));
    assertThat(app.admin.ok("/api/conversations/" + refund).get("status").asText()).isEqualTo("resolved");

    List<LogEntry> csp =
        browser.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .filter(e -> e.getMessage().contains("Content Security Policy"))
            .toList();
    assertThat(csp).as("the pages need nothing the CSP forbids").isEmpty();
  }

  @Test
  void composerShouldHideTemplatesAndVoiceCheckWhenTheServerHasNone() {
    browser.signIn("ada", WebFixture.PASSWORD);
    browser.js(NO_VOICE);
    browser.click(listItem(parcel));
    browser.waitFor(d -> browser.text("#conversation-subject").equals("Where is my parcel"));
    browser.keys("#reply-text", "Checking on it now.");
    browser.waitFor(d -> d.findElement(By.id("send")).isEnabled());
    assertThat(browser.driver.findElement(By.id("template-picker")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("voice-check")).isDisplayed()).isFalse();
  }

  @Test
  void newMessagesShouldAppearWithoutReloading() {
    browser.signIn("bo", WebFixture.PASSWORD);
    browser.find("#conversation-list li");
    browser.js("window.notReloaded = true;");
    long id = app.email("nina@customer.test", "Arrived while you watched", "Hello from the live feed");
    browser.waitFor(d -> !browser.all("#conversation-list li[data-id='" + id + "']").isEmpty());
    assertThat(browser.js("return window.notReloaded === true;")).isEqualTo(true);
  }

  @Test
  void keyboardShortcutsShouldMoveReplySearchAndResolve() {
    browser.signIn("bo", WebFixture.PASSWORD);
    browser.js(NO_VOICE);
    // the list is re-rendered on every live event: its order is read in one step in the page
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) browser.js("return [...document.querySelectorAll('#conversation-list li')].map(li => li.dataset.id);");
    assertThat(ids.size()).isGreaterThanOrEqualTo(2);
    String first = ids.get(0);
    String second = ids.get(1);
    browser.keys("body", "j");
    browser.waitFor(d -> first.equals(selected()));
    browser.keys("body", "j");
    browser.waitFor(d -> second.equals(selected()) && browser.all("#thread .msg").size() > 0);
    browser.keys("body", "k");
    browser.waitFor(d -> first.equals(selected()));
    browser.keys("body", "r");
    browser.waitFor(d -> "reply-text".equals(browser.js("return document.activeElement.id;")));
    browser.keys("#reply-text", Keys.ESCAPE);
    browser.waitFor(d -> !"reply-text".equals(browser.js("return document.activeElement.id;")));
    browser.keys("body", "/");
    browser.waitFor(d -> "search".equals(browser.js("return document.activeElement.id;")));
    browser.keys("#search", "parcel");
    browser.waitFor(d -> browser.all("#conversation-list li").size() == 1);
    assertThat(browser.text("#conversation-list li .conv-subject")).isEqualTo("Where is my parcel");
    // the search's words are marked in the list (ADR 0037)
    assertThat(browser.text("#conversation-list li .conv-highlight mark")).isEqualToIgnoringCase("parcel");
  }

  String selected() {
    return (String) browser.js("const s = document.querySelector('#conversation-list li.selected'); return s ? s.dataset.id : null;");
  }

  @Test
  void anAgentShouldNotOpenTheAdminPage() {
    browser.signIn("ada", WebFixture.PASSWORD);
    assertThat(browser.driver.findElement(By.id("admin-link")).isDisplayed()).isFalse();
    browser.open("/admin");
    assertThat(browser.text("#forbidden")).contains("Only admins can open this page.");
    assertThat(browser.all("#users")).isEmpty();

    browser.signIn("admin", TestDaemon.ADMIN_PASSWORD);
    browser.click("#admin-link");
    browser.waitFor(d -> browser.text("#users tbody").contains("ada"));
  }

  @Test
  void marketingShouldReadButNotSendAReply() {
    browser.signIn("mia", WebFixture.PASSWORD);
    browser.click(listItem(parcel));
    browser.waitFor(d -> browser.text("#conversation-subject").equals("Where is my parcel"));
    assertThat(browser.text("#read-only")).contains("Read only");
    assertThat(browser.all("#composer")).isEmpty();
    assertThat(browser.all("#status-resolved")).allMatch(b -> !b.isEnabled());
    // and the server refuses even when the page is bypassed
    Object status =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/api/me').then(r => r.json()).then(me => fetch('/api/conversations/" + parcel + "/replies', {"
                + " method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken},"
                + " body: JSON.stringify({text: 'hi'})})).then(r => done(r.status));");
    assertThat(status).isEqualTo(403L);
  }

  static final String HOSTILE_EMAIL =
      String.join(
          "\r\n",
          "From: Mallory <mallory@customer.test>",
          "To: support@shop.test",
          "Subject: Invoice attached",
          "Date: Mon, 23 Nov 2026 10:00:00 +0000",
          "Message-ID: <hostile.1@customer.test>",
          "MIME-Version: 1.0",
          "Content-Type: multipart/alternative; boundary=\"b\"",
          "",
          "--b",
          "Content-Type: text/plain; charset=UTF-8",
          "",
          "Like a tweet: <img src=x onerror=\"window.pwned='text';document.title='pwned'\"> see invoice",
          "--b",
          "Content-Type: text/html; charset=UTF-8",
          "",
          "<html><body><p>Please see the <b>invoice</b>.</p>",
          "<script>window.pwned='script';document.title='pwned'</script>",
          "<img src=\"x\" onerror=\"window.pwned='onerror';document.title='pwned'\">",
          "<a id=\"evil\" href=\"javascript:window.pwned='link';document.title='pwned'\">Open invoice</a>",
          "<svg onload=\"window.pwned='svg'\"><circle r=\"5\"/></svg>",
          "<iframe src=\"javascript:parent.pwned='iframe'\"></iframe>",
          "</body></html>",
          "--b--",
          "");

  @Test
  void hostileEmailHtmlShouldRunNoScript() {
    browser.signIn("ada", WebFixture.PASSWORD);
    String title = browser.driver.getTitle();
    browser.click(listItem(hostile));
    browser.waitFor(d -> browser.text("#conversation-subject").equals("Invoice attached"));

    // the text version shows the markup as text, like a tweet would be
    WebElement text = browser.find("#thread .msg-in .msg-body");
    assertThat(text.getText()).contains("<img src=x onerror=");
    assertThat(text.findElements(By.tagName("img"))).isEmpty();

    browser.click("#thread .show-html");
    WebElement frame = browser.find("#thread iframe.email-frame");
    assertThat(frame.getAttribute("sandbox")).as("no allow-scripts, no allow-same-origin").isEmpty();
    String srcdoc = frame.getAttribute("srcdoc");
    assertThat(srcdoc).contains("invoice").doesNotContainIgnoringCase("<script").doesNotContain("onerror", "javascript:", "onload");

    browser.driver.switchTo().frame(frame);
    WebElement link = browser.waitFor(d -> d.findElement(By.xpath("//a[contains(., 'Open invoice')]")));
    assertThat(link.getAttribute("href")).isNull();
    link.click();
    browser.driver.switchTo().defaultContent();
    browser.waitFor(d -> browser.all("#thread iframe.email-frame").size() == 1);
    // let anything the click could have started run: the page's event loop turns over a server round trip
    assertThat(browser.driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; fetch('/api/me').then(r => done(r.status));")).isEqualTo(200L);
    assertThat(browser.driver.getTitle()).isEqualTo(title);
    assertThat(browser.js("return typeof window.pwned;")).isEqualTo("undefined");
    assertThat(browser.driver.getCurrentUrl()).startsWith(browser.base + "/");
  }

  private static List<String> recipients(MimeMessage m) {
    try {
      return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
    } catch (Exception e) {
      return List.of();
    }
  }
}
