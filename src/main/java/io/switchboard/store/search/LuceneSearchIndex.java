package io.switchboard.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jdbi.v3.core.Jdbi;

/**
 * The search index of the embedded default: a Lucene index in {@code DATA/search}, one document per
 * conversation. The cursor is the commit's user data, written in the same Lucene commit as the
 * documents, so the index on disk is always a consistent picture of the store up to its cursor.
 * A newer commit of the store than the index shows is caught up by {@link SearchIndexer}. An index
 * written by an older version without a field this one searches ({@value #FORMAT} in the commit's
 * user data) is emptied at open and rebuilt by the same catch-up.
 */
public final class LuceneSearchIndex implements SearchIndex {
  private static final String ID = "id";
  private static final String CURSOR = "cursor";
  /** The newest message's id of the conversation, for the most recently active (ADR 0056). */
  private static final String LAST = "last";
  /** What the documents hold: "2" since they carry {@link #LAST}. */
  private static final String FORMAT = "format";
  private static final String VERSION = "2";
  private static final Sort MOST_RECENT = new Sort(new SortField(LAST, SortField.Type.LONG, true));

  private final Jdbi jdbi;
  private final Analyzer analyzer = Analyzers.perField();
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;

  /** Opens (or creates) the index in {@code dir}; an index in memory when {@code dir} is null. */
  public LuceneSearchIndex(Jdbi jdbi, Path dir) {
    this.jdbi = jdbi;
    try {
      this.directory = dir == null ? new ByteBuffersDirectory() : FSDirectory.open(dir);
      IndexWriterConfig config = new IndexWriterConfig(analyzer);
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      config.setRAMBufferSizeMB(32);
      this.writer = new IndexWriter(directory, config);
      if (!VERSION.equals(commitData(FORMAT))) {
        writer.deleteAll(); // none yet, or of an older format: caught up from cursor 0
        writer.setLiveCommitData(commitData(0));
        writer.commit();
      }
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the search index: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized long cursor() {
    String c = commitData(CURSOR);
    return c == null ? 0 : Long.parseLong(c);
  }

  private String commitData(String key) {
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> e : data) {
        if (e.getKey().equals(key)) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static Iterable<Map.Entry<String, String>> commitData(long cursor) {
    return Map.of(CURSOR, Long.toString(cursor), FORMAT, VERSION).entrySet();
  }

  @Override
  public synchronized void update(Collection<Long> conversationIds, long cursor) {
    try {
      if (!conversationIds.isEmpty()) {
        for (SearchDoc d : jdbi.withHandle(h -> SearchDocs.read(h, conversationIds))) {
          writer.updateDocument(new Term(ID, Long.toString(d.conversationId())), document(d));
        }
      }
      writer.setLiveCommitData(commitData(cursor));
      writer.commit();
      searchers.maybeRefresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Document document(SearchDoc d) {
    Document doc = new Document();
    doc.add(new StringField(ID, Long.toString(d.conversationId()), Field.Store.NO));
    doc.add(new StoredField("cid", d.conversationId()));
    doc.add(new LongPoint("cid", d.conversationId()));
    doc.add(new NumericDocValuesField(LAST, d.lastMessageId()));
    String lang = Analyzers.suffix(d.language());
    doc.add(new TextField(Analyzers.SUBJECT + lang, d.subject(), Field.Store.NO));
    for (String name : d.names()) {
      doc.add(new TextField(Analyzers.NAME, name, Field.Store.NO));
    }
    for (SearchDoc.Text t : d.texts()) {
      String l = Analyzers.suffix(t.language() != null ? t.language() : d.language());
      doc.add(new TextField(Analyzers.BODY + l, t.text(), Field.Store.NO));
    }
    return doc;
  }

  /**
   * The {@code candidates} most recently active matches, with their scores (computed for those
   * only), then the best {@code max} of them; ties in index order, as Lucene ranks them.
   */
  @Override
  public List<Hit> search(SearchQuery q, int max, int candidates) {
    if (q.isEmpty()) {
      return List.of();
    }
    try {
      IndexSearcher s = searchers.acquire();
      try {
        ScoreDoc[] recent = s.search(LuceneQueries.of(q, analyzer), candidates, MOST_RECENT, true).scoreDocs.clone();
        Arrays.sort(recent, Comparator.comparingDouble((ScoreDoc sd) -> -sd.score).thenComparingInt(sd -> sd.doc));
        List<Hit> out = new ArrayList<>(Math.min(max, recent.length));
        var stored = s.storedFields();
        for (int i = 0; i < Math.min(max, recent.length); i++) {
          out.add(new Hit(stored.document(recent[i].doc).getField("cid").numericValue().longValue(), recent[i].score));
        }
        return out;
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void clear() {
    try {
      writer.deleteAll();
      writer.setLiveCommitData(commitData(0));
      writer.commit();
      searchers.maybeRefresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void crash() {
    try {
      searchers.close();
      writer.rollback();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Documents in the index (tests, the reindex report). */
  public int size() {
    try (DirectoryReader r = DirectoryReader.open(writer)) {
      return r.numDocs();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      searchers.close();
      if (writer.isOpen()) {
        writer.close();
      }
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
