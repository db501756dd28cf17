package io.switchboard.store.search;

import io.switchboard.util.TextFold;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The search index on PostgreSQL: the database's own full-text search, so every instance sharing
 * the database sees one index. {@code search_doc} (V63) holds one {@code tsvector} per
 * conversation under a GIN index: the subject (weight A, in the conversation's language), the
 * customer's name and handles (A, unstemmed), each message's text in its language's configuration
 * ({@code english}, {@code german}, ...; {@code simple} for others) and all text once more unstemmed
 * for prefixes. Text is folded in Java first (lower case, accents off), as the query is, so no
 * extension ({@code unaccent}) is needed.
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
    StringBuilder doc =
        new StringBuilder(
            "INSERT INTO search_doc (conversation_id, doc) VALUES (:id,"
                + " setweight(to_tsvector(CAST(:cfg AS regconfig), :subject) || to_tsvector('simple', :subject), 'A')"
                + " || setweight(to_tsvector('simple', :names), 'A') || to_tsvector('simple', :all)");
    for (Map.Entry<String, String> c : CONFIGS.entrySet()) {
      if (!c.getValue().equals("simple")) {
        doc.append(" || to_tsvector('").append(c.getValue()).append("', :b_").append(c.getKey()).append(")");
      }
    }
    doc.append(") ON CONFLICT (conversation_id) DO UPDATE SET doc = EXCLUDED.doc");
    jdbi.useTransaction(
        h -> {
          h.createQuery("SELECT last_message_id FROM search_cursor WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
          if (!conversationIds.isEmpty()) {
            PreparedBatch batch = h.prepareBatch(doc.toString());
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
              batch
                  .bind("id", d.conversationId())
                  .bind("cfg", CONFIGS.get(Analyzers.suffix(d.language())))
                  .bind("subject", words(d.subject()))
                  .bind("names", words(String.join(" ", d.names())))
                  .bind("all", cut(all));
              bodies.forEach((k, v) -> batch.bind("b_" + k, cut(v)));
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

  @Override
  public List<Hit> search(SearchQuery q, int max) {
    if (q.isEmpty()) {
      return List.of();
    }
    StringBuilder tsq = new StringBuilder();
    for (int i = 0; i < q.parts().size(); i++) {
      SearchQuery.Part p = q.parts().get(i);
      tsq.append(i == 0 ? "(" : " && (");
      String fn = p.phrase() ? "phraseto_tsquery" : "plainto_tsquery";
      int k = 0;
      for (String config : CONFIGS.values()) {
        tsq.append(k++ == 0 ? "" : " || ").append(fn).append("('").append(config).append("', :p").append(i).append(")");
      }
      if (!p.phrase()) {
        tsq.append(" || to_tsquery('simple', :p").append(i).append("pre)");
      }
      tsq.append(")");
    }
    return jdbi.withHandle(
        h -> {
          Query query =
              h.createQuery(
                  "SELECT conversation_id, ts_rank_cd(doc, q) AS r FROM search_doc, (SELECT " + tsq + " AS q) x"
                      + " WHERE doc @@ q ORDER BY r DESC, conversation_id DESC LIMIT :max");
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
          return query.bind("max", max).map((rs, ctx) -> new Hit(rs.getLong(1), rs.getFloat(2))).list();
        });
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
