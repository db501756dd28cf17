package io.switchboard.workflow.sla;

import static io.switchboard.workflow.sla.SlaFixture.MONDAY_9;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SLA clocks on the real database and ingest path with a clock the test moves. Policy:
 * first response 4h, next response 2h, resolution 16h on Mon–Fri 09:00–17:00 London, a holiday on
 * Thursday 26 November, a warning at 75%; breaches escalate to the lead and email them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class SlaClocksTest {
  @Parameter TestStore store;
  @TempDir Path dir;
  TestMail mail;
  SlaFixture f;

  @BeforeEach
  void open() {
    mail = new TestMail();
    f = new SlaFixture(dir, mail, false, store);
  }

  @AfterEach
  void close() {
    f.close();
    mail.close();
  }

  static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void dueTimesShouldCarryOverTheWeekendAndTheHoliday() {
    f.clock.set(at("2026-11-27T15:00:00Z")); // Friday 15:00
    long weekend = f.newConversation();
    assertThat(f.row(weekend).firstDue).isEqualTo(at("2026-11-30T11:00:00Z")); // 2h Friday + 2h Monday
    assertThat(f.row(weekend).firstWarn).isEqualTo(at("2026-11-30T10:00:00Z")); // 75% = 3h
    assertThat(f.row(weekend).resolutionDue).isEqualTo(at("2026-12-01T15:00:00Z"));

    f.clock.set(at("2026-11-25T15:00:00Z")); // Wednesday 15:00, Thursday is a holiday
    long holiday = f.newConversation();
    assertThat(f.row(holiday).firstDue).isEqualTo(at("2026-11-27T11:00:00Z"));
    assertThat(f.row(holiday).policy).isEqualTo("standard");
  }

  @Test
  void urgencyShouldPickTheMoreSpecificPolicyAndFallBackForTheRest() {
    f.urgency = "urgent";
    long c = f.newConversation();
    assertThat(f.row(c).policy).isEqualTo("urgent");
    assertThat(f.row(c).firstDue).isEqualTo(MONDAY_9.plus(Duration.ofHours(1)));
    assertThat(f.row(c).resolutionDue).as("from the standard policy").isEqualTo(at("2026-11-24T17:00:00Z"));
  }

  @Test
  void aNoteShouldNotStopTheClockButAReplyShould() {
    long noted = f.newConversation();
    long answered = f.newConversation();
    f.advance(Duration.ofHours(1));
    f.addNote(noted, "tom", "Checked the carrier, will answer soon.");
    f.reply(answered);
    assertThat(f.row(noted).firstAt).isNull();
    assertThat(f.row(answered).firstAt).isEqualTo(MONDAY_9.plus(Duration.ofHours(1)));
    assertThat(f.row(answered).firstMet).isTrue();

    f.advance(Duration.ofHours(3).plusSeconds(1)); // 13:00:01
    Sla.TickResult r = f.sla.tick();
    assertThat(r.escalations()).isEqualTo(1);
    assertThat(f.row(noted).firstMet).isFalse();
    assertThat(f.row(noted).firstEscalated).isNotNull();
    assertThat(f.row(answered).firstEscalated).isNull();
    assertThat(f.row(answered).firstMet).isTrue();
  }

  @Test
  void pendingShouldPauseTheClocksAndTheCustomerResumesThem() {
    long c = f.newConversation();
    f.advance(Duration.ofHours(1)); // Monday 10:00, 3h of the first response left
    f.setStatus(c, "pending", "tom");
    assertThat(f.row(c).pausedAt).isEqualTo(at("2026-11-23T10:00:00Z"));

    f.clock.set(at("2026-11-24T10:00:00Z")); // a working day later, long past the old due time
    assertThat(f.sla.tick().breaches()).as("paused clocks do not breach").isZero();

    String messageId = f.lastCustomerMessageId;
    long again = f.customerWrites(customerOf(c), messageId);
    assertThat(again).isEqualTo(c);
    assertThat(f.conversationField(c, "status")).isEqualTo("open");
    SlaRow row = f.row(c);
    assertThat(row.pausedAt).isNull();
    assertThat(row.firstDue).as("3h left, counted from Tuesday 10:00").isEqualTo(at("2026-11-24T13:00:00Z"));
    assertThat(row.resolutionDue).as("15h left: Tuesday 7h, Wednesday 8h").isEqualTo(at("2026-11-25T17:00:00Z"));
    assertThat(row.nextDue).as("no reply yet: the first response clock covers it").isNull();
    assertThat(f.sla.tick().breaches()).isZero();
  }

  @Test
  void aReplyWhilePendingShouldBeMeasuredWhereTheClockStopped() {
    long c = f.newConversation();
    f.advance(Duration.ofHours(2));
    f.setStatus(c, "pending", "tom");
    f.clock.set(at("2026-11-24T16:00:00Z"));
    f.reply(c);
    assertThat(f.row(c).firstMet).as("the clock stood at Monday 11:00").isTrue();
  }

  @Test
  void aBreachShouldEscalateExactlyOnceAcrossInstancesAndALateReplyShouldNotEscalateAgain() throws Exception {
    long c = f.newConversation();
    f.advance(Duration.ofHours(4).plusMinutes(1)); // 13:01, first response missed
    Sla other = Sla.create(f.settings, f.jdbi, f.clock, f.inbox, f.replies, io.switchboard.voice.VoiceGuide.loadPackaged());
    other.setEvents(f.events);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Sla.TickResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Sla instance = i % 2 == 0 ? f.sla : other;
        results.add(pool.submit((Callable<Sla.TickResult>) instance::tick));
      }
      int escalations = 0;
      for (Future<Sla.TickResult> r : results) {
        escalations += r.get().escalations();
      }
      assertThat(escalations).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.conversationField(c, "assignee")).isEqualTo("lead");
    assertThat(f.conversationField(c, "urgency")).isEqualTo("high");
    assertThat(f.activityKinds(c)).containsOnlyOnce("sla-escalated", "sla-breach", "assignee");
    assertThat(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sla.escalate' AND target_id = ?", c)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> mail.server.getReceivedMessages().length >= 1);
    MimeMessage notice = mail.server.getReceivedMessages()[0];
    assertThat(notice.getAllRecipients()[0].toString()).isEqualTo(SlaFixture.LEAD_MAIL);
    assertThat(notice.getSubject()).contains("first response").contains("#" + c);
    assertThat((String) notice.getContent()).contains("http://inbox.test/#c" + c);

    f.advance(Duration.ofMinutes(30));
    f.reply(c); // late
    SlaRow row = f.row(c);
    assertThat(row.firstAt).isNotNull();
    assertThat(row.firstMet).isFalse();
    for (int i = 0; i < 5; i++) {
      assertThat(f.sla.tick().escalations()).isZero();
      assertThat(other.tick().escalations()).isZero();
    }
    assertThat(f.activityKinds(c)).containsOnlyOnce("sla-escalated");
    assertThat(mail.server.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aLateReplyBeforeAnyTickShouldRecordTheBreachWithoutEscalating() {
    long c = f.newConversation();
    f.advance(Duration.ofHours(5));
    f.reply(c);
    SlaRow row = f.row(c);
    assertThat(row.firstMet).isFalse();
    assertThat(row.breachedAt).isEqualTo(MONDAY_9.plus(Duration.ofHours(5)));
    assertThat(f.sla.tick().escalations()).isZero();
    assertThat(f.conversationField(c, "assignee")).isNull();
    assertThat(mail.server.getReceivedMessages()).isEmpty();
  }

  @Test
  void theWarningShouldBeWrittenOnce() {
    long c = f.newConversation();
    f.advance(Duration.ofHours(2).plusMinutes(59));
    assertThat(f.sla.tick().warnings()).isZero();
    f.advance(Duration.ofMinutes(1)); // 12:00 = 75% of 4h
    int warnings = 0;
    for (int i = 0; i < 5; i++) {
      warnings += f.sla.tick().warnings();
    }
    assertThat(warnings).isEqualTo(1);
    assertThat(f.activityKinds(c)).containsOnlyOnce("sla-warning");
    assertThat(f.row(c).firstWarned).isEqualTo(at("2026-11-23T12:00:00Z"));
    assertThat(f.row(c).warnedAt).isEqualTo(at("2026-11-23T12:00:00Z"));
  }

  @Test
  void aCustomerMessageAfterAReplyShouldStartTheNextResponseClock() {
    long c = f.newConversation();
    String customer = customerOf(c);
    f.advance(Duration.ofHours(1));
    f.reply(c);
    f.advance(Duration.ofHours(1)); // 11:00
    f.customerWrites(customer, f.lastCustomerMessageId);
    assertThat(f.row(c).nextDue).isEqualTo(at("2026-11-23T13:00:00Z"));
    f.advance(Duration.ofMinutes(30));
    f.customerWrites(customer, f.lastCustomerMessageId);
    assertThat(f.row(c).nextDue).as("runs from the first unanswered message").isEqualTo(at("2026-11-23T13:00:00Z"));
    f.advance(Duration.ofMinutes(30)); // 12:00
    f.reply(c);
    assertThat(f.row(c).nextDue).isNull();
    assertThat(f.row(c).nextBreaches).isZero();

    // a second wait that runs out: one breach, the conversation's one next-response escalation
    f.customerWrites(customer, f.lastCustomerMessageId);
    f.advance(Duration.ofHours(2).plusMinutes(1));
    Sla.TickResult first = f.sla.tick();
    assertThat(first.breaches()).isEqualTo(1);
    assertThat(first.escalations()).isEqualTo(1);
    assertThat(f.row(c).nextBreaches).isEqualTo(1);
    f.reply(c);

    // a third wait that runs out: counted, but not escalated again
    f.customerWrites(customer, f.lastCustomerMessageId);
    f.advance(Duration.ofHours(2).plusMinutes(1));
    Sla.TickResult second = f.sla.tick();
    assertThat(second.breaches()).isEqualTo(1);
    assertThat(second.escalations()).isZero();
    assertThat(f.row(c).nextBreaches).isEqualTo(2);
    assertThat(f.activityKinds(c).stream().filter("sla-escalated"::equals).count()).isEqualTo(1);
  }

  @Test
  void resolvingShouldRecordTheResolutionAndReopeningShouldResumeIt() {
    long c = f.newConversation();
    f.advance(Duration.ofHours(1));
    f.reply(c);
    f.setStatus(c, "resolved", "tom");
    SlaRow resolved = f.row(c);
    assertThat(resolved.resolvedAt).isEqualTo(at("2026-11-23T10:00:00Z"));
    assertThat(resolved.resolutionMet).isTrue();

    f.clock.set(at("2026-11-25T10:00:00Z")); // Wednesday: the customer writes again
    long again = f.customerWrites(customerOf(c), f.lastCustomerMessageId);
    assertThat(again).isEqualTo(c);
    assertThat(f.conversationField(c, "status")).isEqualTo("open");
    SlaRow reopened = f.row(c);
    assertThat(reopened.resolvedAt).isNull();
    assertThat(reopened.resolutionMet).isNull();
    // 15h were left on Monday 10:00: Wednesday 7h, Thursday is a holiday, Friday 8h
    assertThat(reopened.resolutionDue).isEqualTo(at("2026-11-27T17:00:00Z"));
    assertThat(reopened.nextDue).isEqualTo(at("2026-11-25T12:00:00Z"));
  }

  private String customerOf(long conversationId) {
    return f.jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT ch.handle FROM conversation c JOIN contact_handle ch ON ch.contact_id = c.contact_id WHERE c.id = :id")
                .bind("id", conversationId)
                .mapTo(String.class)
                .one());
  }

  @Test
  void eventsDeliveredAgainShouldLeaveOneSetOfClocksAsTheyWere() {
    long c = f.newConversation();
    f.advance(Duration.ofMinutes(30));
    f.reply(c);
    SlaRow before = f.row(c);
    f.advance(Duration.ofHours(1));
    // at least once: a crash before the events were marked done delivers them again
    f.jdbi.useHandle(h -> h.execute("UPDATE workflow_event SET state = 'pending' WHERE conversation_id = ?", c));
    assertThat(f.reactions.drain()).isEqualTo(2);

    assertThat(f.count("SELECT COUNT(*) FROM conversation_sla WHERE conversation_id = ?", c)).isEqualTo(1);
    SlaRow after = f.row(c);
    assertThat(after.firstDue).isEqualTo(before.firstDue);
    assertThat(after.firstAt).isEqualTo(before.firstAt);
    assertThat(after.firstMet).isTrue();
    assertThat(after.resolutionDue).isEqualTo(before.resolutionDue);
    assertThat(after.nextDue).isNull();
  }
}
