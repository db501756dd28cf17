package io.switchboard.store.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/**
 * A {@link SearchQuery} as a Lucene query: every part must match (in any field, so "anna refund"
 * finds Anna's conversation about a refund), a word in each language field by its analyzed forms
 * (stem and folded word) or as a folded prefix, a phrase by its analyzed words in a row. Subject
 * and name matches weigh double, prefix matches half, so whole words rank first.
 */
final class LuceneQueries {
  private LuceneQueries() {}

  static Query of(SearchQuery q, Analyzer analyzer) {
    QueryBuilder builder = new QueryBuilder(analyzer);
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (SearchQuery.Part part : q.parts()) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String field : Analyzers.textFields()) {
        float boost = field.startsWith(Analyzers.BODY) ? 1f : 2f;
        Query exact = part.phrase() ? builder.createPhraseQuery(field, part.text()) : builder.createBooleanQuery(field, part.text());
        if (exact != null) {
          any.add(new BoostQuery(exact, boost), Occur.SHOULD);
        }
        if (!part.phrase()) {
          BytesRef prefix = analyzer.normalize(field, part.text());
          if (prefix.length >= 2) {
            any.add(new BoostQuery(new PrefixQuery(new Term(field, prefix)), boost * 0.5f), Occur.SHOULD);
          }
        }
      }
      all.add(any.build(), Occur.MUST);
    }
    return all.build();
  }
}
