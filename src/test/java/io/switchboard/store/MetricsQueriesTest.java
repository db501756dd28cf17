package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.support.Inbound;
import io.switchboard.support.TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The gauges' queries of {@code GET /metrics} on a real database (ADR 0081). */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class MetricsQueriesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Parameter TestStore backend;
  @TempDir Path dir;
  private Database db;
  private MessageStore store;
  private int seq;

  @BeforeEach
  void open() {
    db = backend.open(dir);
    store = new MessageStore(db.jdbi(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private long in(String account, Long conversation, int minute) {
    seq++;
    InboundMessage m =
        Inbound.email(account, "metrics-" + seq, "thread-" + seq, "ann@example.com", "Ann", "Order", "message " + seq,
            T0.plusSeconds(minute * 60L));
    return store.storeInbound(m, conversation, new Tags("en", null, null, null, List.of())).conversationId();
  }

  /** Our reply, counted on its conversation as the outbox counts it. */
  private void reply(long conversation, int minute) {
    Instant at = T0.plusSeconds(minute * 60L);
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO message (conversation_id, direction, text, sent_at, created_at) VALUES (?, 'out', 'ok', ?, ?)",
          conversation, Sql.ts(at), Sql.ts(at));
      MessageStore.touchConversation(h, conversation, at, at);
    });
  }

  private Map<String, Instant> newest(String... accounts) {
    return new MetricsQueries(db.jdbi()).newestInbound(Arrays.asList(accounts)).stream()
        .filter(n -> n.at() != null)
        .collect(Collectors.toMap(MetricsQueries.Newest::account, MetricsQueries.Newest::at));
  }

  @Test
  void theNewestCustomerMessageOfEachAccountIsFoundAndOurRepliesDoNotCount() {
    long first = in("support", null, 10);
    in("support", null, 20);
    in("support", first, 30); // a follow-up on the older conversation is the newest
    in("sales", null, 5);
    reply(first, 50);
    in("support", first, 25); // delivered late: older than what the account has already

    assertThat(newest("support", "sales", "quiet"))
        .containsOnly(Map.entry("support", T0.plusSeconds(30 * 60L)), Map.entry("sales", T0.plusSeconds(5 * 60L)));
    assertThat(new MetricsQueries(db.jdbi()).newestInbound(List.of("quiet")))
        .containsExactly(new MetricsQueries.Newest("quiet", null));
  }

  @Test
  void outboxesAreCountedByStateWithEveryStateListed() {
    long c = in("support", null, 1);
    String[] states = {"done", "done", "done", "pending", "parked", "done"};
    db.jdbi().useHandle(h -> {
      for (String state : states) {
        h.execute("INSERT INTO workflow_event (kind, conversation_id, payload, created_at, state, attempts, next_attempt_at)"
            + " VALUES ('message-in', ?, '{}', ?, ?, 0, ?)", c, Sql.ts(T0), state, Sql.ts(T0));
      }
    });
    MetricsQueries queries = new MetricsQueries(db.jdbi());
    // the store wrote one event for the message it stored: handled or not, it is counted
    long stored = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workflow_event").mapTo(Long.class).one());
    assertThat(queries.states("workflow_event")).containsExactly(
        Map.entry("pending", stored - 5), Map.entry("done", 4L), Map.entry("parked", 1L));
    assertThat(queries.states("webhook_delivery"))
        .containsExactly(Map.entry("pending", 0L), Map.entry("delivered", 0L), Map.entry("dead", 0L));
  }

  @Test
  void theMigrationFillsTheColumnAsTheStoreKeepsIt() throws IOException {
    long a = in("support", null, 10);
    in("support", a, 40);
    reply(a, 50);
    in("sales", null, 5);
    Map<String, Instant> kept = newest("support", "sales");

    // the statement an upgraded database ran over the conversations it had (V78)
    String sql;
    try (var in = MetricsQueriesTest.class.getResourceAsStream("/db/migration/V78__conversation_last_inbound.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String update = Arrays.stream(sql.split(";")).map(s -> s.replaceAll("(?m)^--.*$", "").strip())
        .filter(s -> s.startsWith("UPDATE")).findFirst().orElseThrow();
    db.jdbi().useHandle(h -> {
      h.execute("UPDATE conversation SET last_inbound_at = NULL");
      h.execute(update);
    });

    assertThat(newest("support", "sales")).isEqualTo(kept)
        .containsEntry("support", T0.plusSeconds(40 * 60L)).containsEntry("sales", T0.plusSeconds(5 * 60L));
  }
}
