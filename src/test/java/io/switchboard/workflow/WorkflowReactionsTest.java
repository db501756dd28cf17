package io.switchboard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.Database;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.support.MutableClock;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The workflow events outbox and the route's bean on both stores: claims, order per conversation,
 * retries with backoff, parking and the admin's retry, expired claims, and two claimers on one
 * database.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class WorkflowReactionsTest {
  @Parameter TestStore kind;
  static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

  @TempDir Path dir;
  Database db;
  MutableClock clock = new MutableClock(START);
  WorkflowEventStore store;
  final List<WorkflowReactions> opened = new ArrayList<>();

  @BeforeEach
  void open() {
    db = kind.open(dir);
    store = new WorkflowEventStore(db.jdbi(), clock);
  }

  @AfterEach
  void close() {
    opened.forEach(WorkflowReactions::close);
    db.close();
  }

  WorkflowReactions reactions(String instance, int maxAttempts, WorkflowEvents... each) {
    WorkflowReactions.Settings s =
        new WorkflowReactions.Settings(
            instance, 20, Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10),
            maxAttempts, 2, Duration.ofDays(7));
    WorkflowReactions r = new WorkflowReactions(store, s, clock).addAll(List.of(each));
    opened.add(r);
    return r;
  }

  long append(long conversation, String to) {
    return store.append(WorkflowEvent.statusChanged(conversation, "open", to, "tom"));
  }

  String state(long id) {
    return store.find(id).orElseThrow().state();
  }

  /** Records what it was told, per conversation, in order. */
  static final class Recorder implements WorkflowEvents {
    final Map<Long, List<String>> seen = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> perEvent = new ConcurrentHashMap<>();

    @Override
    public void on(WorkflowEvent e) {
      perEvent.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
      WorkflowEvents.super.on(e);
    }

    @Override
    public void statusChanged(long conversationId, String from, String to, String actor) {
      seen.computeIfAbsent(conversationId, c -> Collections.synchronizedList(new ArrayList<>())).add(to);
    }
  }

  @Test
  void eventsShouldReachEveryReactionInOrderPerConversationAndBeMarkedDone() {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    List<Long> ids = new ArrayList<>();
    for (String to : List.of("pending", "open", "resolved")) {
      ids.add(append(1, to));
      ids.add(append(2, to));
    }
    assertThat(reactions("a", 3, first, second).drain()).isEqualTo(6);

    for (Recorder r : List.of(first, second)) {
      assertThat(r.seen.get(1L)).containsExactly("pending", "open", "resolved");
      assertThat(r.seen.get(2L)).containsExactly("pending", "open", "resolved");
    }
    assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo("done"));
    assertThat(store.counts()).containsEntry("done", 6L).containsEntry("pending", 0L);
  }

  @Test
  void aFailingReactionShouldBeRetriedWithBackoffThenParkedAndHoldItsConversationsLaterEvents() {
    AtomicReference<String> broken = new AtomicReference<>("the SLA table is locked");
    Recorder recorder = new Recorder();
    WorkflowEvents failing =
        new WorkflowEvents() {
          @Override
          public void statusChanged(long conversationId, String from, String to, String actor) {
            if (conversationId == 7 && to.equals("pending") && broken.get() != null) {
              throw new IllegalStateException(broken.get());
            }
          }
        };
    long bad = append(7, "pending");
    long after = append(7, "open");
    long other = append(8, "pending");
    WorkflowReactions r = reactions("a", 3, failing, recorder);

    r.drain();
    WorkflowEventStore.Entry e = store.find(bad).orElseThrow();
    assertThat(e.state()).isEqualTo("pending");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.nextAttemptAt()).isEqualTo(START.plusSeconds(1));
    assertThat(e.lastError()).contains("the SLA table is locked");
    assertThat(state(other)).as("other conversations go on").isEqualTo("done");
    assertThat(state(after)).as("the conversation's later event waits for the earlier one").isEqualTo("pending");
    assertThat(store.find(after).orElseThrow().attempts()).isZero();
    assertThat(recorder.seen).doesNotContainKey(7L);

    // not due yet: nothing to claim for conversation 7, not even its later event
    clock.advance(Duration.ofMillis(999));
    assertThat(r.drain()).isZero();
    clock.advance(Duration.ofMillis(1));
    r.drain();
    assertThat(store.find(bad).orElseThrow().nextAttemptAt()).as("doubled").isEqualTo(clock.instant().plusSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    r.drain();
    e = store.find(bad).orElseThrow();
    assertThat(e.state()).isEqualTo("parked");
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.lastError()).startsWith("WorkflowReactionsTest$1: java.lang.IllegalStateException").contains("the SLA table is locked");
    // parked, it no longer holds the conversation
    assertThat(state(after)).as(store.list(null, 10, 0).items().toString()).isEqualTo("done");
    assertThat(recorder.seen.get(7L)).containsExactly("open");

    // the admin fixed the cause and retries it
    broken.set(null);
    assertThat(store.retry(after)).as("only parked events are retried").isEmpty();
    WorkflowEventStore.Entry retried = store.retry(bad).orElseThrow();
    assertThat(retried.state()).isEqualTo(WorkflowEventStore.PENDING);
    assertThat(retried.attempts()).isZero();
    r.drain();
    assertThat(state(bad)).isEqualTo("done");
    assertThat(recorder.seen.get(7L)).containsExactly("open", "pending");
    assertThat(store.list("parked", 10, 0).total()).isZero();
  }

  @Test
  void purgeShouldDeleteOnlyDoneEventsHandledBeforeTheCutOff() {
    long done = append(1, "pending");
    assertThat(reactions("a", 1).drain()).isEqualTo(1);
    long parked = append(2, "pending");
    WorkflowEvents failing =
        new WorkflowEvents() {
          @Override
          public void statusChanged(long conversationId, String from, String to, String actor) {
            throw new IllegalStateException("down");
          }
        };
    reactions("b", 1, failing).drain();
    long pending = append(3, "pending");
    assertThat(state(parked)).isEqualTo("parked");

    assertThat(store.purgeDone(START)).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.purgeDone(clock.instant())).isEqualTo(1);
    assertThat(store.find(done)).isEmpty();
    assertThat(store.list(null, 10, 0).items()).extracting(WorkflowEventStore.Entry::id).containsExactly(pending, parked);
    assertThat(store.list("pending", 10, 0).total()).isEqualTo(1);
  }

  @Test
  void backoffShouldDoubleUpToTheLimit() {
    WorkflowReactions r = reactions("a", 20);
    assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(r::backoff).toList())
        .containsExactly(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
            Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void aClaimShouldHoldUntilItExpiresThenAnotherInstanceTakesTheEventOver() {
    long id = append(1, "pending");
    List<WorkflowEvent> a = store.claim("a", 10, Duration.ofSeconds(30));
    assertThat(a).extracting(WorkflowEvent::id).containsExactly(id);
    assertThat(a.get(0).attempts()).isEqualTo(1);
    assertThat(store.claim("b", 10, Duration.ofSeconds(30))).as("held by a").isEmpty();

    // a died: its claim expires and b takes the event over
    clock.advance(Duration.ofSeconds(31));
    List<WorkflowEvent> b = store.claim("b", 10, Duration.ofSeconds(30));
    assertThat(b).extracting(WorkflowEvent::id).containsExactly(id);
    assertThat(b.get(0).attempts()).isEqualTo(2);
    assertThat(store.done(id, "a")).as("a lost its claim").isFalse();
    assertThat(store.done(id, "b")).isTrue();
    assertThat(store.find(id).orElseThrow().handledAt()).isEqualTo(clock.instant());
  }

  @Test
  void aLaterEventShouldNotBeClaimedWhileAnEarlierOneOfItsConversationIsHeldElsewhere() {
    long first = append(1, "pending");
    assertThat(store.claim("a", 1, Duration.ofSeconds(30))).extracting(WorkflowEvent::id).containsExactly(first);
    long second = append(1, "open");
    long elsewhere = append(2, "open");
    assertThat(store.claim("b", 10, Duration.ofSeconds(30))).extracting(WorkflowEvent::id).containsExactly(elsewhere);
    store.done(first, "a");
    assertThat(store.claim("b", 10, Duration.ofSeconds(30))).extracting(WorkflowEvent::id).containsExactly(second);
  }

  @Test
  void aClaimShouldLookPastManyHeldRowsAndKeepEachBlockedConversationsLaterRowsBack() {
    // more held rows than one read of the pending rows brings (the claim reads them a page at a time)
    List<Long> held = new ArrayList<>();
    for (long c = 1; c <= 150; c++) {
      held.add(append(c, "pending"));
    }
    assertThat(store.claim("a", 150, Duration.ofSeconds(30))).hasSize(150);
    long waiting = append(200, "pending");
    assertThat(store.claim("a", 10, Duration.ofSeconds(30))).extracting(WorkflowEvent::id).containsExactly(waiting);
    store.retryLater(waiting, "a", clock.instant().plusSeconds(60), "failed");
    List<Long> behindHeld = new ArrayList<>();
    for (long c = 1; c <= 150; c += 10) {
      behindHeld.add(append(c, "open"));
    }
    long behindRetry = append(200, "open");
    long free = append(300, "open");
    long freeLater = append(300, "resolved");

    assertThat(store.claim("b", 2, Duration.ofSeconds(30)))
        .as("held and waiting conversations keep their later events back; the free one's come in order")
        .extracting(WorkflowEvent::id)
        .containsExactly(free, freeLater);
    assertThat(store.done(free, "b")).isTrue();
    assertThat(store.done(freeLater, "b")).isTrue();

    // a's claims expire and the retry comes due: everything is claimable again, in id order
    clock.advance(Duration.ofSeconds(61));
    List<Long> all = new ArrayList<>(held);
    all.add(waiting);
    all.addAll(behindHeld);
    all.add(behindRetry);
    assertThat(store.claim("b", 500, Duration.ofSeconds(30))).extracting(WorkflowEvent::id).containsExactlyElementsOf(all);
  }

  @Test
  void twoInstancesDrainingAtOnceShouldHandleEachEventOnceInOrder() throws Exception {
    clock.set(Instant.now());
    Recorder recorder = new Recorder();
    int conversations = 40;
    int perConversation = 6;
    for (int i = 0; i < perConversation; i++) {
      for (long c = 1; c <= conversations; c++) {
        append(c, "s" + i);
      }
    }
    WorkflowReactions a = reactions("a", 3, recorder);
    WorkflowReactions b = reactions("b", 3, recorder);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (WorkflowReactions r : List.of(a, b)) {
        runs.add(
            pool.submit(
                () -> {
                  int n = 0;
                  while (store.counts().get("done") < conversations * perConversation) {
                    n += r.handle(r.poll()).done();
                  }
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : runs) {
        total += f.get();
      }
      assertThat(total).isEqualTo(conversations * perConversation);
    } finally {
      pool.shutdownNow();
    }
    assertThat(recorder.perEvent).hasSize(conversations * perConversation);
    assertThat(recorder.perEvent.values()).allSatisfy(n -> assertThat(n.get()).as("handled once").isEqualTo(1));
    List<String> inOrder = List.of("s0", "s1", "s2", "s3", "s4", "s5");
    for (long c = 1; c <= conversations; c++) {
      assertThat(recorder.seen.get(c)).as("conversation " + c).containsExactlyElementsOf(inOrder);
    }
  }

  @Test
  void pollShouldWakeAsSoonAsAnEventIsAppendedInThisProcess() throws Exception {
    clock.set(Instant.now());
    WorkflowReactions.Settings s =
        new WorkflowReactions.Settings(
            "a", 20, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10), 3, 1,
            Duration.ofDays(7));
    WorkflowReactions r = new WorkflowReactions(store, s, clock);
    opened.add(r);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<WorkflowEvent>> polled = pool.submit(r::poll);
      // the poll finds nothing and waits up to 5 s; the committed append wakes it at once
      long id = db.jdbi().inTransaction(h -> append(3, "pending"));
      long appended = System.nanoTime();
      assertThat(polled.get()).extracting(WorkflowEvent::id).containsExactly(id);
      assertThat(Duration.ofNanos(System.nanoTime() - appended)).isLessThan(Duration.ofSeconds(3));
    } finally {
      pool.shutdownNow();
    }
  }
}
