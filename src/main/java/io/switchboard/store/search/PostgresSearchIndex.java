package io.switchboard.store.search;

import io.switchboard.util.TextFold;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The search index on PostgreSQL: the database's own full-text search, so every instance sharing
 * the database sees one index. {@code search_doc} (V70, ADR 0054) holds one row per conversation
 * with one {@code tsvector} per language configuration, each under its own GIN index, as the
 * Lucene index keeps one field per language: {@code doc_en} ... {@code doc_pt} hold the subject
 * (weight A) and messages of that language stemmed by its configuration ({@code english},
 * {@code german}, ...), {@code doc_simple} all text once more unstemmed, with the customer's name
 * and handles and the subject at weight A, for exact words, prefixes and text of other languages.
 * A query word is stemmed by each configuration and matched only against that configuration's
 * column, so the French stem of "charger" does not find English "charged". Text is folded in Java
 * first (lower case, accents off), as the query is, so no extension ({@code unaccent}) is needed.
 *
 * <p>The cursor is a row of {@code search_cursor}, locked while documents are written: indexers of
 * several instances take turns, each reads the documents after taking the lock (so none writes an
 * older picture over a newer one), and the documents and the cursor commit together.
 */
public final class PostgresSearchIndex implements SearchIndex {
  /** PostgreSQL's text search configuration of each inbox language. */
  static final Map<String, String> CONFIGS = configs();

  /** Characters of a conversation's text indexed: a tsvector holds at most 1 MB. */
  static final int MAX_CHARS = 200_000;

  private final Jdbi jdbi;

  public PostgresSearchIndex(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  private static Map<String, String> configs() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("en", "english");
    m.put("de", "german");
    m.put("fr", "french");
    m.put("es", "spanish");
    m.put("it", "italian");
    m.put("pt", "portuguese");
    m.put(Analyzers.OTHER, "simple");
    return m;
  }

  @Override
  public long cursor() {
    return jdbi.withHandle(h -> h.createQuery("SELECT last_message_id FROM search_cursor WHERE id = 1").mapTo(Long.class).one());
  }

  @Override
  public void update(Collection<Long> conversationIds, long cursor) {
    StringBuilder cols = new StringBuilder("conversation_id, last_message_id");
    StringBuilder vals = new StringBuilder(":id, :last");
    StringBuilder set = new StringBuilder("last_message_id = EXCLUDED.last_message_id");
    for (Map.Entry<String, String> c : CONFIGS.entrySet()) {
      String col = column(c.getValue());
      cols.append(", ").append(col);
      if (c.getValue().equals("simple")) {
        vals.append(", setweight(to_tsvector('simple', :subject) || to_tsvector('simple', :names), 'A')")
            .append(" || to_tsvector('simple', :all)");
      } else {
        String k = c.getKey();
        vals.append(", setweight(to_tsvector('").append(c.getValue()).append("', :s_").append(k).append("), 'A')")
            .append(" || to_tsvector('").append(c.getValue()).append("', :b_").append(k).append(")");
      }
      set.append(", ").append(col).append(" = EXCLUDED.").append(col);
    }
    String doc = "INSERT INTO search_doc (" + cols + ") VALUES (" + vals + ") ON CONFLICT (conversation_id) DO UPDATE SET " + set;
    jdbi.useTransaction(
        h -> {
          h.createQuery("SELECT last_message_id FROM search_cursor WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
          if (!conversationIds.isEmpty()) {
            PreparedBatch batch = h.prepareBatch(doc);
            for (SearchDoc d : SearchDocs.read(h, conversationIds)) {
              Map<String, StringBuilder> bodies = new LinkedHashMap<>();
              CONFIGS.keySet().forEach(k -> bodies.put(k, new StringBuilder()));
              StringBuilder all = new StringBuilder();
              for (SearchDoc.Text t : d.texts()) {
                if (all.length() >= MAX_CHARS) {
                  break;
                }
                String text = words(t.text());
                all.append(text).append('\n');
                bodies.get(Analyzers.suffix(t.language() != null ? t.language() : d.language())).append(text).append('\n');
              }
              String subject = words(d.subject());
              String lang = Analyzers.suffix(d.language());
              batch
                  .bind("id", d.conversationId())
                  .bind("last", d.lastMessageId())
                  .bind("subject", subject)
                  .bind("names", words(String.join(" ", d.names())))
                  .bind("all", cut(all));
              for (String k : CONFIGS.keySet()) {
                if (!k.equals(Analyzers.OTHER)) {
                  batch.bind("s_" + k, k.equals(lang) ? subject : "").bind("b_" + k, cut(bodies.get(k)));
                }
              }
              batch.add();
            }
            if (batch.size() > 0) {
              batch.execute();
            }
          }
          h.createUpdate("UPDATE search_cursor SET last_message_id = GREATEST(last_message_id, :c) WHERE id = 1")
              .bind("c", cursor)
              .execute();
        });
  }

  /** The column of {@code search_doc} that holds the text analyzed by {@code config}. */
  static String column(String config) {
    return "doc_" + switch (config) {
      case "english" -> "en";
      case "german" -> "de";
      case "french" -> "fr";
      case "spanish" -> "es";
      case "italian" -> "it";
      case "portuguese" -> "pt";
      default -> "simple";
    };
  }

  /**
   * The text folded, with every run of other characters than letters and digits one space: the
   * words a search splits its input into. PostgreSQL's parser would keep an email address or a host
   * name whole ("femi.okafor@example.com"), so no single word of it would be found.
   */
  static String words(String text) {
    return NOT_WORD.matcher(TextFold.fold(text)).replaceAll(" ");
  }

  private static final java.util.regex.Pattern NOT_WORD = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  private static String cut(CharSequence s) {
    return s.length() > MAX_CHARS ? s.subSequence(0, MAX_CHARS).toString() : s.toString();
  }

  /**
   * Every part must match (a word anywhere in the conversation), each in one of the columns: by its
   * stem in a language's column as that language's configuration stems it, or in the unstemmed
   * column as the word or a prefix. The matches of a part are OR-ed column by column, so PostgreSQL
   * combines the columns' GIN indexes (BitmapOr, then BitmapAnd across parts). The rank adds each
   * column's {@code ts_rank_cd}, the prefix at half weight, as the Lucene index adds its fields'
   * scores (ADR 0054).
   *
   * <p>Only the {@code candidates} most recently active matches are ranked (ADR 0056), read in one
   * of two ways chosen by how many documents the planner expects to match: for all but common words
   * the GIN indexes find every match and the newest are kept; for a common word ("refund" is in two
   * conversations of three) {@code search_doc_recent} is read newest first, each document tested,
   * until there are {@code candidates}, instead of reading and ranking every match.
   */
  @Override
  public List<Hit> search(SearchQuery q, int max, int candidates) {
    if (q.isEmpty()) {
      return List.of();
    }
    Sql sql = sql(q);
    return jdbi.inTransaction(
        h -> {
          boolean newestFirst = newestFirst(h, sql, q);
          // the two plans are two statements, so a plan kept for one is never used for the other
          String recent = newestFirst ? "last_message_id DESC" : "last_message_id + 0 DESC";
          return bind(
                  h.createQuery(
                      "SELECT conversation_id, " + sql.rank() + " AS r FROM (" + sql.matches() + " ORDER BY " + recent
                          + " LIMIT :candidates) d ORDER BY r DESC, conversation_id DESC LIMIT :max"),
                  q)
              .bind("max", max)
              .bind("candidates", candidates)
              .map((rs, ctx) -> new Hit(rs.getLong(1), rs.getFloat(2)))
              .list();
        });
  }

  /** The documents matching a search ({@code matches}) and the rank of one ({@code rank}). */
  private record Sql(String matches, String rank) {}

  private static Sql sql(SearchQuery q) {
    StringBuilder where = new StringBuilder();
    Map<String, StringBuilder> rankQueries = new LinkedHashMap<>();
    StringBuilder prefixes = new StringBuilder();
    for (int i = 0; i < q.parts().size(); i++) {
      SearchQuery.Part p = q.parts().get(i);
      where.append(i == 0 ? "(" : " AND (");
      String fn = p.phrase() ? "phraseto_tsquery" : "plainto_tsquery";
      int k = 0;
      for (String config : CONFIGS.values()) {
        String tsq = fn + "('" + config + "', :p" + i + ")";
        StringBuilder match = new StringBuilder(tsq);
        if (config.equals("simple") && !p.phrase()) {
          String pre = "to_tsquery('simple', :p" + i + "pre)";
          match.insert(0, "(").append(" || ").append(pre).append(")");
          prefixes.append(prefixes.length() == 0 ? "" : " || ").append(pre);
        }
        where.append(k++ == 0 ? "" : " OR ").append(column(config)).append(" @@ ").append(match);
        StringBuilder r = rankQueries.computeIfAbsent(config, c -> new StringBuilder());
        r.append(r.length() == 0 ? "" : " || ").append(tsq);
      }
      where.append(")");
    }
    StringBuilder rank = new StringBuilder();
    rankQueries.forEach(
        (config, tsq) -> rank.append(rank.length() == 0 ? "" : " + ").append("ts_rank_cd(").append(column(config)).append(", ").append(tsq).append(")"));
    if (prefixes.length() > 0) {
      rank.append(" + 0.5 * ts_rank_cd(doc_simple, ").append(prefixes).append(")");
    }
    return new Sql("SELECT * FROM search_doc WHERE " + where, rank.toString());
  }

  /**
   * Sets the transaction's planner to read the matches of {@code q} newest first when the planner
   * expects them in at least {@link #NEWEST_FIRST_SHARE} of the documents, else through the GIN
   * indexes, and says which. The plan is made for these words each time, never by a sequential scan
   * (it would read every document's vectors), and on this process alone: a bounded search is done
   * before parallel workers would have started.
   */
  private static boolean newestFirst(Handle h, Sql sql, SearchQuery q) {
    double documents =
        h.createQuery(
                "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
                    + " set_config('max_parallel_workers_per_gather', '0', true),"
                    + " set_config('enable_seqscan', 'off', true),"
                    + " (SELECT reltuples FROM pg_class WHERE oid = 'search_doc'::regclass)")
            .map((rs, ctx) -> rs.getDouble(4))
            .one();
    double expected = planRows(bind(h.createQuery("EXPLAIN (FORMAT JSON) " + sql.matches()), q).mapTo(String.class).one());
    // reltuples is -1 until the table is first analyzed
    boolean newestFirst = documents > 0 && expected >= NEWEST_FIRST_SHARE * documents;
    h.createQuery("SELECT set_config(:off, 'off', true)")
        .bind("off", newestFirst ? "enable_bitmapscan" : "enable_indexscan")
        .mapTo(String.class)
        .one();
    return newestFirst;
  }

  /** Whether a search for {@code q} reads the documents newest first (tests). */
  boolean readsNewestFirst(SearchQuery q) {
    return jdbi.inTransaction(h -> newestFirst(h, sql(q), q));
  }

  /**
   * Documents a search must match, as a share of all, above which it reads them newest first and
   * stops at the candidates; below it, it finds them through the GIN indexes and keeps the newest.
   * At 1,000,000 messages reading newest first cost 13-20 ms for words in 57-99 % of documents and
   * 46-94 ms for 12-17 %, where the GIN indexes cost 45-65 ms, and 700 ms for 3 % (ADR 0056).
   */
  static final double NEWEST_FIRST_SHARE = 0.2;

  private static final java.util.regex.Pattern PLAN_ROWS = java.util.regex.Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

  /** The planner's estimate of the rows of a plan's top node, from {@code EXPLAIN (FORMAT JSON)}. */
  static double planRows(String json) {
    java.util.regex.Matcher m = PLAN_ROWS.matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The words of each part bound to the query's parameters. */
  private static Query bind(Query query, SearchQuery q) {
    for (int i = 0; i < q.parts().size(); i++) {
      SearchQuery.Part p = q.parts().get(i);
      String folded = String.join(" ", p.folded());
      query.bind("p" + i, folded);
      if (!p.phrase()) {
        // letters and digits only, so no tsquery syntax reaches to_tsquery
        String word = folded.replaceAll("[^\\p{L}\\p{N}]", "");
        query.bind("p" + i + "pre", word.isEmpty() ? "" : word + ":*");
      }
    }
    return query;
  }

  @Override
  public void clear() {
    jdbi.useTransaction(
        h -> {
          h.createQuery("SELECT last_message_id FROM search_cursor WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
          h.execute("DELETE FROM search_doc");
          h.execute("UPDATE search_cursor SET last_message_id = 0 WHERE id = 1");
        });
  }

  @Override
  public void crash() {
    // nothing uncommitted lives outside the database's transactions
  }

  @Override
  public void close() {}
}
