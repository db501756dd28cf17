package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL's search documents made for ranking only the most recently active matches (ADR 0056):
 * each row gets the id of its conversation's newest message under a btree, so a common word is
 * matched newest first and the reading stops at the candidates; and the {@code tsvector}s are kept
 * out of the row, uncompressed ({@code STORAGE EXTERNAL}, {@code toast_tuple_target} 128), so a
 * row is about 300 bytes instead of 1.3 KB, the table a quarter of its size, and a search that
 * finds its matches through the GIN indexes reads the rows' ids and recency without reading or
 * decompressing their vectors. The documents are dropped and the cursor reset, as V70 did: the
 * search indexer rebuilds them from the store at the next start. HSQLDB (Lucene in the data folder)
 * has nothing to change here: its index is rebuilt at open when it lacks the field.
 */
public class V71__Search_most_recently_active extends BaseJavaMigration {
  /** The columns' suffixes, as {@code PostgresSearchIndex} writes them. */
  private static final String[] COLUMNS = {"en", "de", "fr", "es", "it", "pt", "simple"};

  @Override
  public void migrate(Context context) throws Exception {
    Dialect.onPostgres(context, s -> {
      s.execute("DROP TABLE search_doc");
      StringBuilder create =
          new StringBuilder("CREATE TABLE search_doc (conversation_id BIGINT PRIMARY KEY, last_message_id BIGINT NOT NULL");
      for (String c : COLUMNS) {
        create.append(", doc_").append(c).append(" TSVECTOR NOT NULL");
      }
      s.execute(create.append(") WITH (toast_tuple_target = 128)").toString());
      for (String c : COLUMNS) {
        s.execute("ALTER TABLE search_doc ALTER COLUMN doc_" + c + " SET STORAGE EXTERNAL");
        s.execute("CREATE INDEX search_doc_" + c + " ON search_doc USING GIN (doc_" + c + ")");
      }
      s.execute("CREATE INDEX search_doc_recent ON search_doc (last_message_id)");
      s.execute("UPDATE search_cursor SET last_message_id = 0 WHERE id = 1");
    });
  }
}
