package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.Options;
import io.switchboard.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;

/**
 * The README's screenshots, taken from the demo in headless Chromium: {@code docs/inbox.png},
 * {@code docs/conversation.png} and {@code docs/digest-sample.png} (the whole marketing dashboard
 * for the demo's last 7 days). A tool, not a check: it runs only when asked, from the project
 * folder:
 *
 * <pre>
 * mvn -B -ntp -q test -Dtest=DocsScreenshots -Dscreenshots=docs
 * </pre>
 *
 * (the value is the folder the PNGs are written to).
 */
@EnabledIfSystemProperty(named = "screenshots", matches = ".+")
class DocsScreenshots {
  static final String PASSWORD = "demo-screenshots";

  @TempDir Path dir;

  @Test
  void takeTheReadmeScreenshotsFromTheDemo() throws Exception {
    Browser.assumeInstalled();
    Path out = Files.createDirectories(Path.of(System.getProperty("screenshots")));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Daemon daemon =
        Daemon.start(
            new Options("run", Path.of("config"), dir.resolve("data"), 0, true, List.of()),
            Map.of("SWITCHBOARD_ADMIN_PASSWORD", PASSWORD)::get,
            quiet);
    try (Browser browser = new Browser(daemon.port())) {
      Api api = new Api(daemon.port(), "admin", PASSWORD);
      awaitDemoData(api);
      daemon.services().users().create("marta", "Marta Lopez", PASSWORD, "agent");
      daemon.services().users().create("mika", "Mika Marketing", PASSWORD, "marketing");
      long x = worstPublicX(api);
      api.post("/api/conversations/" + x + "/tags", Api.json(Map.of("tag", "product-defect")));
      api.post("/api/conversations/" + x + "/assignee", Api.json(Map.of("assignee", "marta")));
      api.post(
          "/api/conversations/" + x + "/notes",
          Api.json(Map.of("text", "Second zip complaint on the Atlas 45 this week: asked the product team to look at the batch.")));

      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900));
      browser.signIn("marta", PASSWORD);
      browser.select("#f-sort", "urgency");
      browser.waitFor(d -> browser.all("#conversation-list li").size() >= 10);
      browser.js("document.activeElement.blur();");
      write(out.resolve("inbox.png"), browser.driver.getScreenshotAs(OutputType.BYTES));

      // a lead has the conversation open too: the page shows who else is there
      daemon.services().users().create("lena", "Lena Lead", PASSWORD, "lead");
      new Api(daemon.port(), "lena", PASSWORD).post("/api/conversations/" + x + "/presence", Api.json(Map.of("state", "viewing")));
      browser.click("#conversation-list li[data-id='" + x + "']");
      browser.waitFor(d -> !browser.all("#thread .msg-in").isEmpty() && !browser.all("#thread .msg-note").isEmpty());
      browser.waitFor(d -> browser.all("#sla-panel li.sla-clock").size() == 3 && browser.text("#presence").contains("is viewing"));
      browser.selectText("#template-picker", "Move to a private message");
      browser.waitFor(d -> !browser.find("#reply-text").getDomProperty("value").isEmpty());
      browser.keys("#reply-text", " Unfortunately the zip is a known issue!!");
      browser.waitFor(d -> !browser.all("#voice-violations li[data-rule='banned-phrase']").isEmpty());
      write(out.resolve("conversation.png"), browser.driver.getScreenshotAs(OutputType.BYTES));

      browser.signIn("mika", PASSWORD);
      browser.click("#digest-link");
      browser.waitFor(d -> browser.find("#digest").isDisplayed());
      // the demo's posts and comments are from today: the week up to and including today
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      browser.js("document.getElementById('from').value = arguments[0]; document.getElementById('to').value = arguments[1];",
          today.minusDays(7).toString(), today.plusDays(1).toString());
      browser.click("#period button[type='submit']");
      browser.waitFor(d -> String.valueOf(browser.js("return location.search;")).contains(today.plusDays(1).toString())
          && browser.find("#digest").isDisplayed() && chartsLoaded(browser));
      write(out.resolve("digest-sample.png"), fullPage(browser));
    } finally {
      daemon.stop();
    }
  }

  /** Waits until every demo channel has delivered and the count has stopped growing. */
  static void awaitDemoData(Api api) {
    for (String channel : List.of("email", "x", "facebook", "instagram")) {
      await().atMost(Duration.ofSeconds(60)).until(
          () -> api.ok("/api/conversations?status=&channel=" + channel).get("total").asInt() > 0);
    }
    AtomicInteger last = new AtomicInteger(-1);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      int now = api.ok("/api/conversations?status=").get("total").asInt();
      return now == last.getAndSet(now);
    });
  }

  /** The demo's most negative public X conversation. */
  static long worstPublicX(Api api) {
    JsonNode items = api.ok("/api/conversations?channel=x&kind=message&limit=50").get("items");
    long best = -1;
    for (JsonNode c : items) {
      if (c.path("isPublic").asBoolean() && "negative".equals(c.path("sentiment").asText())) {
        best = c.get("id").asLong();
        break;
      }
    }
    assertThat(best).as("a negative public X conversation in the demo").isPositive();
    return best;
  }

  static boolean chartsLoaded(Browser browser) {
    return Boolean.TRUE.equals(browser.js(
        "const imgs = [...document.querySelectorAll('img.chart')];"
            + "return imgs.length > 0 && imgs.every(i => i.src.endsWith(location.search) && i.complete && i.naturalWidth > 0);"));
  }

  /** The whole page, not only the window, through the DevTools protocol. */
  static byte[] fullPage(Browser browser) {
    Map<String, Object> metrics = browser.driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) size.get("width")).doubleValue();
    double height = ((Number) size.get("height")).doubleValue();
    Map<String, Object> shot =
        browser.driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }

  static void write(Path file, byte[] png) throws IOException {
    assertThat(png).as(file + " is a PNG").startsWith(0x89, 'P', 'N', 'G');
    Files.write(file, png);
  }
}
