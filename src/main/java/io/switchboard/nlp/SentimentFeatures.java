package io.switchboard.nlp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * Bag of words and bigrams over {@link TextNormalizer} tokens, each emitted twice: once shared by
 * all languages and once under the message's language ("de|kaputt"). One model then holds a
 * weight set per language plus a multilingual one that carries what languages share (emoji,
 * markers, English loan words) and answers alone for languages it was not trained on. The language
 * comes in the extra information under {@link #LANGUAGE}. Words of the {@link SentimentLexicon}
 * add {@code LEX_POS} or {@code LEX_NEG} ({@code NEG_LEX_POS} when negated), shared by all.
 *
 * <p>Public with a no-argument constructor because OpenNLP names feature generators in the model
 * file. Stateless and thread-safe.
 */
public final class SentimentFeatures implements FeatureGenerator {
  /** Extra information key for the ISO 639-1 language of the tokens. */
  public static final String LANGUAGE = "language";

  static final String LEX_POS = "LEX_POS";
  static final String LEX_NEG = "LEX_NEG";

  @Override
  public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extra) {
    Object lang = extra == null ? null : extra.get(LANGUAGE);
    String prefix = lang instanceof String s && !s.isEmpty() && !s.equals(Iso639.UNDETERMINED)
        ? s + "|" : null;
    List<String> features = new ArrayList<>(tokens.length * (prefix == null ? 2 : 4) + 1);
    String language = prefix == null ? null : (String) lang;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      add(features, t, prefix);
      if (i + 1 < tokens.length) {
        add(features, t + ' ' + tokens[i + 1], prefix);
      }
      boolean negated = t.startsWith(TextNormalizer.NEG);
      String word = negated ? t.substring(TextNormalizer.NEG.length()) : t;
      if (!word.isEmpty() && Character.isLowerCase(word.charAt(0))) {
        int polarity = SentimentLexicon.DEFAULT.polarity(word, language);
        if (polarity != 0) {
          features.add((negated ? "NEG_" : "") + (polarity > 0 ? LEX_POS : LEX_NEG));
        }
      }
    }
    if (prefix != null) {
      features.add(prefix);
    }
    return features;
  }

  private static void add(List<String> features, String feature, String prefix) {
    features.add(feature);
    if (prefix != null) {
      features.add(prefix + feature);
    }
  }
}
