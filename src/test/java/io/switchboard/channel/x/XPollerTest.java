package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.sim.x.XApiSimulator.Fault;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poller alone against the simulator: paging, cursors, waiting for a rate limit, closing. */
class XPollerTest {
  @TempDir Path dir;
  private Database db;
  private CursorStore cursors;
  private ChannelHealth health;
  private XApiSimulator sim;
  private XPoller poller;

  @BeforeEach
  void start() {
    db = HsqldbTemplate.open(dir.resolve("data"));
    cursors = new CursorStore(db.jdbi(), Clock.systemUTC());
    health = new ChannelHealth(db.jdbi(), Clock.systemUTC());
    sim = XTest.simulator();
  }

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    sim.close();
    db.close();
  }

  private XPoller poller(Map<String, String> overrides) {
    XAccount account = XTest.xAccount(sim, overrides);
    poller = new XPoller(account, new XApi(account), cursors, health, Clock.systemUTC());
    return poller;
  }

  private Optional<String> cursor(String stream) {
    return cursors.get(XTest.ACCOUNT, stream);
  }

  private static String json(RawInbound raw) {
    return new String(raw.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void mentionsOverSeveralPagesShouldAllArriveAndTheCursorMoveWithTheLastPage() {
    XApiSimulator.User u = sim.user("nina", "Nina Ruiz");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(sim.mention(u, "post " + i));
    }
    XPoller p = poller(Map.of("streams", "mentions", "page.size", "5"));

    List<Integer> sizes = new ArrayList<>();
    List<String> got = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      PollBatch b = p.poll();
      sizes.add(b.items().size());
      b.items().forEach(r -> got.add(r.sourceRef().substring("mentions/".length())));
      if (page < 2) {
        assertThat(b.cursor()).as("cursor of page %d", page).isNull();
      }
      p.commit(b);
    }

    assertThat(sizes).containsExactly(5, 5, 2);
    assertThat(got).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(cursor("mentions")).contains(ids.get(11));
    assertThat(p.poll().isEmpty()).isTrue();
    assertThat(sim.requests(XApiSimulator.MENTIONS).get(3).query().get("since_id")).containsExactly(ids.get(11));
  }

  @Test
  void eachItemShouldBeOneDocumentWithItsAuthor() {
    XApiSimulator.User u = sim.user("omar", "Omar Said");
    sim.mention(u, "hello there");
    PollBatch b = poller(Map.of("streams", "mentions")).poll();

    assertThat(b.items()).singleElement().satisfies(raw -> {
      assertThat(raw.channel()).isEqualTo("x");
      assertThat(json(raw)).contains("\"conversation_id\"").contains("\"author_id\":\"" + u.id() + "\"")
          .contains("\"username\":\"omar\"");
    });
  }

  @Test
  void directMessagesShouldBeReadDownToTheCursorOnly() {
    XApiSimulator.User u = sim.user("pia", "Pia Holm");
    for (int i = 0; i < 3; i++) {
      sim.dmFromCustomer(u, "dm " + i);
    }
    XPoller p = poller(Map.of("streams", "dms", "page.size", "5"));
    PollBatch first = p.poll();
    p.commit(first);
    String last = sim.dmFromCustomer(u, "dm 3");
    sim.dmFromCustomer(u, "dm 4");

    PollBatch second = p.poll();

    assertThat(first.items()).hasSize(3);
    assertThat(second.items()).hasSize(2);
    p.commit(second);
    assertThat(cursor("dm_events")).isPresent();
    assertThat(new java.math.BigInteger(cursor("dm_events").get())).isGreaterThan(new java.math.BigInteger(last));
  }

  @Test
  void firstReadOfManyDirectMessagesShouldFollowEveryPage() {
    XApiSimulator.User u = sim.user("quinn", "Quinn Ode");
    for (int i = 0; i < 11; i++) {
      sim.dmFromCustomer(u, "dm " + i);
    }
    XPoller p = poller(Map.of("streams", "dms", "page.size", "5"));
    int total = 0;
    for (int i = 0; i < 3; i++) {
      PollBatch b = p.poll();
      total += b.items().size();
      p.commit(b);
    }
    assertThat(total).isEqualTo(11);
    assertThat(p.poll().isEmpty()).isTrue();
  }

  @Test
  void batchThatWasNotCommittedShouldBeReadAgain() {
    sim.mention(sim.user("rex", "Rex Lund"), "one");
    XPoller p = poller(Map.of("streams", "mentions"));

    PollBatch first = p.poll();
    PollBatch again = p.poll();
    for (int i = 0; i < 50 && again.isEmpty(); i++) {
      again = p.poll(); // the stream is read again one poll interval on (ADR 0086)
    }

    assertThat(again.items()).extracting(RawInbound::sourceRef).isEqualTo(first.items().stream().map(RawInbound::sourceRef).toList());
  }

  @Test
  void rateLimitShouldWaitUntilTheResetWithoutAskingXAgain() {
    XPoller p = poller(Map.of("streams", "mentions"));
    Instant reset = Instant.now().plusMillis(1500);
    sim.failNext(XApiSimulator.MENTIONS, 1, Fault.rateLimited(reset));
    sim.mention(sim.user("sia", "Sia Berg"), "are you there?");

    PollBatch limited = p.poll();
    Instant afterWait = Instant.now();
    PollBatch next = p.poll();

    assertThat(limited.isEmpty()).isTrue();
    assertThat(afterWait).isAfterOrEqualTo(reset);
    assertThat(next.items()).hasSize(1);
    assertThat(sim.requests(XApiSimulator.MENTIONS)).hasSize(2);
  }

  @Test
  void closeShouldEndAWaitAtOnce() throws Exception {
    XPoller p = poller(Map.of("streams", "mentions", "poll.interval", "30s"));
    CompletableFuture<PollBatch> polling = new CompletableFuture<>();
    Thread poller = new Thread(() -> polling.complete(p.poll()), "x-poll");
    poller.start();
    // nothing new: the poller has asked X once and now waits out the 30 s interval
    await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests(XApiSimulator.MENTIONS).size() == 1
        && Arrays.stream(poller.getStackTrace()).anyMatch(f -> f.getMethodName().equals("sleepUntil")));

    long start = System.nanoTime();
    p.close();
    polling.get(2, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void unreadableAnswerShouldBeHandedOutWholeAndTheCursorStay() {
    sim.mention(sim.user("tom", "Tom Ash"), "first");
    XPoller p = poller(Map.of("streams", "mentions"));
    p.commit(p.poll());
    String before = cursor("mentions").orElseThrow();
    sim.failNext(XApiSimulator.MENTIONS, 1, Fault.badJson());
    sim.mention(sim.user("tom", "Tom Ash"), "second");

    PollBatch broken = p.poll();
    p.commit(broken);

    assertThat(broken.items()).singleElement().satisfies(raw -> assertThat(raw.sourceRef()).isEqualTo("mentions/unreadable-page"));
    assertThat(cursor("mentions")).contains(before);
    assertThat(health.all().get(0).status()).isEqualTo("DOWN");
    assertThat(health.all().get(0).lastError()).contains("malformed JSON");
    PollBatch fixed = p.poll();
    for (int i = 0; i < 5 && fixed.isEmpty(); i++) {
      fixed = p.poll();  // the stream backs off a moment after the broken answer
    }
    assertThat(fixed.items()).hasSize(1);
    p.commit(fixed);
    assertThat(health.all().get(0).status()).isEqualTo("UP");
  }
}
