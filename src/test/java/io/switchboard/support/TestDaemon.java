package io.switchboard.support;

import io.switchboard.Daemon;
import io.switchboard.Options;
import io.switchboard.config.PropertiesFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the real daemon in this JVM on a free port, with a config folder written for the test:
 * the project's application.properties plus one email account on the given IMAP/SMTP ports.
 */
public final class TestDaemon {
  public static final String ADMIN_PASSWORD = "admin-pw";

  /** The environment every test daemon sees. */
  private static final Map<String, String> ENV = Map.of("SWITCHBOARD_ADMIN_PASSWORD", ADMIN_PASSWORD);

  private TestDaemon() {}

  /** Writes {@code dir/config} for an email account reading the test mailbox, on HSQLDB. */
  public static Path config(Path dir, int imapPort, int smtpPort) throws IOException {
    return config(dir, imapPort, smtpPort, TestStore.HSQLDB);
  }

  /** Writes {@code dir/config} for an email account reading the test mailbox, on a new database of {@code store}. */
  public static Path config(Path dir, int imapPort, int smtpPort, TestStore store) throws IOException {
    Path config = dir.resolve("config");
    Files.createDirectories(config.resolve("channels"));
    String app =
        Files.readString(Path.of("config/application.properties"))
            + "\nswitchboard.http.port = 0\nswitchboard.outbox.retryBase = 200ms\n"
            + "switchboard.outbox.periodMs = 100\n"
            + store.properties();
    Files.writeString(config.resolve("application.properties"), app);
    Files.writeString(
        config.resolve("channels/email-test.properties"),
        String.join(
            "\n",
            "channel = email",
            "address = " + TestMail.SUPPORT,
            "display.name = Shop Support",
            "imap.host = 127.0.0.1",
            "imap.port = " + imapPort,
            "imap.ssl = false",
            "imap.password = " + TestMail.PASSWORD,
            "poll.interval = 200ms",
            // GreenMail can miss a delivery that lands just before IDLE starts: keep waits short
            "imap.idle.max = 1s",
            "smtp.host = 127.0.0.1",
            "smtp.port = " + smtpPort,
            "smtp.ssl = false",
            "smtp.starttls = false",
            ""));
    return config;
  }

  public static Daemon start(Path config, Path data) {
    return start(config, data, false, new ByteArrayOutputStream());
  }

  /** The daemon in demo mode (its simulators and people), printing what it tells the user to {@code out}. */
  public static Daemon demo(Path config, Path data, OutputStream out) {
    return start(config, data, true, out);
  }

  /** A demo configuration: the shipped application settings on a free HTTP port, nothing else. */
  public static Path demoConfig(Path dir) throws IOException {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        config.resolve("application.properties"),
        Files.readString(Path.of("config/application.properties")) + "\nswitchboard.http.port = 0\n");
    return config;
  }

  private static Daemon start(Path config, Path data, boolean demo, OutputStream out) {
    if (!usesDatabaseUrl(config)) {
      HsqldbTemplate.seed(data); // a migrated empty database, unless the test left one there
    }
    Options options = new Options("run", config, data, null, demo, List.of());
    return Daemon.start(options, ENV::get, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  /**
   * Whether the daemon will open a database URL rather than the embedded database (which gets the
   * template, ADR 0050): the configuration read as the daemon reads it, placeholders resolved
   * against the same environment ({@code Database.embeddedOr}).
   */
  private static boolean usesDatabaseUrl(Path config) {
    Path app = config.resolve("application.properties");
    return Files.exists(app)
        && PropertiesFile.load(app, ENV::get).find("switchboard.db.url").isPresent();
  }
}
