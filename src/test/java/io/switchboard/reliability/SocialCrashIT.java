package io.switchboard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.store.Database;
import io.switchboard.support.Api;
import io.switchboard.support.HsqldbTemplate;
import io.switchboard.support.JarProcess;
import io.switchboard.support.Progress;
import io.switchboard.support.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety on the social channels: the real jar polls an X account (mentions and DMs), a
 * Facebook Page (comments and Messenger) and its Instagram account (media comments and Direct) on
 * their simulators, is killed with SIGKILL at random moments, and after restarts every post, DM,
 * comment and message is stored exactly once, by its channel id, and none is lost. {@code
 * -Dcrash.social=N} sets the items for X and for Facebook (1,000 each in CI, ADR 0067; Instagram a quarter).
 */
class SocialCrashIT {
  private static final int PER_CHANNEL = Integer.getInteger("crash.social", 1_000);
  private static final int KILLS = 3;
  @TempDir Path dir;

  @Test
  void killedMidPollShouldStoreEveryPostAndCommentExactlyOnce() throws Exception {
    Random random = new Random(7);
    try (XApiSimulator x = FaultConfig.xSimulator();
        GraphApiSimulator fb = FaultConfig.graphSimulator()) {
      Set<String> xIds = seedX(x, PER_CHANNEL);
      Set<String> fbIds = seedFacebook(fb, PER_CHANNEL);
      Set<String> igIds = seedInstagram(fb, PER_CHANNEL / 4);
      Path config =
          new FaultConfig(dir, "")
              .x("brand", x, Map.of("poll.interval", "200ms"))
              .facebook("page", fb, Map.of("page.size", "100", "comments.posts", "25"))
              .instagram("insta", fb, Map.of("page.size", "100"))
              .path();
      Path log = dir.resolve("stderr.txt");
      String[] args = {"--config", config.toString(), "--data", dir.resolve("data").toString(), "--http-port", "0"};

      long started = System.nanoTime();
      for (int k = 0; k < KILLS; k++) {
        try (JarProcess p = JarProcess.start(log, TestDaemon.ADMIN_PASSWORD, args)) {
          p.awaitReady();
          // a random moment of the reading: once the daemon has made a random number of further
          // Graph API calls (it keeps polling after it has caught up, so this always comes)
          int target = fb.requests() + 1 + random.nextInt(40);
          Progress.awaitAtLeast("Graph API calls", fb::requests, target, Duration.ofMillis(20));
          p.kill();
        }
      }
      int total = xIds.size() + fbIds.size() + igIds.size();
      try (JarProcess p = JarProcess.start(log, TestDaemon.ADMIN_PASSWORD, args)) {
        Api api = new Api(p.awaitReady(), "admin", TestDaemon.ADMIN_PASSWORD);
        // each check reads a few pages of the conversation list: not too often
        Progress.awaitAtLeast("all stored", () -> stored(api), total, Duration.ofSeconds(2));
        assertThat(p.stop(60)).isTrue();
      }
      assertThat(Files.readString(log)).as("the process log").doesNotContain(FaultConfig.X_TOKEN, FaultConfig.FB_TOKEN, TestDaemon.ADMIN_PASSWORD);
      System.out.printf(
          "SocialCrashIT: %d X, %d Facebook and %d Instagram items, %d kills, all stored in %d s%n",
          xIds.size(), fbIds.size(), igIds.size(), KILLS, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

      try (Database db = HsqldbTemplate.open(dir.resolve("data"))) {
        assertThat(count(db, "SELECT COUNT(*) FROM quarantine")).isZero();
        for (var channel : Map.of("x", xIds, "facebook", fbIds, "instagram", igIds).entrySet()) {
          List<String> stored =
              db.jdbi()
                  .withHandle(
                      h ->
                          h.createQuery(
                                  "SELECT m.channel_message_id FROM message m JOIN conversation c"
                                      + " ON c.id = m.conversation_id WHERE c.channel = :ch")
                              .bind("ch", channel.getKey())
                              .mapTo(String.class)
                              .list());
          assertThat(new HashSet<>(stored)).as(channel.getKey() + ": every item stored").isEqualTo(channel.getValue());
          assertThat(stored).as(channel.getKey() + ": none stored twice").hasSize(channel.getValue().size());
        }
      }
    }
  }

  /** Mentions (three in four) and DMs from a few hundred customers; returns their ids. */
  private static Set<String> seedX(XApiSimulator sim, int n) {
    List<XApiSimulator.User> users = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      users.add(sim.user("traveller" + i, "Traveller " + i));
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      XApiSimulator.User u = users.get(i % users.size());
      ids.add(
          i % 4 == 3
              ? sim.dmFromCustomer(u, "DM " + i + ": where is my order NW-" + (200000 + i) + "?")
              : sim.mention(u, "post " + i + ": my bag NW-" + (300000 + i) + " has not arrived"));
    }
    return ids;
  }

  /** Comments and replies under ten posts (three in four) and Messenger messages; returns their ids. */
  private static Set<String> seedFacebook(GraphApiSimulator sim, int n) {
    Instant start = Instant.now().minusSeconds(n + 60L);
    List<String> posts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      posts.add(sim.addPost("New in: travel gear " + i, start.minusSeconds(60)));
    }
    Set<String> ids = new HashSet<>();
    List<String> topLevel = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant at = start.plusSeconds(i);
      String person = String.valueOf(5_550_000 + i % 300);
      String name = "Customer " + (i % 300);
      if (i % 4 == 3) {
        ids.add(sim.message("messenger", person, name, "message " + i + " about order NW-" + (400000 + i), at));
      } else if (i % 4 == 1 && !topLevel.isEmpty()) {
        ids.add(sim.reply(topLevel.get(topLevel.size() - 1), person, name, "reply " + i + " in the thread", at));
      } else {
        String id = sim.comment(posts.get(i % posts.size()), person, name, "comment " + i + ": does it fit in the cabin?", at);
        topLevel.add(id);
        ids.add(id);
      }
    }
    return ids;
  }

  /** Messages stored, as the conversation list counts them (page by page). */
  private static long stored(Api api) {
    long sum = 0;
    for (int offset = 0; ; offset += 500) {
      var page = api.ok("/api/conversations?limit=500&offset=" + offset);
      for (var c : page.get("items")) {
        sum += c.get("messageCount").asLong();
      }
      if (offset + 500 >= page.get("total").asLong()) {
        return sum;
      }
    }
  }

  /** Comments under five media (two in three) and Instagram Direct messages; returns their ids. */
  private static Set<String> seedInstagram(GraphApiSimulator sim, int n) {
    Instant start = Instant.now().minusSeconds(n + 60L);
    List<String> media = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      media.add(sim.addMedia("Packing tip " + i, start.minusSeconds(60)));
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Instant at = start.plusSeconds(i);
      String person = String.valueOf(17_000_000 + i % 100);
      String name = "insta_user" + (i % 100);
      ids.add(
          i % 3 == 2
              ? sim.message("instagram", person, name, "DM " + i + ": is the Transit 30 cabin size?", at)
              : sim.comment(media.get(i % media.size()), person, name, "comment " + i + " on the tip", at));
    }
    return ids;
  }

  private static long count(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
