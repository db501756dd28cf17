package io.switchboard.store.search;

import io.switchboard.store.Database;
import io.switchboard.support.PostgresCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

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
}
