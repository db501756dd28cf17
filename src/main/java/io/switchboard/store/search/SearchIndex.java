package io.switchboard.store.search;

import java.util.Collection;
import java.util.List;

/**
 * A full-text index of conversations (ADR 0037), kept in step with the store by {@link
 * SearchIndexer} from committed message rows. Two implementations with one contract
 * ({@code SearchIndexContract}): {@link LuceneSearchIndex} in the embedded default's data folder,
 * {@link PostgresSearchIndex} in PostgreSQL's own full-text search, shared by every instance.
 *
 * <p>The index holds a cursor: the id of the message up to which every committed message is in
 * it. The cursor and the documents change together ({@link #update}), so after a crash the index
 * is caught up from its cursor, never silently behind. Implementations are thread-safe.
 */
public interface SearchIndex extends AutoCloseable {
  /** One match: a conversation and its score (higher is better). */
  record Hit(long conversationId, float score) {}

  /** Every message up to this id is in the index (0: none). */
  long cursor();

  /**
   * Reads these conversations' documents from the store and replaces theirs in the index, and
   * moves the cursor to {@code cursor}, all at once: after a crash either both happened or neither.
   */
  void update(Collection<Long> conversationIds, long cursor);

  /**
   * Conversations a search ranks at most: when more match, the most recently active of them (ADR
   * 0056), as help desks bound a search over years of mail. Fewer match for nearly every search
   * but a very common word, and those are all ranked.
   */
  int CANDIDATES = 1_000;

  /**
   * Up to {@code max} conversations matching every part of {@code q}, best first, among the
   * {@value #CANDIDATES} most recently active ones that match.
   */
  default List<Hit> search(SearchQuery q, int max) {
    return search(q, max, CANDIDATES);
  }

  /**
   * Up to {@code max} conversations matching every part of {@code q}, best first, among the {@code
   * candidates} that match with the newest last message (the highest message id: {@link
   * SearchDoc#lastMessageId}). When no more than {@code candidates} match, that is every match.
   */
  List<Hit> search(SearchQuery q, int max, int candidates);

  /** Empties the index and sets its cursor to 0 (for a rebuild). */
  void clear();

  /**
   * Drops what was not committed, as a crash would (tests); the index must be opened again to be
   * used. A database-backed index holds nothing uncommitted.
   */
  void crash();

  @Override
  void close();
}
