package io.switchboard.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, with a fresh profile; nothing is
 * downloaded. Tests that use it are skipped where the browser is not installed.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  final String base;
  private final Path profile;

  static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
  }

  /**
   * Closes what a browser test started, in order (the browser before the daemon it talks to),
   * skipping what never started; every part is closed even when one fails.
   */
  static void closeAll(AutoCloseable... parts) {
    RuntimeException failed = null;
    for (AutoCloseable part : parts) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        if (failed == null) {
          failed = new IllegalStateException("closing a test part failed", e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  Browser(int port) throws IOException {
    assumeInstalled();
    base = "http://127.0.0.1:" + port;
    profile = Files.createTempDirectory("switchboard-chromium");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1400,900");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  void open(String path) {
    driver.get(base + path);
  }

  /** Signs in through the form as a person would; any earlier session is dropped first. */
  void signIn(String user, String password) {
    open("/login");
    driver.manage().deleteAllCookies();
    open("/login");
    find("#username").sendKeys(user);
    find("#password").sendKeys(password);
    find("#sign-in").click();
    waitFor(d -> !d.getCurrentUrl().contains("/login") && !d.findElements(By.cssSelector("#live.on")).isEmpty());
  }

  WebElement find(String css) {
    return waitFor(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  /**
   * Picks an option of a select, again if the page re-rendered the select before the pick took
   * (a select that acts on change may reset itself afterwards: the caller waits for the effect).
   */
  void select(String css, String value) {
    waitFor(d -> {
      new org.openqa.selenium.support.ui.Select(find(css)).selectByValue(value);
      return true;
    });
  }

  /** Types into a field, again if the page re-rendered the field meanwhile. */
  void type(String css, String text) {
    waitFor(d -> {
      WebElement field = find(css);
      field.clear();
      field.sendKeys(text);
      return text.equals(find(css).getDomProperty("value"));
    });
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  <T> T waitFor(ExpectedCondition<T> condition) {
    // the page re-renders parts of itself while we look: an element found a moment ago may be gone
    return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a temp folder
      }
    }
  }

  /** Keeps WebDriver's own type out of test signatures. */
  WebDriver webDriver() {
    return driver;
  }
}
