package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import io.switchboard.store.search.LuceneSearchIndex;
import io.switchboard.support.Api;
import io.switchboard.support.HsqldbTemplate;
import io.switchboard.support.JarProcess;
import io.switchboard.support.Progress;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the real jar reads a mailbox of many messages and is killed with SIGKILL at random
 * moments; after restarts every message is stored exactly once and none is lost.
 *
 * <p>CI reads 1,000 mails (ADR 0067) and kills three times: the kills fall at random points of
 * the reading either way, and the 9,000 more mails of the acceptance size only make the test read
 * longer (ADR 0046). {@code -Dcrash.mails=N} (or the older {@code -Dcrash.messages=N}) sets the mailbox
 * size and {@code -Dcrash.kills=N} the kills; {@code bench/crash.sh} runs the acceptance size,
 * 10,000 mails and ten kills.
 */
class EmailCrashIT {
  private static final int MESSAGES =
      Integer.getInteger("crash.mails", Integer.getInteger("crash.messages", 1_000));
  private static final int KILLS = Integer.getInteger("crash.kills", 3);
  @TempDir Path dir;

  @Test
  void killedMidPollShouldStoreEveryMessageExactlyOnce() throws Exception {
    Random random = new Random(42);
    long started = System.nanoTime();
    try (TestMail mail = new TestMail()) {
      for (int i = 0; i < MESSAGES; i++) {
        mail.deliver(
            TestMail.email(
                "c" + (i % 500) + "@example.com",
                "<crash-" + i + "@example.com>",
                "Order question " + i,
                "Message number " + i + " about order NW-" + (100000 + i),
                null));
      }
      Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
      Path data = dir.resolve("data");
      Path log = dir.resolve("stderr.txt");
      String[] args = {"--config", config.toString(), "--data", data.toString(), "--http-port", "0"};

      for (int k = 0; k < KILLS; k++) {
        try (JarProcess p = JarProcess.start(log, TestDaemon.ADMIN_PASSWORD, args)) {
          Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
          // a random point of the reading: once a random number of further messages is stored
          long target = Math.min(MESSAGES, stored(api) + 1 + random.nextInt(MESSAGES / (KILLS + 1)));
          Progress.awaitAtLeast("kill point", () -> stored(api), target, Duration.ofMillis(50));
          p.kill();
        }
      }
      try (JarProcess p = JarProcess.start(log, TestDaemon.ADMIN_PASSWORD, args)) {
        Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
        Progress.awaitAtLeast("all read", () -> stored(api), MESSAGES, Duration.ofMillis(500));
        // the search index (ADR 0037) was killed with the daemon each time and caught up at start
        for (int i : new int[] {0, random.nextInt(MESSAGES), MESSAGES - 1}) {
          assertThat(api.ok("/api/conversations?q=NW-" + (100000 + i)).get("total").asLong()).as("order %d found", i).isEqualTo(1);
        }
        assertThat(p.stop(60)).isTrue();
      }
      System.out.printf("email crash test: %d mails, %d kills, all stored once in %.1f s%n",
          MESSAGES, KILLS, (System.nanoTime() - started) / 1e9);
    }
    try (Database db = HsqldbTemplate.open(dir.resolve("data"))) {
      long messages = count(db, "SELECT COUNT(*) FROM message");
      long distinct = count(db, "SELECT COUNT(DISTINCT channel_message_id) FROM message");
      long quarantined = count(db, "SELECT COUNT(*) FROM quarantine");
      assertThat(quarantined).isZero();
      assertThat(distinct).as("every Message-ID stored").isEqualTo(MESSAGES);
      assertThat(messages).as("none stored twice").isEqualTo(MESSAGES);
      try (LuceneSearchIndex index = new LuceneSearchIndex(db.jdbi(), dir.resolve("data").resolve("search"))) {
        assertThat((long) index.size()).as("every conversation in the search index")
            .isEqualTo(count(db, "SELECT COUNT(*) FROM conversation"));
        assertThat(index.cursor()).isPositive();
      }
    }
  }

  /** Conversations stored so far, as the API counts them (one per customer subject here). */
  static long stored(Api api) {
    return api.ok("/api/conversations?limit=1").get("total").asLong();
  }

  private static long count(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
