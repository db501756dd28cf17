package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The conversation page in headless Chromium: a customer who emailed and wrote on X is offered as
 * one with the reasons; one click merges, and the page lists the X conversation with its
 * sentiment and status; undo separates them again.
 */
class ContactsBrowserTest {
  @TempDir static Path dir;
  static XApiSimulator x;
  static WebFixture app;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    x = XApiSimulator.builder().bearerToken(WebFixture.X_TOKEN).start();
    app = new WebFixture(dir, x);
    browser = new Browser(app.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app, x::close);
  }

  @Test
  void anAgentShouldMergeTheSuggestedCustomerWithOneClickAndUndoIt() {
    String subject = "Wheel broke, order NW-48213";
    long mail = app.deliver(
        TestMail.email("maya.lindqvist@example.com", "<wheel.1@customer.test>", subject,
                "The wheel of my carry-on (order NW-48213) broke. I wrote to you on X too, I am @mayaroams.\n\nMaya Lindqvist", null)
            .replace("From: Customer <", "From: Maya Lindqvist <"),
        subject);
    XApiSimulator.User maya = x.user("mayaroams", "Maya Lindqvist");
    String dmText = "Still waiting for news on order NW-48213.";
    x.dmFromCustomer(maya, dmText);
    long dm = app.awaitX(dmText);
    app.tag(dm, "negative", "normal", "en", null);

    browser.signIn("ada", WebFixture.PASSWORD);
    browser.click("#conversation-list li[data-id='" + mail + "']");
    browser.waitFor(d -> browser.text("#conversation-subject").equals(subject) ? Boolean.TRUE : null);
    browser.waitFor(d -> browser.text("#others").contains("None on any channel.") ? Boolean.TRUE : null);
    String suggestion = "#contact-suggestions li[data-contact]";
    assertThat(browser.text(suggestion)).contains("Maya Lindqvist").contains("X handle @mayaroams mentioned in an email")
        .contains("same name (Maya Lindqvist) and order NW-48213");

    browser.click(suggestion + " button.merge-contact");
    String other = "#other-conversations li[data-id='" + dm + "']";
    assertThat(browser.text(other)).contains(dmText.substring(0, 20)).contains("negative").contains("open");
    assertThat(browser.text("#identities")).contains("maya.lindqvist@example.com").contains("@mayaroams").contains("x-user-id");
    assertThat(browser.driver.findElements(By.cssSelector(suggestion))).as("nothing left to suggest").isEmpty();

    browser.click("#contact-merges button.undo-merge");
    browser.waitFor(d -> d.findElements(By.cssSelector(other)).isEmpty() ? Boolean.TRUE : null);
    browser.waitFor(d -> browser.text("#others").contains("None on any channel.") ? Boolean.TRUE : null);
    assertThat(browser.text(suggestion)).contains("Maya Lindqvist");
  }
}
