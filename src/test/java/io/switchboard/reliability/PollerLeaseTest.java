package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two instances on one database server (PostgreSQL, and HSQLDB in server mode): one mailbox is read
 * by exactly one of them, the other takes over when it stops, and every message is stored once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class PollerLeaseTest {
  @Parameter TestStore store;
  @TempDir Path dir;
  Server db;
  TestMail mail;
  Daemon a;
  Daemon b;

  @BeforeEach
  void start() throws IOException {
    String database = store == TestStore.HSQLDB ? hsqldbServer() : store.properties();
    mail = new TestMail();
    a = TestDaemon.start(config("a", database), dir.resolve("data-a"));
    b = TestDaemon.start(config("b", database), dir.resolve("data-b"));
  }

  /** HSQLDB in server mode, so that two daemons share it; the properties that point at it. */
  private String hsqldbServer() throws IOException {
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
    return "\nswitchboard.db.url = jdbc:hsqldb:hsql://127.0.0.1:" + port + "/sb\nswitchboard.db.user = SA\n";
  }

  private Path config(String instance, String database) throws IOException {
    Path config = TestDaemon.config(dir.resolve(instance), mail.imapPort(), mail.smtpPort());
    Files.writeString(
        config.resolve("application.properties"),
        String.join("\n",
            database,
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

  /**
   * A crashed instance leaves its lease behind, unexpired. Started again under its own name (from
   * configuration, the same at every start), it takes that lease back at once instead of waiting
   * for it to run out, reads on without storing anything twice, and health names it as the reader.
   */
  @Test
  void aRestartedInstanceShouldTakeItsOwnLeaseBackAtOnce() {
    await().atMost(Duration.ofSeconds(20)).until(
        () -> a.services().pollerLeasesHeld().size() + b.services().pollerLeasesHeld().size() == 1);
    boolean aReads = a.services().pollerLeasesHeld().contains("email-test");
    String name = aReads ? "a" : "b";
    deliver("before", 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored("before-") == 5);
    if (aReads) {
      stopA();
    } else {
      stopB();
    }
    Daemon other = aReads ? b : a;
    await().atMost(Duration.ofSeconds(20)).until(() -> other.services().pollerLeasesHeld().contains("email-test"));
    // what a kill -9 leaves: the dead instance's lease, valid for another minute
    other.services().jdbi().useHandle(h -> h.createUpdate(
            "UPDATE poller_lease SET holder = :h, expires_at = :t WHERE account = 'email-test'")
        .bind("h", name).bind("t", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(60))).execute());
    await().atMost(Duration.ofSeconds(10)).until(() -> other.services().pollerLeasesHeld().isEmpty());
    Api.Response health = new Api(other.port(), null, null).get("/api/health");
    assertThat(health.json().get("channels").get(0).get("readBy").asText()).isEqualTo(name);

    long start = System.nanoTime();
    Daemon restarted = TestDaemon.start(dir.resolve(name).resolve("config"), dir.resolve("data-" + name));
    if (aReads) {
      a = restarted;
    } else {
      b = restarted;
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> restarted.services().pollerLeasesHeld().contains("email-test"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("restarted instance %s read its account again %d ms after start began (lease valid 60 s)%n", name, ms);
    assertThat(ms).as("well before the dead lease would have expired").isLessThan(30_000);
    assertThat(other.services().pollerLeasesHeld()).isEmpty();

    deliver("after", 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored("after-") == 5);
    assertThat(stored("before-")).as("nothing read twice").isEqualTo(5);
    var channel = new Api(restarted.port(), null, null).get("/api/health").json().get("channels").get(0);
    assertThat(channel.get("readBy").asText()).isEqualTo(name);
    assertThat(channel.get("status").asText()).isEqualTo("UP");
  }
}
