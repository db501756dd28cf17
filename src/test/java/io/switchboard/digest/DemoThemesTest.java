package io.switchboard.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.Options;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The complaint themes of the demo's week, as marketing sees them in the sample digest: the real
 * daemon in demo mode ingests and tags every demo channel's conversations, then the digest is
 * computed over the last 7 days. The themes must read like complaints, not like filler words or
 * order numbers.
 */
class DemoThemesTest {
  @TempDir static Path dir;
  static Daemon daemon;
  static Digest digest;

  @BeforeAll
  static void digestTheDemo() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    daemon =
        Daemon.start(
            new Options("run", Path.of("config"), dir.resolve("data"), 0, true, List.of()),
            Map.of("SWITCHBOARD_ADMIN_PASSWORD", "demo-themes")::get,
            quiet);
    Jdbi jdbi = daemon.services().jdbi();
    for (String channel : List.of("email", "x", "facebook", "instagram")) {
      await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbi, channel) > 0);
    }
    AtomicLong last = new AtomicLong(-1);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
        .until(() -> count(jdbi, null) == last.getAndSet(count(jdbi, null)));
    Instant now = Instant.now();
    digest =
        new DigestService(new DigestQueries(jdbi), ThemeFinder.packaged(), DigestService.Options.DEFAULTS, Clock.systemUTC())
            .digest(new Period(now.minus(Duration.ofDays(7)), now.plusSeconds(60)));
    List<String> dump = jdbi.withHandle(h -> h.createQuery(
        "SELECT m.sentiment, m.language, COALESCE(m.display_text, m.text) FROM message m WHERE m.direction = 'in'")
        .map((rs, c) -> rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3).replaceAll("\\s+", " ")).list());
    java.nio.file.Files.write(Path.of("/tmp/demo-msgs.tsv"), dump);
    digest.themes().forEach(t -> System.out.println("demo theme: " + t.label() + " " + t.count() + " " + t.variants()
        + t.examples().stream().map(q -> "\n    " + q.text()).toList()));
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.stop();
    }
  }

  @Test
  void themesShouldBeFound() {
    assertThat(digest.themes()).isNotEmpty();
  }

  @Test
  void noQuoteShouldAppearInTwoThemes() {
    Set<Long> quoted = new HashSet<>();
    digest.themes().forEach(t -> t.examples().forEach(q -> assertThat(quoted.add(q.messageId())).as(q.text()).isTrue()));
  }

  private static long count(Jdbi jdbi, String channel) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id"
                        + " WHERE m.direction = 'in' AND c.channel LIKE :ch")
                .bind("ch", channel == null ? "%" : channel)
                .mapTo(Long.class)
                .one());
  }
}
