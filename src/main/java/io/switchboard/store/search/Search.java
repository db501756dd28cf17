package io.switchboard.store.search;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Search as the inbox uses it (ADR 0037): the index of the store ({@link LuceneSearchIndex} or
 * {@link PostgresSearchIndex}), its {@link SearchIndexer}, and the marked fragments of a page.
 * The {@code search-index} route polls the indexer (its first poll after a start catches the index
 * up); a search first indexes what was committed since (a bounded step), so an agent finds a
 * message as soon as its commit returned, and a search never reads an index silently behind.
 */
public final class Search implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Search.class);

  private final SearchIndex index;
  private final SearchIndexer indexer;
  private final Snippets snippets;
  private volatile boolean caughtUpOnce;

  public Search(Jdbi jdbi, SearchIndex index, Clock clock) {
    this.index = index;
    this.indexer = new SearchIndexer(jdbi, index, clock);
    this.snippets = new Snippets(jdbi);
  }

  /**
   * The search of a store: PostgreSQL's own when {@code postgres}, else Lucene in {@code dir} (in
   * memory when null). An index ahead of the store (the database was replaced) is rebuilt.
   */
  public static Search open(Jdbi jdbi, boolean postgres, Path dir) {
    SearchIndex index = postgres ? new PostgresSearchIndex(jdbi) : new LuceneSearchIndex(jdbi, dir);
    Search s = new Search(jdbi, index, Clock.systemUTC());
    if (index.cursor() > s.indexer.newestMessage()) {
      LOG.warn("search index is ahead of the store (cursor {}): rebuilding", index.cursor());
      index.clear();
    }
    return s;
  }

  public SearchIndex index() {
    return index;
  }

  /** Up to {@code max} conversations matching {@code q}, best first. */
  public List<SearchIndex.Hit> find(String q, int max) {
    indexer.poll();
    return index.search(SearchQuery.parse(q), max);
  }

  /** The fragment of each of these conversations with the words of {@code q} marked. */
  public Map<Long, String> highlights(String q, List<Long> conversationIds) {
    return snippets.of(SearchQuery.parse(q), conversationIds);
  }

  /**
   * The route's step: indexes everything committed since the last poll, so the route's first poll
   * after a start (or a crash) catches the index up before its next, without delaying the start.
   */
  public long poll() {
    return catchUp();
  }

  /** Indexes everything committed since the index's cursor (at start); messages read. */
  public long catchUp() {
    if (!caughtUpOnce) {
      // how far behind, said once after a start; not at every poll, where the newest id cost a
      // read of the message table twice a second (a twelfth of the daemon's CPU while ingesting)
      caughtUpOnce = true;
      long behind = indexer.newestMessage() - index.cursor();
      if (behind > SearchIndexer.BATCH) {
        LOG.info("search index: catching up about {} messages", behind);
      }
    }
    return indexer.catchUp();
  }

  /** Empties the index and indexes every conversation again; messages read. */
  public long rebuild() {
    return indexer.rebuild();
  }

  @Override
  public void close() {
    index.close();
  }
}
