package io.switchboard.store.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps a {@link SearchIndex} in step with the store from committed {@code message} rows, off the
 * ingest path: every message written (customer's, reply, note) is a committed change of its
 * conversation's document, and message ids only grow. Each {@link #poll} reads the messages after
 * the last one seen and re-indexes their conversations.
 *
 * <p>Ids are taken when a row is inserted but become visible when its transaction commits, so a
 * missing id below the last one seen may still come (a transaction in flight) or never (rolled
 * back). Such gaps are looked for again at every poll for {@value #GAP_SECONDS} s; the index's
 * cursor stays below the oldest open gap, so after a crash the index is caught up from there
 * (conversations indexed twice are harmless: a document is replaced whole). One instance of this
 * class per index; its methods are synchronized.
 */
public final class SearchIndexer {
  static final int GAP_SECONDS = 60;
  /** Messages read per poll. */
  static final int BATCH = 2_000;
  /** A hole wider than this is a jump of the id sequence (a crash, a cache), not transactions. */
  static final int MAX_GAP = 1_000;

  private final Jdbi jdbi;
  private final SearchIndex index;
  private final Clock clock;
  private long seen;
  private final TreeMap<Long, Instant> gaps = new TreeMap<>();

  public SearchIndexer(Jdbi jdbi, SearchIndex index, Clock clock) {
    this.jdbi = jdbi;
    this.index = index;
    this.clock = clock;
  }

  /** Indexes what was committed since the last poll, up to {@value #BATCH} messages; how many. */
  public synchronized int poll() {
    long persisted = index.cursor();
    if (persisted > seen) {
      seen = persisted; // the first poll, or another instance went ahead (PostgreSQL)
    }
    long after = seen;
    List<long[]> rows =
        jdbi.withHandle(
            h -> {
              List<long[]> out =
                  new ArrayList<>(
                      h.createQuery("SELECT id, conversation_id FROM message WHERE id > :after ORDER BY id FETCH FIRST :n ROWS ONLY")
                          .bind("after", after)
                          .bind("n", BATCH)
                          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                          .list());
              if (!gaps.isEmpty()) {
                out.addAll(
                    h.createQuery("SELECT id, conversation_id FROM message WHERE id IN (<ids>)")
                        .bindList("ids", List.copyOf(gaps.keySet()))
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .list());
              }
              return out;
            });
    Instant now = clock.instant();
    Set<Long> conversations = new LinkedHashSet<>();
    long expected = seen + 1;
    long last = seen;
    for (long[] r : rows) {
      conversations.add(r[1]);
      if (gaps.remove(r[0]) != null || r[0] <= seen) {
        continue;
      }
      if (r[0] > expected && r[0] - expected <= MAX_GAP && seen > 0) {
        for (long g = expected; g < r[0]; g++) {
          gaps.put(g, now);
        }
      }
      expected = r[0] + 1;
      last = Math.max(last, r[0]);
    }
    for (Iterator<Map.Entry<Long, Instant>> it = gaps.entrySet().iterator(); it.hasNext(); ) {
      if (Duration.between(it.next().getValue(), now).toSeconds() >= GAP_SECONDS) {
        it.remove(); // rolled back: it will not come
      }
    }
    long cursor = gaps.isEmpty() ? last : Math.min(last, gaps.firstKey() - 1);
    if (!conversations.isEmpty() || cursor > persisted) {
      index.update(conversations, Math.max(cursor, persisted));
    }
    seen = last;
    return rows.size();
  }

  /** Polls until nothing is left to index; the number of messages read. */
  public synchronized long catchUp() {
    long total = 0;
    int n;
    do {
      n = poll();
      total += n;
    } while (n >= BATCH);
    return total;
  }

  /** Empties the index and indexes every conversation again; the number of messages read. */
  public synchronized long rebuild() {
    index.clear();
    seen = 0;
    gaps.clear();
    return catchUp();
  }

  /** The newest message id of the store (0 when none). */
  long newestMessage() {
    return jdbi.withHandle(h -> io.switchboard.store.Sql.maxId(h, "message"));
  }
}
