package io.switchboard.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.InvalidTokenOffsetsException;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.search.highlight.SimpleFragmenter;
import org.apache.lucene.search.highlight.SimpleHTMLEncoder;
import org.apache.lucene.search.highlight.SimpleHTMLFormatter;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
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
    Map<String, Wanted> wanted = new HashMap<>();
    for (SearchDoc d : jdbi.withHandle(h -> SearchDocs.read(h, conversationIds))) {
      List<SearchDoc.Text> texts = new ArrayList<>(d.texts());
      java.util.Collections.reverse(texts); // the latest matching message first
      String best = null;
      for (SearchDoc.Text t : texts) {
        best = fragment(query, wanted, Analyzers.BODY + Analyzers.suffix(t.language() != null ? t.language() : d.language()), t.text());
        if (best != null) {
          break;
        }
      }
      if (best == null) {
        best = fragment(query, wanted, Analyzers.SUBJECT + Analyzers.suffix(d.language()), d.subject());
      }
      if (best != null) {
        out.put(d.conversationId(), best.replaceAll("\\s+", " ").strip());
      }
    }
    return out;
  }

  /** The marked fragment of {@code text} read as {@code field}; {@code wanted}: the query's words per field, filled as fields come. */
  private String fragment(Query query, Map<String, Wanted> wanted, String field, String text) {
    if (text == null || text.isBlank() || !wanted.computeIfAbsent(field, f -> Wanted.of(query, f)).anyIn(analyzer, field, text)) {
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

  /**
   * The words the query looks for in one field: its terms, and automata for its prefixes. A text
   * without any of them gets no fragment, so the highlighter, which indexes each text it is given
   * in memory to expand the prefixes, is spared it. A search for a customer's name found nothing
   * to mark in any message and paid that for every message of the page (ADR 0082).
   */
  private record Wanted(Set<BytesRef> terms, List<ByteRunAutomaton> prefixes) {
    static Wanted of(Query query, String field) {
      Set<BytesRef> terms = new HashSet<>();
      List<ByteRunAutomaton> prefixes = new ArrayList<>();
      query.visit(
          new QueryVisitor() {
            @Override
            public boolean acceptField(String f) {
              return f.equals(field);
            }

            @Override
            public void consumeTerms(Query q, Term... ts) {
              for (Term t : ts) {
                terms.add(BytesRef.deepCopyOf(t.bytes()));
              }
            }

            @Override
            public void consumeTermsMatching(Query q, String f, Supplier<ByteRunAutomaton> automaton) {
              prefixes.add(automaton.get());
            }
          });
      return new Wanted(terms, prefixes);
    }

    /** Whether a word of {@code text}, as far as the highlighter reads it, is one of these. */
    boolean anyIn(Analyzer analyzer, String field, String text) {
      if (terms.isEmpty() && prefixes.isEmpty()) {
        return false;
      }
      String read = text.length() > SearchDocs.MAX_CHARS ? text.substring(0, SearchDocs.MAX_CHARS) : text;
      try (TokenStream words = analyzer.tokenStream(field, read)) {
        TermToBytesRefAttribute word = words.addAttribute(TermToBytesRefAttribute.class);
        words.reset();
        while (words.incrementToken()) {
          BytesRef b = word.getBytesRef();
          if (terms.contains(b)) {
            return true;
          }
          for (ByteRunAutomaton prefix : prefixes) {
            if (prefix.run(b.bytes, b.offset, b.length)) {
              return true;
            }
          }
        }
        words.end();
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
