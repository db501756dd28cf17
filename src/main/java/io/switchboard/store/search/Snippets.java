package io.switchboard.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.jdbi.v3.core.Jdbi;

/**
 * The words of a search marked in the list (ADR 0037): for each conversation of a page, a short
 * fragment of its text (the subject when only it matches) with the matching words in {@code
 * <mark>}, everything else HTML-escaped. Lucene's highlighter analyzes the text with the same
 * analyzers as the Lucene index, so a stem, an accent-folded word or a prefix is marked as it
 * matched; on PostgreSQL it marks the words the same way.
 */
final class Snippets {
  static final int FRAGMENT_CHARS = 140;

  private final Jdbi jdbi;
  private final Analyzer analyzer = Analyzers.perField();

  Snippets(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The marked fragment of each conversation that has one. */
  Map<Long, String> of(SearchQuery q, List<Long> conversationIds) {
    Map<Long, String> out = new HashMap<>();
    if (q.isEmpty() || conversationIds.isEmpty()) {
      return out;
    }
    Query query = LuceneQueries.of(q, analyzer);
    for (SearchDoc d : jdbi.withHandle(h -> SearchDocs.read(h, conversationIds))) {
      List<SearchDoc.Text> texts = new ArrayList<>(d.texts());
      java.util.Collections.reverse(texts); // the latest matching message first
      String best = null;
      for (SearchDoc.Text t : texts) {
        best = fragment(query, Analyzers.BODY + Analyzers.suffix(t.language() != null ? t.language() : d.language()), t.text());
        if (best != null) {
          break;
        }
      }
      if (best == null) {
        best = fragment(query, Analyzers.SUBJECT + Analyzers.suffix(d.language()), d.subject());
      }
      if (best != null) {
        out.put(d.conversationId(), best.replaceAll("\\s+", " ").strip());
      }
    }
    return out;
  }

  private String fragment(Query query, String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Highlighter h =
        new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), new QueryScorer(query, field));
    h.setTextFragmenter(new SimpleFragmenter(FRAGMENT_CHARS));
    h.setMaxDocCharsToAnalyze(SearchDocs.MAX_CHARS);
    try {
      return h.getBestFragment(analyzer, field, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidTokenOffsetsException e) {
      return null;
    }
  }
}
