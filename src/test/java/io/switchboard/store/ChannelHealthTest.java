package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.MutableClock;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Health names the instance that reads each account, and is not UP for one nobody reads. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class ChannelHealthTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Parameter TestStore backend;
  @TempDir Path dir;
  private Database db;
  private final MutableClock clock = new MutableClock(T0);

  @BeforeEach
  void open() {
    db = backend.open(dir);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anAccountWhoseReaderStoppedRenewingItsLeaseShouldHaveNoReaderAndNotBeUp() {
    ChannelHealth health = new ChannelHealth(db.jdbi(), clock, "inbox-2", true);
    health.register("email-support", "email");
    assertThat(health.all().get(0).status()).isEqualTo("STARTING");
    // inbox-1 took the lease and polled; it will die without renewing (no renewer of its own here)
    db.jdbi().useHandle(h -> h.createUpdate(
            "INSERT INTO poller_lease (account, holder, expires_at) VALUES ('email-support', 'inbox-1', :t)")
        .bind("t", java.sql.Timestamp.from(T0.plusSeconds(30))).execute());
    health.success("email-support");
    ChannelHealth.State read = health.all().get(0);
    assertThat(read.readBy()).isEqualTo("inbox-1");
    assertThat(read.leaseExpiresAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(read.status()).isEqualTo("UP");

    clock.set(T0.plusSeconds(31)); // inbox-1 is gone: its lease ran out, nobody took it yet
    ChannelHealth.State orphan = health.all().get(0);
    assertThat(orphan.readBy()).isNull();
    assertThat(orphan.status()).isEqualTo("NO_READER");

    try (PollerLeases inbox2 = new PollerLeases(db.jdbi(), clock, "inbox-2", Duration.ofSeconds(30))) {
      assertThat(inbox2.holds("email-support")).isTrue();
      assertThat(health.all().get(0).readBy()).isEqualTo("inbox-2");
      assertThat(health.all().get(0).status()).isEqualTo("UP");
    }
  }

  @Test
  void withoutLeasesThisInstanceShouldReadEveryAccount() {
    ChannelHealth health = new ChannelHealth(db.jdbi(), clock, "only", false);
    health.register("x-support", "x");
    health.success("x-support");
    assertThat(health.all().get(0).readBy()).isEqualTo("only");
    assertThat(health.all().get(0).status()).isEqualTo("UP");
  }
}
