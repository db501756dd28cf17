package io.switchboard.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.Database;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.InboxQueries.ConversationRow;
import io.switchboard.store.InboxQueries.Filter;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.support.Inbound;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SearchIndex} guarantees, as an agent sees it through the inbox list (ADR 0037):
 * stemming in the six inbox languages, case and accents folded, prefixes, phrases, ranking, marked
 * words, every word anywhere in the conversation, and an index that catches up after a crash
 * between the store's commit and its own update. Each store's test implements {@link #open} and
 * {@link #reopen}.
 */
abstract class SearchIndexContract {
  @TempDir Path dir;
  Database db;
  private MessageStore store;
  private InboxQueries inbox;
  private int seq;

  /** A new, empty, migrated database of the store under test. */
  abstract Database open(Path dir);

  /** The store's index opened anew over the same database, as at a restart. */
  abstract SearchIndex reopen(Database db, Path dir);

  @BeforeEach
  void start() {
    db = open(dir);
    store = new MessageStore(db.jdbi(), Clock.systemUTC());
    inbox = new InboxQueries(db.jdbi(), db.search());
  }

  @AfterEach
  void stop() {
    if (db != null) {
      db.close();
    }
  }

  long in(Long conversation, String handle, String name, String subject, String text, String language) {
    return stored(conversation, handle, name, subject, text, language).conversationId();
  }

  private MessageStore.Stored stored(Long conversation, String handle, String name, String subject, String text, String language) {
    seq++;
    InboundMessage m =
        Inbound.email("support", "search-" + seq, "thread-" + seq, handle, name, subject, text,
            Instant.parse("2026-01-01T10:00:00Z").plusSeconds(seq * 60L));
    return store.storeInbound(m, conversation, new Tags(language, null, null, null, List.of()));
  }

  private List<ConversationRow> rows(String q) {
    return inbox.list(new Filter(null, null, q, 50, 0)).items();
  }

  /** The conversations found, best first. */
  private List<Long> search(String q) {
    return rows(q).stream().map(ConversationRow::id).toList();
  }

  @Test
  void aWordShouldFindItsOtherFormsInEachInboxLanguage() {
    long en = in(null, "ann@example.com", "Ann", "Money back", "I want a refund for the broken kettle.", "en");
    long de = in(null, "jo@example.de", "Jo", "Geld zurück", "Wann kommen die Erstattungen?", "de");
    long fr = in(null, "lu@example.fr", "Lu", "Colis", "Les livraisons sont toujours en retard.", "fr");
    long es = in(null, "pe@example.es", "Pe", "Cobro", "Necesito las facturas de marzo.", "es");
    long it = in(null, "gi@example.it", "Gi", "Soldi", "Aspetto ancora i rimborsi.", "it");
    long pt = in(null, "ma@example.pt", "Ma", "Pedido", "As minhas encomendas chegaram abertas.", "pt");

    assertThat(search("refunds")).containsExactly(en);
    assertThat(search("Erstattung")).containsExactly(de);
    assertThat(search("livraison")).containsExactly(fr);
    assertThat(search("factura")).containsExactly(es);
    assertThat(search("rimborso")).containsExactly(it);
    assertThat(search("encomenda")).containsExactly(pt);
  }

  @Test
  void aStemShouldOnlyMatchTextOfTheLanguageWhoseStemmerMadeIt() {
    // French stems "charger" to "charg", as English stems "charged": the French stem must not find English text
    long en = in(null, "ann@example.com", "Ann", "Card", "I was charged twice for one order.", "en");
    long fr = in(null, "lu@example.fr", "Lu", "Téléphone", "Je n'arrive plus à charger mon téléphone.", "fr");

    assertThat(search("charger")).containsExactly(fr);
    assertThat(search("charged")).containsExactly(en);
    assertThat(search("charg")).containsExactlyInAnyOrder(en, fr); // a prefix still finds both
  }

  @Test
  void caseAndAccentsShouldNotMatter() {
    long de = in(null, "kunde@example.de", "Jürgen Groß", "Lieferung", "Wo bleibt meine Lieferung?", "de");
    long fr = in(null, "client@example.fr", "Zoé", "Demande", "Je voudrais un rémboursement.", "fr");

    assertThat(search("LIEFERUNG")).containsExactly(de);
    assertThat(search("remboursement")).containsExactly(fr);
    assertThat(search("Rémboursement")).containsExactly(fr);
    assertThat(search("REMBOURSEMENT")).containsExactly(fr);
    assertThat(search("jurgen")).containsExactly(de);
    assertThat(search("zoe")).containsExactly(fr);
  }

  @Test
  void aWordShouldAlsoMatchAsAPrefix() {
    long charger = in(null, "ann@example.com", "Ann Lee", "Broken charger", "It smoked yesterday.", "en");
    long parcel = in(null, "bob@example.com", "Bob Stone", "Late parcel", "Where is my charger cable?", "en");
    in(null, "cy@example.com", "Cy Moss", "Invoice", "Please send the invoice again.", "en");

    assertThat(search("charg")).containsExactlyInAnyOrder(charger, parcel);
    assertThat(search("smok yest")).containsExactly(charger);
    assertThat(search("charger invoice")).isEmpty();
  }

  @Test
  void aQuotedPhraseShouldMatchItsWordsInARow() {
    long phrase = in(null, "ann@example.com", "Ann", "Order 1", "This is a late delivery again.", "en");
    long apart = in(null, "bob@example.com", "Bob", "Order 2", "The delivery was late again.", "en");

    assertThat(search("late delivery")).containsExactlyInAnyOrder(phrase, apart);
    assertThat(search("\"late delivery\"")).containsExactly(phrase);
  }

  @Test
  void everyWordShouldMatchAnywhereInTheConversation() {
    long mine = in(null, "femi.okafor@example.com", "Femi Okafor", "Order", "Where is my refund?", "en");
    in(null, "greta@example.com", "Greta Berg", "Order", "Where is my refund?", "en");

    assertThat(search("okafor refund")).containsExactly(mine);
    assertThat(search("the okafor")).containsExactly(mine); // function words are dropped
    assertThat(search("femi.okafor@example.com")).containsExactly(mine);
  }

  @Test
  void betterMatchesShouldRankFirst() {
    long best = in(null, "ann@example.com", "Ann", "Warranty claim", "My warranty claim for the warranty repair.", "en");
    long weak =
        in(null, "bob@example.com", "Bob", "Hello",
            "A long message about many things: the weather, the parcel, the invoice, the colour of the box,"
                + " the courier, and at the very end the warranty.", "en");

    assertThat(search("warranty")).containsExactly(best, weak); // the newer one is second
  }

  @Test
  void aWordMatchingMoreThanTheCandidatesShouldRankTheMostRecentlyActive() {
    long old = in(null, "ann@example.com", "Ann", "Warranty claim", "My warranty claim for the warranty repair.", "en");
    long a = in(null, "bob@example.com", "Bob", "Hello", "A question about the warranty.", "en");
    long b = in(null, "cy@example.com", "Cy", "Hello", "Another question about the warranty.", "en");
    long c = in(null, "di@example.com", "Di", "Hello", "One more question about the warranty.", "en");
    assertThat(search("warranty")).hasSize(4).first().isEqualTo(old); // within the candidates: all ranked
    SearchIndex index = db.search().index();

    assertThat(index.search(SearchQuery.parse("warranty"), 10, 3)).extracting(SearchIndex.Hit::conversationId)
        .containsExactlyInAnyOrder(a, b, c);

    in(old, "ann@example.com", "Ann", "Re: Warranty claim", "Any news?", "en"); // active again
    db.search().catchUp();
    List<Long> found = index.search(SearchQuery.parse("warranty"), 10, 3).stream().map(SearchIndex.Hit::conversationId).toList();
    assertThat(found).containsExactlyInAnyOrder(old, b, c);
    assertThat(found.get(0)).isEqualTo(old);
  }

  @Test
  void theListShouldMarkTheMatchingWords() {
    long c = in(null, "ann@example.com", "Ann", "Money", "Any news on my <b>refunds</b>? I asked twice.", "en");

    ConversationRow row = rows("refund").get(0);
    assertThat(row.id()).isEqualTo(c);
    assertThat(row.highlight()).contains("<mark>refunds</mark>").contains("&lt;b&gt;").doesNotContain("<b>");
    assertThat(rows("twi").get(0).highlight()).contains("<mark>twice</mark>");
  }

  @Test
  void theMarkShouldComeFromTheLatestTextThatHasAWordOfTheSearch() {
    long c = in(null, "okafor@example.com", "Chidi Okafor", "Broken zip", "The charger smoked after an hour.", "en");
    in(c, "okafor@example.com", "Chidi Okafor", "Re: Broken zip", "Any news?", "en");
    long de = in(null, "jonas@example.com", "Jonas", "Geld", "Wo bleiben meine Erstattungen für den Rückversand?", "de");

    assertThat(rows("charger").get(0).highlight()).contains("<mark>charger</mark>").contains("smoked");
    assertThat(rows("\"charger smoked\"").get(0).highlight()).contains("<mark>charger</mark> <mark>smoked</mark>");
    assertThat(rows("zip").get(0).highlight()).isEqualTo("Broken <mark>zip</mark>"); // in the subject alone
    assertThat(rows("okafor")).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(c);
      assertThat(r.highlight()).isNull(); // the name matched: no text to mark
    });
    ConversationRow german = rows("erstattung ruckversand").get(0);
    assertThat(german.id()).isEqualTo(de);
    assertThat(german.highlight()).contains("<mark>Erstattungen</mark>").contains("<mark>Rückversand</mark>");
  }

  @Test
  void messagesRepliesAndNotesAddedLaterShouldBeFound() {
    long c = in(null, "ann@example.com", "Ann", "Question", "Hello there", "en");
    assertThat(search("warranty")).isEmpty();

    in(c, "ann@example.com", "Ann", "Re: Question", "What about the warranty?", "en");
    assertThat(search("warranty")).containsExactly(c);

    new ConversationActions(db.jdbi(), Clock.systemUTC()).addNote(c, "agent1", "Escalated to logistics");
    assertThat(search("logistics")).containsExactly(c);

    new OutboxStore(db.jdbi(), Clock.systemUTC())
        .queue(c, "email", "support", new OutboxStore.Reply("agent1", "Your voucher is on its way", null, null), null);
    assertThat(search("voucher")).containsExactly(c);
  }

  @Test
  void searchShouldCombineWithTheListsFilters() {
    long open = in(null, "ann@example.com", "Ann", "Refund", "refund please", "en");
    long closed = in(null, "bob@example.com", "Bob", "Refund", "refund please", "en");
    new ConversationActions(db.jdbi(), Clock.systemUTC()).setStatus(closed, "closed", "agent1");

    assertThat(inbox.list(new Filter(null, "open", "refund", 50, 0)).items()).extracting(ConversationRow::id).containsExactly(open);
    assertThat(inbox.list(new Filter(null, null, "refund", 50, 0)).total()).isEqualTo(2);
    assertThat(inbox.list(new Filter(null, null, "refund", 1, 1)).items()).hasSize(1);
  }

  @Test
  void inputWithoutWordsShouldMatchNothing() {
    in(null, "ann@example.com", "Ann", "Broken zip", "the zip broke", "en");
    assertThat(search("%")).isEmpty();
    assertThat(search("' OR '1'='1")).isEmpty();
    assertThat(search("\"")).isEmpty();
    assertThat(search("zip:* & !x")).hasSize(1);
  }

  @Test
  void aCrashBetweenTheStoresCommitAndTheIndexUpdateShouldBeCaughtUp() {
    long before = in(null, "ann@example.com", "Ann", "Parcel", "Where is the parcel?", "en");
    assertThat(search("parcel")).containsExactly(before);
    // committed in the store; the process dies before the index learns of it
    MessageStore.Stored after = stored(null, "bob@example.com", "Bob", "Kettle", "The kettle leaks.", "en");
    db.search().index().crash();

    try (SearchIndex index = reopen(db, dir)) {
      assertThat(index.cursor()).isLessThan(after.messageId());
      assertThat(index.search(SearchQuery.parse("kettle"), 10)).isEmpty();

      Search restarted = new Search(db.jdbi(), index, Clock.systemUTC());
      assertThat(restarted.catchUp()).isPositive(); // as the daemon does at start
      assertThat(index.cursor()).isGreaterThanOrEqualTo(after.messageId());
      assertThat(index.search(SearchQuery.parse("kettle"), 10)).extracting(SearchIndex.Hit::conversationId)
          .containsExactly(after.conversationId());
      assertThat(index.search(SearchQuery.parse("parcel"), 10)).extracting(SearchIndex.Hit::conversationId)
          .containsExactly(before);
    }
  }

  @Test
  void aRebuildShouldIndexEverythingAgain() {
    long a = in(null, "ann@example.com", "Ann", "Parcel", "Where is the parcel?", "en");
    long b = in(null, "bob@example.com", "Bob", "Kettle", "The kettle leaks.", "en");
    assertThat(search("kettle")).containsExactly(b);

    assertThat(db.search().rebuild()).isEqualTo(2);
    assertThat(search("parcel")).containsExactly(a);
    assertThat(search("kettle")).containsExactly(b);
  }
}
