package io.switchboard.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void anIndexWrittenBeforeDocumentsKnewTheirLastMessageShouldBeIndexedAgain(@TempDir Path older) throws IOException {
    // as an earlier version left it: documents without the last message's id, the cursor alone in the commit
    try (Directory d = FSDirectory.open(older); IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField("id", "1", StringField.Store.NO));
      w.addDocument(doc);
      w.setLiveCommitData(Map.of("cursor", "7").entrySet());
      w.commit();
    }

    try (LuceneSearchIndex index = new LuceneSearchIndex(db.jdbi(), older)) {
      assertThat(index.cursor()).isZero(); // the indexer catches it up from the first message
      assertThat(index.size()).isZero();
    }
  }
}
