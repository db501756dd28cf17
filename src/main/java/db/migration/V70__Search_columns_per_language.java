package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL's search documents get one {@code tsvector} per language configuration (ADR 0054):
 * {@code doc_en} ... {@code doc_pt} hold the text of that language stemmed by its configuration,
 * {@code doc_simple} all text unstemmed (names, subjects, messages, for exact words and prefixes),
 * each under its own GIN index, so a query word's stem matches only text of the language whose
 * stemmer made it. The documents are dropped and the cursor reset: the search indexer rebuilds
 * them from the store at the next start. HSQLDB (Lucene in the data folder) has nothing to change.
 */
public class V70__Search_columns_per_language extends BaseJavaMigration {
  /** The columns' suffixes, as {@code PostgresSearchIndex} writes them. */
  private static final String[] COLUMNS = {"en", "de", "fr", "es", "it", "pt", "simple"};

  @Override
  public void migrate(Context context) throws Exception {
    Dialect.onPostgres(context, s -> {
      s.execute("DROP TABLE search_doc");
      StringBuilder create = new StringBuilder("CREATE TABLE search_doc (conversation_id BIGINT PRIMARY KEY");
      for (String c : COLUMNS) {
        create.append(", doc_").append(c).append(" TSVECTOR NOT NULL");
      }
      s.execute(create.append(")").toString());
      for (String c : COLUMNS) {
        s.execute("CREATE INDEX search_doc_" + c + " ON search_doc USING GIN (doc_" + c + ")");
      }
      s.execute("UPDATE search_cursor SET last_message_id = 0 WHERE id = 1");
    });
  }
}
