package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hsqldb.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one database server (HSQLDB in server mode, as PostgreSQL would be): one mailbox
 * is read by exactly one of them, the other takes over when it stops, and every message is stored
 * once.
 */
class PollerLeaseTest {
  @TempDir Path dir;
  Server db;
  TestMail mail;
  Daemon a;
  Daemon b;

  @BeforeEach
  void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    db = new Server();
    db.setAddress("127.0.0.1");
    db.setPort(port);
    db.setDatabaseName(0, "sb");
    db.setDatabasePath(0, "file:" + dir.resolve("db/sb") + ";hsqldb.tx=mvcc;hsqldb.default_table_type=cached;sql.enforce_size=false");
    db.setSilent(true);
    db.setLogWriter(null);
    db.setErrWriter(null);
    db.setNoSystemExit(true);
    db.start();
    mail = new TestMail();
    a = TestDaemon.start(config("a", port), dir.resolve("data-a"));
    b = TestDaemon.start(config("b", port), dir.resolve("data-b"));
  }

  private Path config(String instance, int dbPort) throws IOException {
    Path config = TestDaemon.config(dir.resolve(instance), mail.imapPort(), mail.smtpPort());
    Files.writeString(
        config.resolve("application.properties"),
        String.join("\n",
            "",
            "switchboard.db.url = jdbc:hsqldb:hsql://127.0.0.1:" + dbPort + "/sb",
            "switchboard.db.user = SA",
            "switchboard.instance = " + instance,
            "switchboard.poller.leases = on",
            "switchboard.poller.leaseTtl = 2s",
            ""),
        StandardOpenOption.APPEND);
    return config;
  }

  @AfterEach
  void stop() {
    for (AutoCloseable part : new AutoCloseable[] {this::stopA, this::stopB, mail::close}) {
      try {
        part.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    if (db != null) {
      db.shutdown();
    }
  }

  private void stopA() {
    if (a != null) {
      a.stop();
      a = null;
    }
  }

  private void stopB() {
    if (b != null) {
      b.stop();
      b = null;
    }
  }

  private long stored(String messageIdPart) {
    Daemon any = a != null ? a : b;
    return any.services().jdbi().withHandle(h -> h.createQuery(
            "SELECT COUNT(*) FROM message WHERE channel_message_id LIKE :p").bind("p", "%" + messageIdPart + "%")
        .mapTo(Long.class).one());
  }

  private void deliver(String batch, int count) {
    for (int i = 0; i < count; i++) {
      mail.deliver(TestMail.email("c" + i + "@customer.test", "<" + batch + "-" + i + "@customer.test>",
          "Order " + batch + " " + i, "Where is order " + i + "?", null));
    }
  }

  @Test
  void oneInstanceReadsTheMailboxAndTheOtherTakesOverWhenItStops() {
    await().atMost(Duration.ofSeconds(20)).until(
        () -> a.services().pollerLeasesHeld().size() + b.services().pollerLeasesHeld().size() == 1);
    boolean aReads = a.services().pollerLeasesHeld().contains("email-test");
    Daemon reader = aReads ? a : b;
    Daemon other = aReads ? b : a;
    assertThat(other.services().pollerLeasesHeld()).isEmpty();

    deliver("first", 20);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored("first-") == 20);
    // the other instance never takes the lease while the reader is alive and renewing it
    assertThat(other.services().pollerLeasesHeld()).isEmpty();
    assertThat(reader.services().pollerLeasesHeld()).isEqualTo(Set.of("email-test"));
    List<String> holders = reader.services().jdbi().withHandle(h -> h.createQuery(
        "SELECT holder FROM poller_lease WHERE account = 'email-test'").mapTo(String.class).list());
    assertThat(holders).containsExactly(aReads ? "a" : "b");

    if (aReads) {
      stopA();
    } else {
      stopB();
    }
    Daemon survivor = aReads ? b : a;
    await().atMost(Duration.ofSeconds(20)).until(() -> survivor.services().pollerLeasesHeld().contains("email-test"));
    deliver("second", 10);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored("second-") == 10);
    assertThat(stored("first-")).isEqualTo(20);
  }
}
