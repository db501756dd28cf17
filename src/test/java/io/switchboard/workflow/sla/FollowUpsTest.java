package io.switchboard.workflow.sla;

import static io.switchboard.workflow.sla.SlaFixture.MONDAY_9;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TestStore;
import io.switchboard.voice.VoiceGuide;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Snoozes that wake on time or when the customer writes, reopening, and the one check-back. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class FollowUpsTest {
  @Parameter TestStore store;
  @TempDir Path dir;
  SlaFixture f;

  @AfterEach
  void close() {
    f.close();
  }

  void snooze(long c, Instant until) {
    f.sla.followUps().snooze(c, until, "tom");
    f.setStatus(c, "pending", "tom");
  }

  @Test
  void aSnoozeShouldWakeAtItsTimeOnce() {
    f = new SlaFixture(dir, null, false, store);
    long c = f.newConversation();
    f.advance(Duration.ofHours(1));
    f.reply(c);
    snooze(c, Instant.parse("2026-11-23T15:00:00Z"));
    assertThat(f.conversationField(c, "status")).isEqualTo("pending");
    assertThat(f.row(c).pausedAt).isNotNull();

    f.clock.set(Instant.parse("2026-11-23T14:59:59Z"));
    assertThat(f.sla.tick().woken()).isZero();
    assertThat(f.conversationField(c, "status")).isEqualTo("pending");

    f.clock.set(Instant.parse("2026-11-23T15:00:00Z"));
    Sla other = Sla.create(f.settings, f.jdbi, f.clock, f.inbox, f.replies, VoiceGuide.loadPackaged());
    int woken = 0;
    for (int i = 0; i < 3; i++) {
      woken += f.sla.tick().woken() + other.tick().woken();
    }
    assertThat(woken).isEqualTo(1);
    assertThat(f.conversationField(c, "status")).isEqualTo("open");
    assertThat(f.activityKinds(c)).containsOnlyOnce("snoozed", "woke");
    assertThat(f.row(c).pausedAt).as("clocks run again").isNull();
    assertThat(f.sla.followUps().state(c).orElseThrow().snoozed()).isFalse();
    // the resolution clock stood still from 10:00 to 15:00: 15h left from 15:00 Monday
    assertThat(f.row(c).resolutionDue).isEqualTo(Instant.parse("2026-11-25T14:00:00Z"));
  }

  @Test
  void aSnoozeShouldWakeWhenTheCustomerWrites() {
    f = new SlaFixture(dir, null, false, store);
    long c = f.newConversation();
    f.reply(c);
    f.sla.followUps().snooze(c, null, "tom");
    f.setStatus(c, "pending", "tom");
    assertThat(f.sla.followUps().state(c).orElseThrow().untilCustomer()).isTrue();

    f.advance(Duration.ofDays(1));
    assertThat(f.sla.tick().woken()).as("no time set: only the customer wakes it").isZero();
    long again = f.customerWrites(customer(c), f.lastCustomerMessageId);
    assertThat(again).isEqualTo(c);
    assertThat(f.conversationField(c, "status")).isEqualTo("open");
    assertThat(f.sla.followUps().state(c).orElseThrow().snoozed()).isFalse();
    assertThat(f.activityKinds(c)).containsOnlyOnce("woke");
    assertThat(f.row(c).nextDue).as("the customer waits for the next reply").isNotNull();
  }

  @Test
  void aTimedSnoozeShouldAlsoEndWhenTheCustomerWritesFirst() {
    f = new SlaFixture(dir, null, false, store);
    long c = f.newConversation();
    f.reply(c);
    snooze(c, MONDAY_9.plus(Duration.ofDays(2)));
    f.advance(Duration.ofHours(2));
    f.customerWrites(customer(c), f.lastCustomerMessageId);
    f.advance(Duration.ofDays(3));
    assertThat(f.sla.tick().woken()).isZero();
    assertThat(f.activityKinds(c)).containsOnlyOnce("woke");
  }

  @Test
  void aResolvedConversationShouldReopenWhenTheSameCustomerWrites() {
    f = new SlaFixture(dir, null, false, store);
    long c = f.newConversation();
    f.reply(c);
    f.setStatus(c, "resolved", "tom");
    f.advance(Duration.ofDays(1));
    long again = f.customerWrites(customer(c), f.lastCustomerMessageId);
    assertThat(again).isEqualTo(c);
    assertThat(f.conversationField(c, "status")).isEqualTo("open");
    long other = f.newConversation();
    assertThat(other).as("another customer starts their own").isNotEqualTo(c);
  }

  @Test
  void theCheckBackShouldBeQueuedOnceAfterResolution() {
    f = new SlaFixture(dir, null, true, store);
    long c = f.newConversation();
    f.advance(Duration.ofHours(1));
    f.reply(c);
    f.setStatus(c, "resolved", "tom");
    assertThat(f.sla.followUps().state(c).orElseThrow().checkBackDueAt()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));

    f.clock.set(Instant.parse("2026-11-26T09:59:59Z"));
    assertThat(f.sla.tick().checkBacks()).isZero();
    f.clock.set(Instant.parse("2026-11-26T10:00:00Z"));
    Sla other = Sla.create(f.settings, f.jdbi, f.clock, f.inbox, f.replies, VoiceGuide.loadPackaged());
    int sent = 0;
    for (int i = 0; i < 3; i++) {
      sent += f.sla.tick().checkBacks() + other.tick().checkBacks();
    }
    assertThat(sent).isEqualTo(1);
    List<String> texts = outbound(c, "auto:check-back");
    assertThat(texts).hasSize(1);
    assertThat(texts.get(0)).contains("check back on your recent request");
    assertThat(f.activityKinds(c)).containsOnlyOnce("check-back");
    assertThat(f.conversationField(c, "status")).as("stays resolved until the customer answers").isEqualTo("resolved");
    assertThat(f.row(c).firstAt).as("our check-back is not an agent's reply").isEqualTo(MONDAY_9.plus(Duration.ofHours(1)));

    // the customer answers, it is resolved again: never a second check-back
    f.customerWrites(customer(c), f.lastCustomerMessageId);
    f.reply(c);
    f.setStatus(c, "resolved", "tom");
    f.advance(Duration.ofDays(4));
    assertThat(f.sla.tick().checkBacks()).isZero();
    assertThat(outbound(c, "auto:check-back")).hasSize(1);
  }

  @Test
  void noCheckBackShouldBeSentWhenTheCustomerWroteAgainBeforeItWasDue() {
    f = new SlaFixture(dir, null, true, store);
    long c = f.newConversation();
    f.reply(c);
    f.setStatus(c, "resolved", "tom");
    f.advance(Duration.ofDays(1));
    f.customerWrites(customer(c), f.lastCustomerMessageId);
    f.advance(Duration.ofDays(5));
    assertThat(f.sla.tick().checkBacks()).isZero();
    assertThat(outbound(c, "auto:check-back")).isEmpty();
  }

  @Test
  void theCheckBackShouldBeOffByDefault() {
    f = new SlaFixture(dir, null, false, store);
    long c = f.newConversation();
    f.reply(c);
    f.setStatus(c, "resolved", "tom");
    f.advance(Duration.ofDays(10));
    assertThat(f.sla.tick().checkBacks()).isZero();
    assertThat(outbound(c, "auto:check-back")).isEmpty();
    assertThat(outbound(c, "tom")).hasSize(1);
  }

  private List<String> outbound(long c, String author) {
    return f.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT m.text FROM message m JOIN outbox o ON o.message_id = m.id"
                        + " WHERE m.conversation_id = :c AND m.author = :a ORDER BY m.id")
                .bind("c", c)
                .bind("a", author)
                .mapTo(String.class)
                .list());
  }

  private String customer(long conversationId) {
    return f.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT ch.handle FROM conversation c JOIN contact_handle ch ON ch.contact_id = c.contact_id WHERE c.id = :id")
                .bind("id", conversationId)
                .mapTo(String.class)
                .one());
  }
}
