package io.switchboard.workflow.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.Database;
import io.switchboard.store.MessageStore;
import io.switchboard.store.UserStore;
import io.switchboard.support.TestStore;
import io.switchboard.workflow.WorkflowConfig;
import io.switchboard.workflow.WorkflowEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rules pick the team; round-robin picks the agent, fairly, within capacity and skills, across
 * restarts and between two routers on one database. Real HSQLDB; conversations are stored by the
 * ingest path's store and handed to the router the way the workflow-events route hands it an event.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class RoundRobinTest {
  @Parameter TestStore backend;
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir static Path dir;
  static Database db;
  static Jdbi jdbi;
  Clock clock = Clock.systemUTC();
  MessageStore messages;
  ConversationActions actions;
  RoutingStore store;
  WorkflowEvents events;

  @BeforeParameterizedClassInvocation
  static void openDatabase(TestStore backend) {
    db = backend.open(dir.resolve(backend.name()));
    jdbi = db.jdbi();
    UserStore users = new UserStore(jdbi, Clock.systemUTC());
    for (String u : List.of("ana", "bea", "cy", "dov")) {
      users.create(u, u.toUpperCase(), "password-" + u + "-long", "agent");
    }
    users.create("mo", "Mo Marketing", "password-mo-long", "marketing");
  }

  @AfterParameterizedClassInvocation
  static void closeDatabase() {
    db.close();
  }

  @BeforeEach
  void open() {
    jdbi.useHandle(h -> {
      for (String table : List.of("conversation_activity", "conversation_team", "message", "processed_id", "conversation",
          "contact_handle", "contact", "team_member", "team", "agent_profile", "routing_rule", "workflow_setting", "audit_log")) {
        h.execute("DELETE FROM " + table);
      }
    });
    messages = new MessageStore(jdbi, clock);
    actions = new ConversationActions(jdbi, clock);
    store = new RoutingStore(jdbi, clock);
    events = new Router(jdbi, store, actions);
  }

  void configure(List<Team> teams, List<Agent> agents, List<Rule> rules, String defaultTeam) {
    List<WorkflowConfig.AgentEntry> entries =
        agents.stream()
            .map(a -> new WorkflowConfig.AgentEntry(a.username(), a.languages(), a.channels(), a.capacity(), a.available()))
            .toList();
    assertThat(store.seedIfFirst(new WorkflowConfig(10, teams, entries, rules, defaultTeam, null, null))).isTrue();
  }

  static Agent agent(String name, List<String> languages, int capacity, boolean available) {
    return new Agent(name, languages, List.of(), capacity, available);
  }

  /** A new conversation as ingest stores it, and its event handed to the router; returns its id. */
  long arrive(WorkflowEvents to, String channel, String language, String urgency, String subject, String text) {
    int n = SEQ.incrementAndGet();
    InboundMessage m =
        new InboundMessage(channel, channel + "-acct", "<m" + n + "@test>", List.of(), null, false,
            "customer" + n + "@test", "Customer " + n, subject, text, text, null, Instant.now(), List.of(), List.of(), false);
    Tags tags = new Tags(language, "neutral", 0.0, urgency, List.of());
    MessageStore.Stored s = messages.storeInbound(m, null, tags);
    to.on(WorkflowEvent.customerWrote(s.conversationId(), s.messageId(), s.opened(), s.mention(), channel, language, urgency, false, List.of(), List.of()));
    return s.conversationId();
  }

  long arrive(String language) {
    return arrive(events, "email", language, "normal", "Question", "Where is my order?");
  }

  String assignee(long conversation) {
    return actions.state(conversation).orElseThrow().assignee();
  }

  Map<String, Integer> countByAssignee() {
    Map<String, Integer> counts = new TreeMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT COALESCE(assignee, '-') FROM conversation").mapTo(String.class)
        .forEach(a -> counts.merge(a, 1, Integer::sum)));
    return counts;
  }

  @Test
  void thirtyConversationsShouldSpreadTenEachOverThreeAgents() {
    configure(List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))), List.of(), List.of(), "support");
    List<String> order = new ArrayList<>();
    long first = arrive("en");
    order.add(assignee(first));
    for (int i = 1; i < 30; i++) {
      order.add(assignee(arrive("en")));
    }
    assertThat(countByAssignee()).containsExactlyInAnyOrderEntriesOf(Map.of("ana", 10, "bea", 10, "cy", 10));
    assertThat(order.subList(0, 6)).containsExactly("ana", "bea", "cy", "ana", "bea", "cy");
    assertThat(actions.activity(first).stream().map(a -> a.actor() + ":" + a.kind() + ":" + a.detail()))
        .containsExactly("routing:assignee:ana");
  }

  @Test
  void twoRoutersOnOneDatabaseShouldShareTurnsFairly() throws Exception {
    configure(List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))), List.of(), List.of(), "support");
    // a second instance: its own store and router over the same database
    WorkflowEvents other = new Router(jdbi, new RoutingStore(jdbi, clock), actions);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (WorkflowEvents instance : List.of(events, other)) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 15; i++) {
            arrive(instance, "email", "en", "normal", "Question", "Where is my order?");
          }
        }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(countByAssignee()).containsExactlyInAnyOrderEntriesOf(Map.of("ana", 10, "bea", 10, "cy", 10));
  }

  @Test
  void thePointerShouldSurviveARestart() {
    configure(List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))), List.of(), List.of(), "support");
    assertThat(assignee(arrive("en"))).isEqualTo("ana");
    // a restarted instance: new store and router, same database
    events = new Router(jdbi, new RoutingStore(jdbi, clock), actions);
    assertThat(assignee(arrive("en"))).isEqualTo("bea");
    assertThat(assignee(arrive("en"))).isEqualTo("cy");
  }

  @Test
  void fullAgentsShouldBeSkippedAndAFullTeamShouldQueue() {
    configure(
        List.of(new Team("support", null, null, List.of("ana", "bea"))),
        List.of(agent("ana", List.of(), 1, true), agent("bea", List.of(), 3, true)),
        List.of(), "support");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.add(assignee(arrive("en")));
    }
    assertThat(got).containsExactly("ana", "bea", "bea", "bea", null);
    long waiting = jdbi.withHandle(h -> h.createQuery("SELECT MAX(id) FROM conversation").mapTo(Long.class).one());
    assertThat(store.unassigned("support")).containsExactly(waiting);
    assertThat(store.placement(waiting).orElseThrow().team()).isEqualTo("support");

    // resolving one of bea's frees a place: the next conversation goes to her
    long beas = jdbi.withHandle(h -> h.createQuery("SELECT MIN(id) FROM conversation WHERE assignee = 'bea'").mapTo(Long.class).one());
    actions.setStatus(beas, "resolved", "bea");
    assertThat(assignee(arrive("en"))).isEqualTo("bea");
  }

  @Test
  void languageSkillsShouldDecideWhoGetsIt() {
    configure(
        List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))),
        List.of(agent("ana", List.of("en"), 10, true), agent("bea", List.of("de", "en"), 10, true), agent("cy", List.of("en"), 10, true)),
        List.of(), "support");
    for (int i = 0; i < 4; i++) {
      assertThat(assignee(arrive("de"))).isEqualTo("bea");
    }
    assertThat(assignee(arrive("fr"))).as("nobody speaks French").isNull();
    assertThat(assignee(arrive(null))).as("unknown language: anyone").isNotNull();
  }

  @Test
  void unavailableAgentsShouldBeSkipped() {
    configure(
        List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))),
        List.of(agent("bea", List.of(), 10, false)),
        List.of(), "support");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(assignee(arrive("en")));
    }
    assertThat(got).containsExactly("ana", "cy", "ana", "cy");
    store.putAgent(new Agent("bea", List.of(), List.of(), 10, true), "admin", "agent.availability");
    assertThat(List.of(assignee(arrive("en")), assignee(arrive("en")))).containsExactly("ana", "bea");
  }

  @Test
  void membersWhoCannotWorkConversationsShouldNeverBePicked() {
    configure(List.of(new Team("support", null, null, List.of("ana", "mo", "nobody"))), List.of(), List.of(), "support");
    for (int i = 0; i < 3; i++) {
      assertThat(assignee(arrive("en"))).isEqualTo("ana");
    }
  }

  @Test
  void rulesShouldRouteByChannelLanguageUrgencyAndWordsFirstMatchWinning() {
    List<Team> teams =
        List.of(
            new Team("support", null, null, List.of("ana")),
            new Team("priority", null, null, List.of("bea")),
            new Team("social", null, null, List.of("cy")),
            new Team("german", null, null, List.of("dov")),
            new Team("billing", null, null, List.of()));
    List<Rule> rules =
        List.of(
            new Rule("urgent first", "priority", null, null, List.of("urgent"), null),
            new Rule("social media", "social", List.of("x", "facebook"), null, null, null),
            new Rule("german", "german", null, List.of("de"), null, null),
            new Rule("money", "billing", null, null, null, List.of("refund", "charged twice")));
    configure(teams, List.of(), rules, "support");

    record Case(String channel, String language, String urgency, String subject, String text, String team) {}
    List<Case> cases =
        List.of(
            new Case("email", "en", "normal", "Hello", "Where is my parcel?", "support"),
            new Case("email", "en", "urgent", "Flight tomorrow", "I need it now", "priority"),
            new Case("x", "de", "urgent", "", "Hilfe!", "priority"),
            new Case("x", "en", "normal", "", "@brand my order?", "social"),
            new Case("facebook", "de", "normal", "", "Wo ist mein Paket?", "social"),
            new Case("email", "de", "normal", "Lieferung", "Wo ist mein Paket?", "german"),
            new Case("email", "en", "high", "Money back", "I want a REFUND please", "billing"),
            new Case("email", "en", "normal", "Card", "You charged twice my card", "billing"),
            new Case("email", "en", "normal", "Refund?", "Is there a policy", "billing"),
            new Case("email", "en", "normal", "Refundable", "Are tickets refundable?", "support"));
    for (Case c : cases) {
      long id = arrive(events, c.channel(), c.language(), c.urgency(), c.subject(), c.text());
      RoutingStore.Placement p = store.placement(id).orElseThrow();
      assertThat(p.team()).as(c.toString()).isEqualTo(c.team());
    }
    long first = jdbi.withHandle(h -> h.createQuery("SELECT MIN(id) FROM conversation").mapTo(Long.class).one());
    assertThat(store.placement(first).orElseThrow().rule()).isEqualTo("default");
    assertThat(store.placement(first + 1).orElseThrow().rule()).isEqualTo("urgent first");
    assertThat(store.unassigned("billing")).hasSize(3);
  }

  @Test
  void withoutTeamsNothingShouldBeRoutedOrAssigned() {
    configure(List.of(), List.of(), List.of(), null);
    long id = arrive("en");
    assertThat(assignee(id)).isNull();
    assertThat(store.placement(id)).isEmpty();
  }

  @Test
  void aSecondSeedShouldChangeNothing() {
    configure(List.of(new Team("support", null, null, List.of("ana"))), List.of(), List.of(), "support");
    WorkflowConfig other =
        new WorkflowConfig(10, List.of(new Team("other", null, null, List.of("bea"))), null, null, "other", null, null);
    assertThat(store.seedIfFirst(other)).isFalse();
    assertThat(store.teams()).extracting(Team::name).containsExactly("support");
    assertThat(Collections.frequency(List.of(store.defaultTeam().orElseThrow()), "support")).isEqualTo(1);
  }

  /** The customer's first message of the conversation, as its workflow event. */
  WorkflowEvent opening(long conversation) {
    long message = jdbi.withHandle(h -> h.createQuery("SELECT MIN(id) FROM message WHERE conversation_id = :c")
        .bind("c", conversation).mapTo(Long.class).one());
    return WorkflowEvent.customerWrote(conversation, message, true, false, "email", "en", "normal", false, List.of(), List.of());
  }

  long count(String sql, long conversation) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("c", conversation).mapTo(Long.class).one());
  }

  @Test
  void anEventDeliveredAgainShouldNotRouteTheConversationAgain() {
    configure(List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))), List.of(), List.of(), "support");
    long c = arrive("en");
    assertThat(assignee(c)).isEqualTo("ana");
    // at least once: the route delivers the event again after a crash
    events.on(opening(c));
    events.on(opening(c));

    assertThat(assignee(c)).isEqualTo("ana");
    assertThat(count("SELECT COUNT(*) FROM conversation_team WHERE conversation_id = :c", c)).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM conversation_activity WHERE conversation_id = :c AND kind = 'assignee'", c)).isEqualTo(1);
    assertThat(assignee(arrive("en"))).as("the replays took no turn").isEqualTo("bea");
  }

  @Test
  void aDeliveryAgainAfterACrashBetweenPlacementAndAssignmentShouldAssignOnce() {
    configure(List.of(new Team("support", null, null, List.of("ana", "bea", "cy"))), List.of(), List.of(), "support");
    InboundMessage m =
        new InboundMessage("email", "email-acct", "<crash@test>", List.of(), null, false,
            "crash@test", "Crash", "Question", "Where is my order?", "Where is my order?", null, Instant.now(), List.of(), List.of(), false);
    long c = messages.storeInbound(m, null, new Tags("en", "neutral", 0.0, "normal", List.of())).conversationId();
    // the first delivery placed the conversation in the team, then the process died
    jdbi.useTransaction(h -> store.placeInTeam(h, c, "support", "default"));
    assertThat(assignee(c)).isNull();

    events.on(opening(c));
    events.on(opening(c));
    assertThat(assignee(c)).isEqualTo("ana");
    assertThat(count("SELECT COUNT(*) FROM conversation_team WHERE conversation_id = :c", c)).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM conversation_activity WHERE conversation_id = :c AND kind = 'assignee'", c)).isEqualTo(1);

    // a person's unassignment is not undone by a late delivery
    actions.assign(c, null, "lee");
    events.on(opening(c));
    assertThat(assignee(c)).isNull();
  }
}
