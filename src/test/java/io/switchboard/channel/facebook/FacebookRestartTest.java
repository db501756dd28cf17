package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.support.Polls;
import io.switchboard.support.TestDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graph paging followed to the end, and a restart that neither misses nor repeats anything. */
class FacebookRestartTest {
  @TempDir Path dir;
  private final GraphApiSimulator sim = FacebookTestSupport.simulator();
  private final TokenLogGuard logs = new TokenLogGuard();
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop();
    }
    sim.close();
    logs.close();
    logs.assertNeverShows(FacebookTestSupport.TOKEN);
  }

  private void start() throws Exception {
    Map<String, String> s = Map.of("poll.interval", "200ms", "page.size", "10");
    daemon = TestDaemon.start(FacebookTestSupport.config(dir, Map.of("facebook-test", FacebookTestSupport.settings(sim, "facebook", s))), dir.resolve("data"));
  }

  private long count(String sql) {
    return daemon.services().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void threePagesShouldAllBeIngestedAndNoneAgainAfterARestart() throws Exception {
    sim.maxPageSize(10);
    String post = sim.addPost("Meet the Meridian Carry-On 2.");
    String first = sim.comment(post, "5550100", "Customer 0", "comment 0");
    for (int i = 1; i < 25; i++) {
      sim.reply(first, "55501" + String.format("%02d", i), "Customer " + i, "comment " + i);
    }
    sim.message("7000001", "Chloé Martin", "and one on Messenger");
    start();

    await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM message") == 26);
    // three pages: two distinct "after" cursors followed (later polls may follow them again)
    assertThat(sim.requestLog().stream().filter(r -> r.contains("/comments") && r.contains("after="))
            .map(r -> r.substring(r.indexOf("after="))).distinct())
        .hasSize(2);
    assertThat(count("SELECT COUNT(*) FROM conversation")).as("one comment thread, one Messenger thread").isEqualTo(2);
    daemon.stop();

    sim.reply(first, "5550200", "Late Customer", "written while Switchboard was down");
    start();

    await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM message") == 27);
    Polls.awaitMore(daemon.port(), "facebook-test", 3); // two whole polls more: nothing may come again
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(27);
    assertThat(count("SELECT COUNT(DISTINCT channel_message_id) FROM message")).isEqualTo(27);
    assertThat(count("SELECT COUNT(*) FROM quarantine")).isZero();
  }
}
