package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.TestMail;
import io.switchboard.workflow.WorkflowFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The composer sends the id of the newest message on screen; when the customer wrote meanwhile the
 * page shows the new message and sends only after the agent confirms. The live feed is slowed to
 * an hour so the page cannot learn of the new message on its own.
 */
class StaleReplyBrowserTest {
  @TempDir static Path dir;
  static WorkflowFixture app;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    app = new WorkflowFixture(dir, null, "switchboard.events.poll = 1h");
    browser = new Browser(app.daemon.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app);
  }

  @Test
  void aStaleReplyShouldShowTheNewMessageAndGoOutOnlyWhenConfirmed() {
    String first = "<browser-first." + System.nanoTime() + "@customer.test>";
    app.mail.deliver(TestMail.email("uma@customer.test", first, "Order 7781", "Where is order 7781? It is late.", null));
    long id = await().atMost(Duration.ofSeconds(20)).until(() -> app.find("Order 7781"), c -> c > 0);

    browser.signIn("ada", WorkflowFixture.PASSWORD);
    browser.click("#conversation-list li[data-id='" + id + "']");
    browser.waitFor(d -> browser.text("#conversation-subject").equals("Order 7781"));

    app.mail.deliver(TestMail.email("uma@customer.test", "<browser-second." + System.nanoTime() + "@customer.test>",
        "Re: Order 7781", "Please cancel order 7781 instead.", first));
    await().atMost(Duration.ofSeconds(20)).until(() -> app.admin.ok("/api/conversations/" + id).get("messages").size() == 2);
    assertThat(browser.all("#thread .msg-in")).as("the page has not seen it").hasSize(1);

    browser.keys("#reply-text", "Hello Uma, thank you for your patience; your order leaves today.");
    browser.click("#send");
    Alert confirm = browser.waitFor(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).contains("1 new message").contains("Please cancel order 7781 instead.");
    assertThat(app.admin.ok("/api/conversations/" + id).get("messages")).as("nothing sent yet").hasSize(2);
    confirm.accept();

    browser.waitFor(d -> browser.all("#thread .msg-out").size() == 1);
    assertThat(browser.all("#thread .msg-in")).hasSize(2);
    assertThat(app.admin.ok("/api/conversations/" + id).get("messages")).hasSize(3);
  }
}
