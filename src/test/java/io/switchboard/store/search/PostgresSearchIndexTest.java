package io.switchboard.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import io.switchboard.support.PostgresCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The search contract on PostgreSQL: its own full-text search (ADR 0037). */
@Tag("postgres")
class PostgresSearchIndexTest extends SearchIndexContract {
  @Override
  Database open(Path dir) {
    return PostgresCluster.shared().newDatabase();
  }

  @Override
  SearchIndex reopen(Database db, Path dir) {
    return new PostgresSearchIndex(db.jdbi());
  }

  @Test
  void aWordInMostConversationsShouldBeReadNewestFirstWithTheSameAnswer() {
    long best = in(null, "ann@example.com", "Ann", "Warranty claim", "My warranty claim for the warranty repair.", "en");
    long newer = in(null, "bob@example.com", "Bob", "Hello", "A question about the warranty.", "en");
    for (int i = 0; i < 8; i++) {
      in(null, "c" + i + "@example.com", "Cy", "Hello", "Where is my warranty card " + i + "?", "en");
    }
    long kettle = in(null, "di@example.com", "Di", "Kettle", "The kettle leaks.", "en");
    db.search().catchUp();
    db.jdbi().useHandle(h -> h.execute("ANALYZE search_doc")); // the planner learns how common each word is
    PostgresSearchIndex index = (PostgresSearchIndex) db.search().index();

    assertThat(index.readsNewestFirst(SearchQuery.parse("warranty"))).isTrue();
    assertThat(index.readsNewestFirst(SearchQuery.parse("kettle"))).isFalse();
    assertThat(index.search(SearchQuery.parse("warranty"), 20)).hasSize(10).first().extracting(SearchIndex.Hit::conversationId)
        .isEqualTo(best);
    assertThat(index.search(SearchQuery.parse("kettle"), 20)).extracting(SearchIndex.Hit::conversationId).containsExactly(kettle);
    assertThat(index.search(SearchQuery.parse("question warranty"), 20, 9)).extracting(SearchIndex.Hit::conversationId)
        .containsExactly(newer);
  }
}
