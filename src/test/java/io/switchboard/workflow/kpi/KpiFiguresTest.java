package io.switchboard.workflow.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.digest.Period;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.Database;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.support.MutableClock;
import io.switchboard.support.TestStore;
import io.switchboard.workflow.csat.CsatStore;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KPI figures for a fixture of conversations written through the real stores into a real HSQLDB,
 * with a clock the test sets; every expected number is worked out by hand in the comments.
 *
 * <p>The period is 2026-03-02 (UTC). Times below are that day unless said otherwise.
 *
 * <pre>
 * C1 email    in 09:00, assigned ada 09:05, ada replies 09:10, resolved 09:30, survey sent 09:40,
 *             rated 5 at 10:00; SLA first met, resolution met
 * C2 email    in 10:00, assigned ada 10:20, ada replies 10:30 and 11:00, resolved 12:00,
 *             rated 3 at 12:30; SLA first met, resolution missed
 * C3 x (DM)   in 11:00, unassigned, bo replies 12:00, resolved 12:10, customer writes 13:00
 *             (reopens), bo replies 13:30, resolved 14:00, rated 4 at 14:30; SLA first missed,
 *             resolution still running (NULL)
 * C4 x (DM)   in 09:30, assigned cy 09:40, cy replies 10:30, still open; SLA first met
 * C5 facebook in 13:00, assigned cy 13:15, cy replies 13:20, resolved 13:50, rated 1 at 15:00;
 *             no SLA row
 * C6 email    in, replied (ada) and resolved on 03-01; rated 2 on 03-02 09:00: only its rating counts
 * C7 email    in 23:00, ada replies 03-03 01:00: its first reply is after the period, nothing counts
 * Teams (config): ada and bo in support, cy in billing.
 * </pre>
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class KpiFiguresTest {
  @Parameter TestStore store;
  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
  private static final Period PERIOD = new Period(DAY, Instant.parse("2026-03-03T00:00:00Z"));

  @TempDir Path dir;
  private Database database;
  private Jdbi jdbi;
  private final MutableClock clock = new MutableClock(DAY);
  private MessageStore messages;
  private OutboxStore outbox;
  private ConversationActions actions;
  private CsatStore surveys;
  private final AtomicInteger ids = new AtomicInteger();
  private Kpis kpis;

  @BeforeEach
  void seed() {
    database = store.open(dir);
    jdbi = database.jdbi();
    messages = new MessageStore(jdbi, clock);
    outbox = new OutboxStore(jdbi, clock);
    actions = new ConversationActions(jdbi, clock);
    surveys = new CsatStore(jdbi, clock);
    kpis = new Kpis(new KpiQueries(jdbi, new TeamLookup(TeamLookup.ROUTED_TEAM, Map.of("ada", "support", "bo", "support", "cy", "billing"))));

    long c1 = in("email", "ann@example.com", "09:00", null);
    assign(c1, "ada", "09:05");
    reply(c1, "ada", "09:10");
    resolve(c1, "ada", "09:30");
    at("09:40");
    surveys.schedule(c1, clock.instant());
    assertThat(surveys.invite(new CsatStore.Due(c1, "email", "email-test", false), "csat-survey", "How did we do?", null)).isPresent();
    rate(c1, 5, "10:00");
    sla(c1, true, true);

    long c2 = in("email", "bob@example.com", "10:00", null);
    assign(c2, "ada", "10:20");
    reply(c2, "ada", "10:30");
    reply(c2, "ada", "11:00");
    resolve(c2, "ada", "12:00");
    rate(c2, 3, "12:30");
    sla(c2, true, false);

    long c3 = in("x", "x-carla", "11:00", null);
    reply(c3, "bo", "12:00");
    resolve(c3, "bo", "12:10");
    in("x", "x-carla", "13:00", c3);
    reply(c3, "bo", "13:30");
    resolve(c3, "bo", "14:00");
    rate(c3, 4, "14:30");
    sla(c3, false, null);

    long c4 = in("x", "x-dan", "09:30", null);
    assign(c4, "cy", "09:40");
    reply(c4, "cy", "10:30");
    sla(c4, true, null);

    long c5 = in("facebook", "fb-eve", "13:00", null);
    assign(c5, "cy", "13:15");
    reply(c5, "cy", "13:20");
    resolve(c5, "cy", "13:50");
    rate(c5, 1, "15:00");

    clock.set(Instant.parse("2026-03-01T09:00:00Z"));
    long c6 = messages.storeInbound(message("email", "fay@example.com", clock.instant()), null, Tags.NONE).conversationId();
    clock.set(Instant.parse("2026-03-01T10:00:00Z"));
    outbox.queue(c6, "email", "email-test", new OutboxStore.Reply("ada", "Sorted.", null, null), null);
    clock.set(Instant.parse("2026-03-01T11:00:00Z"));
    actions.setStatus(c6, "resolved", "ada");
    rate(c6, 2, "09:00");

    long c7 = in("email", "gus@example.com", "23:00", null);
    clock.set(Instant.parse("2026-03-03T01:00:00Z"));
    outbox.queue(c7, "email", "email-test", new OutboxStore.Reply("ada", "Hello.", null, null), null);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void perAgentFiguresShouldEqualTheHandComputedOnes() {
    KpiReport r = kpis.report(PERIOD, Kpis.GroupBy.AGENT);
    assertThat(r.groups()).extracting(KpiReport.Group::key).containsExactly("ada", "bo", "cy");

    KpiReport.Group ada = group(r, "ada");
    // first responses: C1 09:00 -> 09:10 = 600 s, C2 10:00 -> 10:30 = 1800 s (C6, C7: not in period)
    durations(ada.firstResponse(), 2, 1200, 1200); // median (600+1800)/2, average 2400/2
    // resolutions: C1 09:00 -> 09:30 = 1800 s, C2 10:00 -> 12:00 = 7200 s
    durations(ada.resolution(), 2, 4500, 4500);
    // handle: C1 assigned 09:05 -> 09:30 = 1500 s, C2 assigned 10:20 -> 12:00 = 6000 s
    durations(ada.handle(), 2, 3750, 3750);
    // FCR: C1 (one reply; the survey is not a reply) yes, C2 (two replies) no: 1 of 2
    share(ada.firstContactResolution(), 1, 2);
    // SLA: first response C1 met, C2 met = 2/2; resolution C1 met, C2 missed = 1/2; overall 3/4
    share(ada.sla().firstResponse(), 2, 2);
    share(ada.sla().resolution(), 1, 2);
    share(ada.sla().overall(), 3, 4);
    // CSAT: C1 5, C2 3, C6 2 (rated today, C6's first reply was ada's) = 10/3; 4-5: one of 3
    assertThat(ada.csat().ratings()).isEqualTo(3);
    assertThat(ada.csat().average()).isCloseTo(10.0 / 3, within(1e-9));
    share(ada.csat().satisfied(), 1, 3);

    KpiReport.Group bo = group(r, "bo");
    // C3 unassigned: counts for bo, who sent its first reply. 11:00 -> 12:00 = 3600 s
    durations(bo.firstResponse(), 1, 3600, 3600);
    // resolved last at 14:00: 11:00 -> 14:00 = 10800 s; handle from the first reply 12:00 = 7200 s
    durations(bo.resolution(), 1, 10800, 10800);
    durations(bo.handle(), 1, 7200, 7200);
    // two replies and reopened by the customer: not a first-contact resolution
    share(bo.firstContactResolution(), 0, 1);
    // first response missed: 0/1; resolution still running (NULL) does not count: 0/0
    share(bo.sla().firstResponse(), 0, 1);
    share(bo.sla().resolution(), 0, 0);
    share(bo.sla().overall(), 0, 1);
    assertThat(bo.csat().average()).isEqualTo(4.0);
    share(bo.csat().satisfied(), 1, 1);

    KpiReport.Group cy = group(r, "cy");
    // C4 09:30 -> 10:30 = 3600 s, C5 13:00 -> 13:20 = 1200 s
    durations(cy.firstResponse(), 2, 2400, 2400);
    // only C5 is resolved: 13:00 -> 13:50 = 3000 s; handle 13:15 -> 13:50 = 2100 s; one reply: FCR
    durations(cy.resolution(), 1, 3000, 3000);
    durations(cy.handle(), 1, 2100, 2100);
    share(cy.firstContactResolution(), 1, 1);
    // C4 first response met; C5 has no SLA row
    share(cy.sla().firstResponse(), 1, 1);
    share(cy.sla().resolution(), 0, 0);
    assertThat(cy.csat().average()).isEqualTo(1.0);
    share(cy.csat().satisfied(), 0, 1);
  }

  @Test
  void totalsShouldEqualTheHandComputedOnes() {
    KpiReport.Group t = kpis.report(PERIOD, Kpis.GroupBy.AGENT).total();
    // first responses 600, 1200, 1800, 3600, 3600: median 1800, average 10800/5 = 2160
    durations(t.firstResponse(), 5, 1800, 2160);
    // resolutions 1800, 3000, 7200, 10800: median (3000+7200)/2 = 5100, average 22800/4 = 5700
    durations(t.resolution(), 4, 5100, 5700);
    // handle 1500, 2100, 6000, 7200: median (2100+6000)/2 = 4050, average 16800/4 = 4200
    durations(t.handle(), 4, 4050, 4200);
    // FCR: C1 and C5 of C1, C2, C3, C5
    share(t.firstContactResolution(), 2, 4);
    // SLA first response: C1, C2, C4 met, C3 missed = 3/4; resolution: C1 met, C2 missed = 1/2
    share(t.sla().firstResponse(), 3, 4);
    share(t.sla().resolution(), 1, 2);
    share(t.sla().overall(), 4, 6);
    // CSAT 5, 3, 4, 1, 2: average 15/5 = 3.0; 4-5: two of five
    assertThat(t.csat().ratings()).isEqualTo(5);
    assertThat(t.csat().average()).isEqualTo(3.0);
    share(t.csat().satisfied(), 2, 5);
  }

  @Test
  void perTeamAndPerChannelFiguresShouldEqualTheHandComputedOnes() {
    KpiReport teams = kpis.report(PERIOD, Kpis.GroupBy.TEAM);
    assertThat(teams.groups()).extracting(KpiReport.Group::key).containsExactly("billing", "support");
    KpiReport.Group support = group(teams, "support");
    // ada's and bo's: first responses 600, 1800, 3600: median 1800, average 6000/3 = 2000
    durations(support.firstResponse(), 3, 1800, 2000);
    // resolutions 1800, 7200, 10800: median 7200, average 19800/3 = 6600
    durations(support.resolution(), 3, 7200, 6600);
    // handle 1500, 6000, 7200: median 6000, average 14700/3 = 4900
    durations(support.handle(), 3, 6000, 4900);
    share(support.firstContactResolution(), 1, 3);
    // ratings 5, 3, 2, 4: average 14/4 = 3.5; 4-5: two of four
    assertThat(support.csat().average()).isEqualTo(3.5);
    share(support.csat().satisfied(), 2, 4);
    durations(group(teams, "billing").firstResponse(), 2, 2400, 2400);

    KpiReport channels = kpis.report(PERIOD, Kpis.GroupBy.CHANNEL);
    assertThat(channels.groups()).extracting(KpiReport.Group::key).containsExactly("email", "facebook", "x");
    KpiReport.Group x = group(channels, "x");
    // C3 3600 s and C4 3600 s
    durations(x.firstResponse(), 2, 3600, 3600);
    durations(x.resolution(), 1, 10800, 10800);
    // C3 missed, C4 met
    share(x.sla().firstResponse(), 1, 2);
    KpiReport.Group email = group(channels, "email");
    // C1 600 and C2 1800; ratings C1 5, C2 3, C6 2
    durations(email.firstResponse(), 2, 1200, 1200);
    assertThat(email.csat().average()).isCloseTo(10.0 / 3, within(1e-9));
    durations(group(channels, "facebook").resolution(), 1, 3000, 3000);
  }

  @Test
  void anEmptyPeriodShouldHaveNoGroupsAndEmptyFigures() {
    KpiReport r = kpis.report(new Period(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z")), Kpis.GroupBy.AGENT);
    assertThat(r.groups()).isEmpty();
    assertThat(r.total().firstResponse()).isEqualTo(new KpiReport.Durations(0, null, null));
    assertThat(r.total().firstContactResolution().share()).isNull();
    assertThat(r.total().csat().average()).isNull();
  }

  private static KpiReport.Group group(KpiReport r, String key) {
    return r.groups().stream().filter(g -> g.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no group " + key + " in " + r.groups()));
  }

  private static void durations(KpiReport.Durations d, int count, double median, double average) {
    assertThat(d.count()).as("count").isEqualTo(count);
    assertThat(d.medianSeconds()).as("median").isCloseTo(median, within(1e-9));
    assertThat(d.averageSeconds()).as("average").isCloseTo(average, within(1e-9));
  }

  private static void share(KpiReport.Share s, int hits, int total) {
    assertThat(s.hits()).as("hits").isEqualTo(hits);
    assertThat(s.total()).as("total").isEqualTo(total);
    if (total == 0) {
      assertThat(s.share()).isNull();
    } else {
      assertThat(s.share()).isCloseTo((double) hits / total, within(1e-9));
    }
  }

  private void at(String hhmm) {
    clock.set(Instant.parse("2026-03-02T" + hhmm + ":00Z"));
  }

  private long in(String channel, String handle, String hhmm, Long conversation) {
    at(hhmm);
    return messages.storeInbound(message(channel, handle, clock.instant()), conversation, Tags.NONE).conversationId();
  }

  private InboundMessage message(String channel, String handle, Instant sentAt) {
    int n = ids.incrementAndGet();
    return new InboundMessage(channel, channel + "-test", "kpi-" + n, List.of(), null, false, handle, handle,
        "Question " + n, "text " + n, "text " + n, null, sentAt, List.of(), List.of(), false);
  }

  private void reply(long conversation, String agent, String hhmm) {
    at(hhmm);
    String channel = jdbi.withHandle(h -> h.createQuery("SELECT channel FROM conversation WHERE id = :id").bind("id", conversation).mapTo(String.class).one());
    outbox.queue(conversation, channel, channel + "-test", new OutboxStore.Reply(agent, "Answer.", null, null), null);
  }

  private void assign(long conversation, String agent, String hhmm) {
    at(hhmm);
    assertThat(actions.assign(conversation, agent, "lee")).isTrue();
  }

  private void resolve(long conversation, String agent, String hhmm) {
    at(hhmm);
    assertThat(actions.setStatus(conversation, "resolved", agent)).isTrue();
  }

  private void rate(long conversation, int rating, String hhmm) {
    at(hhmm);
    surveys.schedule(conversation, clock.instant());
    assertThat(surveys.rate(conversation, rating)).isEqualTo(CsatStore.Outcome.RECORDED);
  }

  /** What the SLA feature writes: whether each target was met (null while its clock runs). */
  private void sla(long conversation, Boolean firstMet, Boolean resolutionMet) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO conversation_sla (conversation_id, policy, first_response_met, resolution_met, updated_at)"
                        + " VALUES (:c, 'default', :f, :r, :now)")
                .bind("c", conversation)
                .bind("f", firstMet)
                .bind("r", resolutionMet)
                .bind("now", Timestamp.from(clock.instant()))
                .execute());
  }
}
