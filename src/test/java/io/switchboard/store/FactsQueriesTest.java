package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.support.Inbound;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What tagging learns of a message's contact and conversation, on a real database. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class FactsQueriesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Parameter TestStore backend;
  @TempDir Path dir;
  private Database db;
  private MessageStore store;
  private FactsQueries facts;
  private int seq;

  @BeforeEach
  void open() {
    db = backend.open(dir);
    store = new MessageStore(db.jdbi(), Clock.systemUTC());
    facts = new FactsQueries(db.jdbi());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private MessageStore.Stored in(Long conversation, String sentiment) {
    seq++;
    InboundMessage m =
        Inbound.email("support", "facts-" + seq, "thread", "ann@example.com", "Ann", "Order", "message " + seq,
            T0.plusSeconds(seq * 60L));
    return store.storeInbound(m, conversation, new Tags("en", sentiment, 0.8, "normal", List.of()));
  }

  private void reply(long conversation) {
    seq++;
    db.jdbi().useHandle(h -> h.execute(
        "INSERT INTO message (conversation_id, direction, text, sent_at, created_at) VALUES (?, 'out', 'ok', ?, ?)",
        conversation, Sql.ts(T0.plusSeconds(seq * 60L)), Sql.ts(T0.plusSeconds(seq * 60L))));
  }

  @Test
  void anUnknownContactAndANewConversationShouldHaveNoFacts() {
    FactsQueries.Facts f = facts.facts("email", "bob@example.com", null);
    assertThat(f).isEqualTo(new FactsQueries.Facts(0, null, Set.of(), null, null, null));
  }

  @Test
  void factsShouldGiveTheContactsTagsAndLanguageAndTheMessagesSinceTheLastReply() {
    long c = in(null, "negative").conversationId();
    FactsQueries.Facts untagged = facts.facts("email", "ann@example.com", null);
    assertThat(untagged.contactTags()).isEmpty();
    assertThat(untagged.contactLanguage()).isNull();

    long contact = db.jdbi().withHandle(h -> h.createQuery("SELECT contact_id FROM conversation WHERE id = :c")
        .bind("c", c).mapTo(Long.class).one());
    db.jdbi().useHandle(h -> {
      h.execute("UPDATE contact SET language = 'de' WHERE id = ?", contact);
      h.execute("INSERT INTO contact_tag (contact_id, tag) VALUES (?, 'vip')", contact);
      h.execute("INSERT INTO contact_tag (contact_id, tag) VALUES (?, 'press')", contact);
    });
    in(c, "negative");
    reply(c);
    in(c, "neutral");
    in(c, "neutral");

    FactsQueries.Facts f = facts.facts("email", "ann@example.com", c);
    assertThat(f.contactTags()).containsExactly("press", "vip");
    assertThat(f.contactLanguage()).isEqualTo("de");
    // the two messages after the reply, from the first of them
    assertThat(f.unanswered()).isEqualTo(2);
    assertThat(f.firstUnansweredAt()).isEqualTo(T0.plusSeconds(4 * 60L));
    assertThat(f.sentiment()).isEqualTo("negative");
  }

  @Test
  void aConversationWithoutAReplyShouldCountEveryCustomerMessage() {
    long c = in(null, "neutral").conversationId();
    in(c, "neutral");
    FactsQueries.Facts f = facts.facts("email", "ann@example.com", c);
    assertThat(f.unanswered()).isEqualTo(2);
    assertThat(f.firstUnansweredAt()).isEqualTo(T0.plusSeconds(60L));
    assertThat(f.sentiment()).isEqualTo("neutral");
    assertThat(f.sentimentScore()).isNotNull();
  }
}
