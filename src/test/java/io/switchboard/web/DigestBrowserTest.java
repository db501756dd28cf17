package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The marketing dashboard ({@code /digest.html}) in headless Chromium against the real daemon. */
class DigestBrowserTest {
  @TempDir static Path dir;
  static WebFixture app;
  static Browser browser;
  static DigestSeed seeded;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    app = new WebFixture(dir);
    seeded = new DigestSeed(app.daemon.services().jdbi()).seed();
    browser = new Browser(app.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app);
  }

  /** Every chart image has loaded a picture for the period in the address bar and is on screen. */
  boolean chartsShown(String query) {
    List<WebElement> charts = browser.all("img.chart[data-chart]");
    return charts.size() == 4
        && charts.stream().allMatch(img -> img.getAttribute("src").endsWith(query)
            && Boolean.TRUE.equals(browser.js("return arguments[0].complete && arguments[0].naturalWidth > 0;", img))
            && img.getSize().getWidth() > 0 && img.getSize().getHeight() > 0);
  }

  String query() {
    return String.valueOf(browser.js("return location.search;"));
  }

  @Test
  void marketingShouldPickAPeriodAndSeeTheChartsAndTheSeededComplaint() {
    browser.signIn("mia", WebFixture.PASSWORD);
    browser.click("#digest-link");
    browser.waitFor(d -> browser.find("#digest").isDisplayed() && chartsShown(query()));

    // a period from the form with nothing in it
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    browser.js("document.getElementById('from').value = arguments[0]; document.getElementById('to').value = arguments[1];",
        today.minusDays(60).toString(), today.minusDays(53).toString());
    browser.click("#period button[type='submit']");
    browser.waitFor(d -> browser.text("#themes").contains("No recurring complaint in this period."));
    assertThat(query()).isEqualTo("?from=" + today.minusDays(60) + "&to=" + today.minusDays(53));
    assertThat(browser.text("#cards .card .value")).isEqualTo("0");
    browser.waitFor(d -> chartsShown(query()));

    // a preset: the seeded week is back, with its complaint theme and quotes linked to conversations
    browser.click("#period button[data-days='30']");
    browser.waitFor(d -> browser.text("#themes").contains("lost luggage"));
    assertThat(query()).isEqualTo("?from=" + today.minusDays(30) + "&to=" + today);
    browser.waitFor(d -> chartsShown(query()));
    WebElement theme = browser.find("#themes > li");
    assertThat(theme.getText()).startsWith("lost luggage: 4 messages");
    assertThat(theme.findElements(By.cssSelector(".quotes a")))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.getAttribute("href")).matches(".*/#c\\d+"));
    assertThat(browser.text("#cards .card .value")).isEqualTo("8");
    assertThat(browser.text("#praise")).contains("Your agent Maria was fantastic");
    assertThat(browser.text("#channels")).contains("email", "x", "facebook");
    assertThat(browser.attribute("#csv", "href")).endsWith("/api/digest.csv" + query());
  }

  @Test
  void anAgentShouldNotReadTheDashboard() {
    browser.signIn("ada", WebFixture.PASSWORD);
    assertThat(browser.driver.findElement(By.id("digest-link")).isDisplayed()).isFalse();
    browser.open("/digest.html");
    browser.waitFor(d -> browser.text("#status").contains("Your role cannot read digests"));
    assertThat(browser.driver.findElement(By.id("digest")).isDisplayed()).isFalse();
    assertThat(browser.driver.getPageSource()).doesNotContain("lost luggage", "Maria");
    Object status = browser.driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/digest/chart/themes.png').then(r => done(r.status));");
    assertThat(status).isEqualTo(403L);
  }
}
