package io.switchboard.store.search;

import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import java.nio.file.Path;

/** The search contract on the embedded default: Lucene in the data folder, HSQLDB beside it. */
class LuceneSearchIndexTest extends SearchIndexContract {
  @Override
  Database open(Path dir) {
    return HsqldbTemplate.open(dir);
  }

  @Override
  SearchIndex reopen(Database db, Path dir) {
    return new LuceneSearchIndex(db.jdbi(), dir.resolve("search"));
  }
}
