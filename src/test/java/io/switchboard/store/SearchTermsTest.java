package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.InboxQueries.Filter;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Full-text search through the term index, on a real HSQLDB file database (ADR 0020). */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class SearchTermsTest {
  @Parameter TestStore backend;
  @TempDir Path dir;
  private Database db;
  private MessageStore store;
  private InboxQueries inbox;
  private int seq;

  @BeforeEach
  void open() {
    db = backend.open(dir);
    store = new MessageStore(db.jdbi(), Clock.systemUTC());
    inbox = new InboxQueries(db.jdbi());
  }

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private long in(Long conversation, String handle, String name, String subject, String text) {
    return in("email", conversation, handle, name, subject, text);
  }

  private long in(String channel, Long conversation, String handle, String name, String subject, String text) {
    seq++;
    InboundMessage m =
        new InboundMessage(channel, "support", "search-" + seq, List.of(), "thread-" + seq, false,
            handle, name, subject, text, null, null,
            Instant.parse("2026-01-01T10:00:00Z").plusSeconds(seq * 60L), List.of(), List.of(), false);
    return store.storeInbound(m, conversation, Tags.NONE).conversationId();
  }

  private List<Long> search(String q) {
    return inbox.list(new Filter(null, null, q, 50, 0)).items().stream()
        .map(InboxQueries.ConversationRow::id)
        .sorted()
        .toList();
  }

  @Test
  void tokensShouldBeFoldedSplitAndDeduplicated() {
    assertThat(SearchTerms.terms("Rémboursement, LIEFERUNG!! straße a x2 charger-cable 12345 rémboursement"))
        .containsExactly("remboursement", "lieferung", "strasse", "x2", "charger", "cable", "12345");
    assertThat(SearchTerms.terms("x".repeat(100))).containsExactly("x".repeat(SearchTerms.MAX_LENGTH));
    assertThat(SearchTerms.terms((String) null)).isEmpty();
    // quoted lines of a reply are the words of the message they quote; function words are skipped
    assertThat(SearchTerms.terms("Any news on the refund?\n\nOn Monday you wrote:\n> Your voucher\n>is late"))
        .containsExactly("any", "news", "refund", "monday", "wrote");
  }

  @Test
  void everyWordShouldMatchAsAPrefixAnywhereInTheConversation() {
    long charger = in(null, "ann@example.com", "Ann Lee", "Broken charger", "It smoked yesterday.");
    long parcel = in(null, "bob@example.com", "Bob Stone", "Late parcel", "Where is my charger cable?");
    in(null, "cy@example.com", "Cy Moss", "Invoice", "Please send the invoice again.");

    assertThat(search("charg")).containsExactly(charger, parcel);
    assertThat(search("charger smoked")).containsExactly(charger);
    assertThat(search("CHARGER  cable")).containsExactly(parcel);
    assertThat(search("charger invoice")).isEmpty();
    assertThat(search("the charger")).containsExactly(charger, parcel);
    assertThat(search("smok yest")).containsExactly(charger);
  }

  @Test
  void caseAndAccentsShouldNotMatter() {
    long de = in(null, "kunde@example.de", "Jürgen Groß", "Lieferung", "Wo bleibt meine Lieferung?");
    long fr = in(null, "client@example.fr", "Zoé", "Demande", "Je voudrais un rémboursement.");

    assertThat(search("lieferung")).containsExactly(de);
    assertThat(search("LIEFERUNG")).containsExactly(de);
    assertThat(search("remboursement")).containsExactly(fr);
    assertThat(search("Rémboursement")).containsExactly(fr);
    assertThat(search("juergen")).isEmpty();
    assertThat(search("jurgen gross")).containsExactly(de);
    assertThat(search("zoe")).containsExactly(fr);
  }

  @Test
  void customerNameAndHandleShouldFindTheirConversations() {
    long first = in(null, "femi.okafor@example.com", "Femi Okafor", "Order", "Hello");
    long second = in(null, "femi.okafor@example.com", "Femi Okafor", "Another order", "Hi again");
    in(null, "greta@example.com", "Greta Berg", "Order", "Hello");

    assertThat(search("okafor")).containsExactly(first, second);
    assertThat(search("femi.okafor@example.com")).containsExactly(first, second);
    assertThat(search("okafor another")).containsExactly(second);
    assertThat(search("berg order")).hasSize(1);
  }

  @Test
  void messagesAddedLaterShouldBecomeFindable() {
    long c = in(null, "ann@example.com", "Ann", "Question", "Hello there");
    assertThat(search("warranty")).isEmpty();

    in(c, "ann@example.com", "Ann", "Re: Question", "What about the warranty?");
    assertThat(search("warranty")).containsExactly(c);
    assertThat(search("hello warranty")).containsExactly(c);

    new ConversationActions(db.jdbi(), Clock.systemUTC()).addNote(c, "agent1", "Escalated to logistics");
    assertThat(search("logistics")).containsExactly(c);

    new OutboxStore(db.jdbi(), Clock.systemUTC())
        .queue(c, "email", "support", new OutboxStore.Reply("agent1", "Your voucher is on its way", null, null), null);
    assertThat(search("voucher")).containsExactly(c);

    // the same words again add no second row
    in(c, "ann@example.com", "Ann", "Re: Question", "Hello there, warranty warranty");
    long rows = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT COUNT(*) FROM conversation_term WHERE conversation_id = :c AND term = 'warranty'")
        .bind("c", c).mapTo(Long.class).one());
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void aMergedContactsNameShouldStillFindTheConversations() {
    long mine = in(null, "rosa.silva@example.com", "Rosa Silva", "Refund", "Still waiting");
    long other = in("x", null, "rs1985", "R. Kowalski-Silva", "Parcel", "Where is it");
    long survivor = contactOf(mine);
    long merged = contactOf(other);

    // a merge as one would write it: the conversations and handles move, and every conversation
    // of the survivor learns both names and all handles
    db.jdbi().useTransaction(h -> {
      h.createUpdate("UPDATE conversation SET contact_id = :to WHERE contact_id = :from")
          .bind("to", survivor).bind("from", merged).execute();
      h.createUpdate("UPDATE contact_handle SET contact_id = :to WHERE contact_id = :from")
          .bind("to", survivor).bind("from", merged).execute();
      SearchTerms.indexContact(h, survivor, "Rosa Silva", "R. Kowalski-Silva", "rosa.silva@example.com", "rs1985");
    });

    assertThat(search("kowalski")).containsExactly(mine, other);
    assertThat(search("rs1985")).containsExactly(mine, other);
    assertThat(search("rosa silva")).containsExactly(mine, other);
  }

  @Test
  void inputWithoutWordsShouldMatchNothingAndWildcardsShouldBeNoWildcards() {
    in(null, "ann@example.com", "Ann", "Broken zip", "the zip broke");
    assertThat(search("%")).isEmpty();
    assertThat(search("_")).isEmpty();
    assertThat(search("' OR '1'='1")).isEmpty();
    assertThat(search("z")).isEmpty();
    assertThat(search("zi%p")).hasSize(1); // "zi" and a one-letter "p", which does not count
  }

  private long contactOf(long conversation) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT contact_id FROM conversation WHERE id = :c")
        .bind("c", conversation).mapTo(Long.class).one());
  }
}
