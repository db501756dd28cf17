package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.Api;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** The team KPI page in headless Chromium: a lead sees the tables, an agent is turned away. */
class KpiPageBrowserTest {
  @TempDir static Path dir;
  static WebFixture app;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    app = new WebFixture(dir);
    long id = app.email("rosa@customer.test", "Refund never arrived", "Three weeks and no refund.");
    Api ada = new Api(app.port(), "ada", WebFixture.PASSWORD);
    assertThat(ada.post("/api/conversations/" + id + "/replies",
        Api.json(Map.of("text", "Your refund left our account today.", "override", "browser test"))).status()).isEqualTo(202);
    assertThat(ada.post("/api/conversations/" + id + "/status", Api.json(Map.of("status", "resolved"))).status()).isEqualTo(200);
    browser = new Browser(app.port());
  }

  @AfterAll
  static void stop() {
    Browser.closeAll(browser, app);
  }

  @Test
  void aLeadShouldSeeKpisPerAgentTeamAndChannelFromTheInboxLink() {
    browser.signIn("lee", WebFixture.PASSWORD);
    browser.click("#kpis-link");
    browser.waitFor(d -> d.getCurrentUrl().endsWith("/kpis") ? Boolean.TRUE : null);
    browser.find("body[data-loaded='true']");

    WebElement ada = browser.find("#kpis-agent tr[data-key='ada']");
    assertThat(ada.findElement(By.cssSelector("[data-kpi='fcr']")).getText()).startsWith("100%").contains("1 / 1");
    assertThat(ada.findElement(By.cssSelector("[data-kpi='frt']")).getText()).contains("n=1");
    assertThat(ada.findElement(By.cssSelector("[data-kpi='csat']")).getText()).isEqualTo("–");
    assertThat(browser.text("#kpis-channel tr[data-key='email']")).contains("100%");
    assertThat(browser.text("#kpis-team tr.total")).startsWith("total");
    assertThat(browser.attribute("a[data-csv='agent']", "href")).contains("/api/kpis.csv?").contains("groupBy=agent");

    // a period with nothing in it
    browser.js("document.getElementById('from').value = '2020-01-01'; document.getElementById('to').value = '2020-01-07';");
    browser.click("#period button[type='submit']");
    browser.waitFor(d -> d.findElements(By.cssSelector("#kpis-agent tr[data-key='ada']")).isEmpty() ? Boolean.TRUE : null);
    assertThat(browser.text("#kpis-agent tbody")).contains("Nothing in this period.");

    List<LogEntry> errors =
        browser.driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(errors).as("console errors (CSP violations show here)").isEmpty();
  }

  @Test
  void anAgentShouldNotOpenTheKpiPageNorSeeItsLink() {
    browser.signIn("ada", WebFixture.PASSWORD);
    assertThat(browser.driver.findElement(By.id("kpis-link")).isDisplayed()).isFalse();
    browser.open("/kpis");
    assertThat(browser.text("#forbidden")).contains("Only team leads and admins");
  }
}
