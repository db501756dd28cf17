package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Search moves off the ingest path (ADR 0037): the term index {@code conversation_term} (V51, V52)
 * goes. On PostgreSQL the index is the database's own full-text search: {@code search_doc}, one
 * {@code tsvector} per conversation under a GIN index, and {@code search_cursor}, the message up
 * to which it is in step (filled by the search indexer from 0 at the first start). The embedded
 * default keeps a Lucene index in the data folder instead, built at the first start.
 */
public class V63__Search_index extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    boolean postgres = Dialect.isPostgres(context);
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("DROP TABLE conversation_term");
      if (postgres) {
        s.execute("CREATE TABLE search_doc (conversation_id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL)");
        s.execute("CREATE INDEX search_doc_words ON search_doc USING GIN (doc)");
        s.execute("CREATE TABLE search_cursor (id INTEGER PRIMARY KEY, last_message_id BIGINT NOT NULL)");
        s.execute("INSERT INTO search_cursor (id, last_message_id) VALUES (1, 0)");
      }
    }
  }
}
