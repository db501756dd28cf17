package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import io.switchboard.store.UserStore;
import io.switchboard.support.Api;
import io.switchboard.support.HsqldbTemplate;
import io.switchboard.support.JarProcess;
import io.switchboard.support.Progress;
import io.switchboard.support.TestDaemon;
import io.switchboard.support.TestMail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of durable workflow events (ADR 0030): the packaged daemon, with a team of
 * three agents, reads a mailbox from GreenMail and is killed with SIGKILL ten times at random
 * moments. After the last restart every conversation has exactly one routing decision (one team
 * placement, one assignment by routing) and one set of SLA clocks; every stored customer message
 * has exactly one workflow event, all of them handled, none parked. Every tenth mail answers the
 * one before it, so some events follow others in their conversation.
 *
 * <p>{@code -Dcrash.mails=N} (or the older {@code -Dcrash.workflow.messages=N}) sets the mailbox
 * size: 1,000 by default to keep CI short (ADRs 0046, 0067); {@code -Dcrash.kills=N} (or {@code
 * -Dcrash.workflow.kills}) the number of kills, 10. {@code bench/crash.sh} runs the acceptance
 * size, 10,000 mails and ten kills.
 */
class WorkflowCrashIT {
  private static final int MESSAGES =
      Integer.getInteger("crash.mails", Integer.getInteger("crash.workflow.messages", 1_000));
  private static final int KILLS =
      Integer.getInteger("crash.kills", Integer.getInteger("crash.workflow.kills", 10));
  private static final List<String> AGENTS = List.of("ada", "bo", "cy");
  @TempDir Path dir;

  @Test
  void killedTenTimesEveryConversationShouldBeRoutedOnceAndHaveOneSetOfClocks() throws Exception {
    Random random = new Random(18);
    long started = System.nanoTime();
    try (TestMail mail = new TestMail()) {
      int replies = 0;
      for (int i = 0; i < MESSAGES; i++) {
        boolean reply = i % 10 == 9;
        int sender = reply ? i - 1 : i;
        mail.deliver(
            TestMail.email(
                "c" + (sender % 700) + "@example.com",
                "<wf-" + i + "@example.com>",
                (reply ? "Re: " : "") + "Order question " + sender,
                "Message number " + i + " about order NW-" + (100000 + sender) + ". Where is my parcel?",
                reply ? "<wf-" + (i - 1) + "@example.com>" : null));
        replies += reply ? 1 : 0;
      }
      long conversations = MESSAGES - replies;
      Path config = TestDaemon.config(dir, mail.imapPort(), mail.smtpPort());
      Files.createDirectories(config.resolve("workflow"));
      Files.writeString(
          config.resolve("workflow/teams.yaml"),
          String.join(
              "\n",
              "defaultCapacity: 10000",
              "teams:",
              "  - name: support",
              "    members: [" + String.join(", ", AGENTS) + "]",
              "agents: []",
              "rules: []",
              "defaultTeam: support",
              ""));
      // a claim of a killed process is taken over after this
      Files.writeString(
          config.resolve("application.properties"),
          "\nswitchboard.workflowEvents.lease = 5s\n",
          java.nio.file.StandardOpenOption.APPEND);
      Path data = dir.resolve("data");
      // the agents exist before the first mail is read (and so the admin, which the first start
      // creates only in an empty user table)
      try (Database db = HsqldbTemplate.open(data)) {
        UserStore users = new UserStore(db.jdbi(), Clock.systemUTC());
        users.create("admin", "Administrator", TestDaemon.ADMIN_PASSWORD, "admin");
        for (String a : AGENTS) {
          users.create(a, a.toUpperCase(), "password-" + a + "-long", "agent");
        }
      }
      Path log = dir.resolve("stderr.txt");
      String[] args = {"--config", config.toString(), "--data", data.toString(), "--http-port", "0"};

      for (int k = 0; k < KILLS; k++) {
        try (JarProcess p = JarProcess.start(log, TestDaemon.ADMIN_PASSWORD, args)) {
          Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
          // a random point: once a random number of further conversations is stored, while it
          // reads mail, stores it, or reacts to it
          long target = Math.min(conversations,
              EmailCrashIT.stored(api) + 1 + random.nextInt((int) (conversations / (KILLS + 1))));
          Progress.awaitAtLeast("kill point", () -> EmailCrashIT.stored(api), target, Duration.ofMillis(50));
          p.kill();
        }
      }
      long lastStart = System.currentTimeMillis();
      try (JarProcess p = JarProcess.start(log, TestDaemon.ADMIN_PASSWORD, args)) {
        Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
        Progress.awaitDone("all read and reacted to", () -> handled(api), () -> settled(api, conversations),
            Duration.ofMillis(500));
        assertThat(p.stop(60)).isTrue();
      }
      System.out.printf(
          "workflow crash test: %d messages, %d conversations, %d kills, %.1f s in all, %.1f s after the last restart%n",
          MESSAGES, conversations, KILLS, (System.nanoTime() - started) / 1e9, (System.currentTimeMillis() - lastStart) / 1e3);
    }
    try (Database db = HsqldbTemplate.open(dir.resolve("data"))) {
      long messages = count(db, "SELECT COUNT(*) FROM message WHERE direction = 'in'");
      long conversations = count(db, "SELECT COUNT(*) FROM conversation");
      assertThat(messages).as("every message stored once").isEqualTo(MESSAGES);
      assertThat(conversations).isEqualTo(MESSAGES - MESSAGES / 10);

      // one routing decision per conversation
      assertThat(count(db, "SELECT COUNT(*) FROM conversation c WHERE NOT EXISTS"
          + " (SELECT 1 FROM conversation_team t WHERE t.conversation_id = c.id)")).as("never routed").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM conversation_team")).isEqualTo(conversations);
      assertThat(count(db, "SELECT COUNT(*) FROM conversation WHERE assignee IS NULL")).as("unassigned").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM (SELECT conversation_id FROM conversation_activity"
          + " WHERE kind = 'assignee' AND actor = 'routing' GROUP BY conversation_id HAVING COUNT(*) <> 1) x"))
          .as("conversations assigned by routing other than once").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM conversation_activity WHERE kind = 'assignee'")).isEqualTo(conversations);

      // one set of SLA clocks per conversation
      assertThat(count(db, "SELECT COUNT(*) FROM conversation c WHERE NOT EXISTS"
          + " (SELECT 1 FROM conversation_sla s WHERE s.conversation_id = c.id)")).as("without SLA clocks").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM conversation_sla")).isEqualTo(conversations);

      // no event lost: one per stored customer message, in the message's transaction; all handled
      assertThat(count(db, "SELECT COUNT(*) FROM workflow_event WHERE kind = 'CUSTOMER_WROTE'")).isEqualTo(MESSAGES);
      assertThat(count(db, "SELECT COUNT(*) FROM message m WHERE m.direction = 'in' AND NOT EXISTS"
          + " (SELECT 1 FROM workflow_event e WHERE e.message_id = m.id)")).as("messages without an event").isZero();
      assertThat(count(db, "SELECT COUNT(*) FROM workflow_event WHERE state <> 'done'")).as("pending or parked").isZero();
      long assigned = count(db, "SELECT COUNT(*) FROM workflow_event WHERE kind = 'ASSIGNED'");
      assertThat(assigned).as("one assignment event per routed conversation").isEqualTo(conversations);
      long again = count(db, "SELECT COUNT(*) FROM workflow_event WHERE attempts > 1");
      long p50 = percentile(db, 50);
      long p95 = percentile(db, 95);
      System.out.printf(
          "workflow crash test: %d events, %d delivered more than once (a kill between reaction and done),"
              + " created-to-handled p50 %d ms, p95 %d ms%n",
          count(db, "SELECT COUNT(*) FROM workflow_event"), again, p50, p95);
    }
  }

  /** All conversations stored, and no workflow event left pending. */
  /** Grows while the daemon reads mail or reacts to it: conversations stored plus events handled. */
  private static long handled(Api api) {
    return api.ok("/api/conversations?limit=1").get("total").asLong()
        + api.ok("/api/admin/workflow-events?limit=1").get("counts").get("done").asLong();
  }

  private static boolean settled(Api api, long conversations) {
    if (api.ok("/api/conversations?limit=1").get("total").asLong() < conversations) {
      return false;
    }
    var counts = api.ok("/api/admin/workflow-events?limit=1").get("counts");
    return counts.get("pending").asLong() == 0 && counts.get("done").asLong() >= conversations;
  }

  private static long percentile(Database db, int p) {
    List<Long> ms =
        db.jdbi().withHandle(
            h ->
                h.createQuery("SELECT created_at, handled_at FROM workflow_event WHERE handled_at IS NOT NULL")
                    .map((rs, ctx) -> rs.getTimestamp(2).getTime() - rs.getTimestamp(1).getTime())
                    .list());
    List<Long> sorted = ms.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static long count(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
