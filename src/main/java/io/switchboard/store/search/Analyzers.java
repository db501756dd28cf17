package io.switchboard.store.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * The Lucene analysis of the search index (ADR 0037): one analyzer per inbox language and a plain
 * one for other text. Each splits text into runs of letters and digits (as {@link SearchQuery}
 * splits a search), lower-cases, folds accents ("Rémboursement" → "remboursement") and then emits
 * every word twice at one position, as written (folded) and stemmed ("refunds" and "refund",
 * "erstattungen" and "erstattung"): the stem lets a word find its other forms, the folded word
 * keeps prefixes and exact words findable. Folding comes before stemming so that a word with and
 * without its accents stems alike.
 */
final class Analyzers {
  /** The languages with a stemmer; any other text is analyzed by {@link #OTHER}. */
  static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt");

  /** The language suffix of fields whose text has no (known) language. */
  static final String OTHER = "xx";

  /** Field kinds: a conversation's subject and its messages' text, each per language. */
  static final String SUBJECT = "subject_";

  static final String BODY = "body_";

  /** The customer's name and handles: no stemming. */
  static final String NAME = "name";

  private Analyzers() {}

  /** The language suffix used for text tagged {@code language} (ISO 639-1, or null). */
  static String suffix(String language) {
    return language != null && LANGUAGES.contains(language) ? language : OTHER;
  }

  /** Every field of a conversation's document whose text is analyzed by a language's analyzer. */
  static List<String> textFields() {
    List<String> out = new java.util.ArrayList<>();
    for (String l : allSuffixes()) {
      out.add(SUBJECT + l);
      out.add(BODY + l);
    }
    out.add(NAME);
    return out;
  }

  static List<String> allSuffixes() {
    List<String> out = new java.util.ArrayList<>(LANGUAGES);
    out.add(OTHER);
    return out;
  }

  /** The analyzer of every field of the index, chosen by the field's language suffix. */
  static Analyzer perField() {
    Map<String, Analyzer> byField = new HashMap<>();
    for (String l : allSuffixes()) {
      Analyzer a = language(l);
      byField.put(SUBJECT + l, a);
      byField.put(BODY + l, a);
    }
    return new PerFieldAnalyzerWrapper(language(OTHER), byField);
  }

  /** The analyzer of one language ({@link #OTHER}: no stemming). */
  static Analyzer language(String lang) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        // words as a search splits its input: runs of letters and digits (an email address is its parts)
        Tokenizer source = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        TokenStream s = source;
        s = new LowerCaseFilter(s);
        if (lang.equals("en")) {
          s = new EnglishPossessiveFilter(s);
        }
        if (lang.equals("de")) {
          s = new GermanNormalizationFilter(s);
        }
        s = new ASCIIFoldingFilter(s);
        if (lang.equals(OTHER)) {
          return new TokenStreamComponents(source, s);
        }
        s = new KeywordRepeatFilter(s);
        s =
            switch (lang) {
              case "en" -> new PorterStemFilter(s);
              case "de" -> new GermanLightStemFilter(s);
              case "fr" -> new FrenchLightStemFilter(s);
              case "es" -> new SpanishLightStemFilter(s);
              case "it" -> new ItalianLightStemFilter(s);
              case "pt" -> new PortugueseLightStemFilter(s);
              default -> s;
            };
        return new TokenStreamComponents(source, new RemoveDuplicatesTokenFilter(s));
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        TokenStream s = new LowerCaseFilter(in);
        if (lang.equals("de")) {
          s = new GermanNormalizationFilter(s);
        }
        return new ASCIIFoldingFilter(s);
      }
    };
  }
}
