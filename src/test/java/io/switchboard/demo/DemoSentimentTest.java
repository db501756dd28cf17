package io.switchboard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.digest.Digest;
import io.switchboard.digest.DigestQueries;
import io.switchboard.digest.DigestService;
import io.switchboard.digest.Period;
import io.switchboard.digest.ThemeFinder;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the demo shows of sentiment (issue 20): the X thread whose wheel snapped stays negative in
 * the inbox list after the customer's neutral follow-up, and the digest's praise worth sharing
 * holds no question and no complaint, whatever the tagger's score.
 */
class DemoSentimentTest {
  @TempDir static Path dir;
  static Daemon daemon;
  static Api admin;

  @BeforeAll
  static void start() throws Exception {
    daemon = TestDaemon.demo(TestDaemon.demoConfig(dir), dir.resolve("data"), new ByteArrayOutputStream());
    admin = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
    await().atMost(Duration.ofSeconds(60))
        .until(() -> admin.ok("/api/conversations?channel=x&kind=message").get("total").asInt() == 8);
    AtomicLong last = new AtomicLong(-1);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
        .until(() -> {
          long now = messages(daemon.services().jdbi());
          return now == last.getAndSet(now);
        });
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.stop();
    }
  }

  @Test
  void theWheelThreadShouldStayNegativeAfterTheNeutralFollowUp() {
    JsonNode items = admin.ok("/api/conversations?channel=x&q=wheel").get("items");
    assertThat(items).hasSize(1);
    JsonNode wheel = items.get(0);
    assertThat(wheel.get("messageCount").asInt()).as("the complaint and 'Order NW-48213 if that helps'").isGreaterThanOrEqualTo(2);
    assertThat(wheel.get("sentiment").asText()).isEqualTo("negative");

    JsonNode detail = admin.ok("/api/conversations/" + wheel.get("id").asLong());
    JsonNode followUp = null;
    for (JsonNode m : detail.get("messages")) {
      if (m.get("text").asText().contains("NW-48213")) {
        followUp = m;
      }
    }
    assertThat(followUp).as("the follow-up is in the thread").isNotNull();
    // whatever the follow-up's own tag, it is not read as the end of the complaint
    assertThat(followUp.get("urgency").asText()).isNotEqualTo("low");
    assertThat(admin.ok("/api/conversations?channel=x&sentiment=positive&q=wheel").get("total").asInt()).isZero();
  }

  @Test
  void praiseWorthSharingShouldHoldNoQuestionAndNoComplaint() {
    Jdbi jdbi = daemon.services().jdbi();
    Instant first = jdbi.withHandle(h -> h.createQuery("SELECT MIN(sent_at) FROM message").mapTo(Timestamp.class).one()).toInstant();
    Period all = new Period(first.truncatedTo(ChronoUnit.DAYS), Instant.now().plus(Duration.ofDays(1)));
    // every positive message the tagger is even a little sure of is a candidate
    DigestService.Options loose = new DigestService.Options(5000, 8, 3, 5, 50, 0.34);
    Digest d = new DigestService(new DigestQueries(jdbi), ThemeFinder.packaged(), loose, Clock.systemUTC()).digest(all);
    List<String> candidates = new DigestQueries(jdbi).praise(all, 0.34, 500).stream().map(DigestQueries.Text::text).toList();
    assertThat(candidates).as("the demo has positive-tagged messages").isNotEmpty();
    assertThat(d.praise()).isNotEmpty();
    for (Digest.Quote q : d.praise()) {
      assertThat(q.text()).doesNotContain("?", "45 or the 55", "Transit 40L fit", "shipping email");
    }
    assertThat(d.praise().size()).isLessThanOrEqualTo(candidates.size());
  }

  private static long messages(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM message").mapTo(Long.class).one());
  }
}
