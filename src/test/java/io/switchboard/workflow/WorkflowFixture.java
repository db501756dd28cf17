package io.switchboard.workflow;

import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The real daemon and GreenMail for a workflow test class, with {@code config/workflow/teams.yaml}
 * as the test writes it and a user per role: agents ada, bo and cy, lead lee, marketing mia.
 */
public final class WorkflowFixture implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";

  public final TestMail mail;
  public final Path config;
  public final Path data;
  public Daemon daemon;
  public Api admin;

  public WorkflowFixture(Path dir, String teamsYaml, String appProperties) throws Exception {
    this(dir, teamsYaml, appProperties, TestStore.HSQLDB);
  }

  /** The same on a new database of {@code store}. */
  public WorkflowFixture(Path dir, String teamsYaml, String appProperties, TestStore store) throws Exception {
    mail = new TestMail();
    config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort(), store);
    data = dir.resolve("data");
    Files.writeString(config.resolve("channels/email-test.properties"), "imap.idle = false\n", StandardOpenOption.APPEND);
    Files.writeString(config.resolve("application.properties"), "\n" + appProperties + "\n", StandardOpenOption.APPEND);
    if (teamsYaml != null) {
      Files.createDirectories(config.resolve("workflow"));
      Files.writeString(config.resolve(WorkflowConfig.FILE), teamsYaml);
    }
    start();
    var users = daemon.services().users();
    users.create("ada", "Ada Agent", PASSWORD, "agent");
    users.create("bo", "Bo Agent", PASSWORD, "agent");
    users.create("cy", "Cy Agent", PASSWORD, "agent");
    users.create("lee", "Lee Lead", PASSWORD, "lead");
    users.create("mia", "Mia Marketing", PASSWORD, "marketing");
  }

  /** Starts (or restarts) the daemon on the same config and data. */
  public void start() {
    daemon = TestDaemon.start(config, data);
    admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
  }

  public void restart() {
    daemon.stop();
    start();
  }

  public Api as(String user) {
    return new Api(daemon.port(), user, PASSWORD);
  }

  /** Delivers a customer email and waits until it is a conversation; returns its id. */
  public long email(String from, String subject, String body) {
    String id = "<" + Math.abs((from + subject).hashCode()) + "." + System.nanoTime() + "@customer.test>";
    mail.deliver(TestMail.email(from, id, subject, body, null));
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> find(subject), c -> c > 0);
  }

  public long find(String subject) {
    for (var c : admin.ok("/api/conversations?limit=500").get("items")) {
      if (subject.equals(c.get("subject").asText())) {
        return c.get("id").asLong();
      }
    }
    return -1;
  }

  @Override
  public void close() {
    daemon.stop();
    mail.close();
  }
}
