package io.switchboard.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, with a fresh profile; nothing is
 * downloaded. Tests that use it are skipped where the browser is not installed.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** The one timeout for every wait of a browser test: for an element, a state, an action. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

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
    driver.manage().timeouts().scriptTimeout(TIMEOUT);
  }

  void open(String path) {
    driver.get(base + path);
  }

  /** Signs in through the form as a person would; any earlier session is dropped first. */
  void signIn(String user, String password) {
    open("/login");
    driver.manage().deleteAllCookies();
    open("/login");
    type("#username", user);
    type("#password", password);
    click("#sign-in");
    waitFor(d -> !d.getCurrentUrl().contains("/login") && !d.findElements(By.cssSelector("#live.on")).isEmpty());
  }

  /** The first visible match, for reading; to act on an element use {@link #click}, {@link #type}, {@link #select}. */
  WebElement find(String css) {
    return waitFor(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  /** The text of the first visible match, read again if the page replaced it meanwhile. */
  String text(String css) {
    return waitFor(d -> find(css).getText());
  }

  /** An attribute (or property) of the first visible match, once it has one, read again if the page replaced it. */
  String attribute(String css, String name) {
    return waitFor(d -> find(css).getAttribute(name));
  }

  /** Clicks the first match once it is visible and enabled. */
  void click(String css) {
    act(css, e -> {
      e.click();
      return true;
    });
  }

  /** Replaces a field's text by {@code text}; typed again if the page replaced the field meanwhile. */
  void type(String css, String text) {
    act(css, field -> {
      field.clear();
      field.sendKeys(text);
      // otherwise the keys went to a field being replaced: the user would see nothing typed
      return text.equals(field.getDomProperty("value"));
    });
  }

  /** Sends keys to the first match (appends to a field's text, or presses shortcut keys on {@code body}). */
  void keys(String css, CharSequence... keys) {
    act(css, e -> {
      e.sendKeys(keys);
      return true;
    });
  }

  /**
   * Picks an option of a select by value. A select that acts on change may reset itself
   * afterwards: the caller waits for the effect the user would see.
   */
  void select(String css, String value) {
    act(css, e -> {
      new Select(e).selectByValue(value);
      return true;
    });
  }

  /** Picks an option of a select by its text, once an option with that text is there. */
  void selectText(String css, String text) {
    act(css, e -> {
      if (e.findElements(By.xpath("./option[normalize-space(.) = " + xpathLiteral(text) + "]")).isEmpty()) {
        throw new NoSuchElementException("no option '" + text + "' in " + css + " yet");
      }
      new Select(e).selectByVisibleText(text);
      return true;
    });
  }

  /**
   * Waits until the first match is visible and enabled (what {@link
   * ExpectedConditions#elementToBeClickable} checks), then acts on it. A stale element or one that
   * is not interactable means the page re-rendered it between the look and the action: the action
   * has not happened, so it is tried again on the element now there, within the one {@link
   * #TIMEOUT}. The action answers whether it took; if not, it is tried again too.
   */
  private void act(String css, Predicate<WebElement> action) {
    By by = By.cssSelector(css);
    wait(TIMEOUT)
        .ignoring(ElementNotInteractableException.class)
        .ignoring(NoSuchElementException.class)
        .withMessage(() -> "acting on " + css)
        .until(d -> {
          WebElement e = ExpectedConditions.elementToBeClickable(by).apply(d);
          if (e == null) {
            return null;
          }
          return action.test(e) ? Boolean.TRUE : null;
        });
  }

  private static String xpathLiteral(String s) {
    if (!s.contains("'")) {
      return "'" + s + "'";
    }
    return "concat('" + s.replace("'", "', \"'\", '") + "')";
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  <T> T waitFor(ExpectedCondition<T> condition) {
    return wait(TIMEOUT).until(condition);
  }

  /** The page re-renders parts of itself while we look: an element found a moment ago may be gone. */
  private WebDriverWait wait(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
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
