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
 * add {@code LEX_POS} or {@code LEX_NEG} ({@code NEG_LEX_POS} when negated), shared by all, and
 * words of the {@link ValenceLexicon} add their strength, {@code V_POS1}, {@code V_POS2}, {@code
 * V_NEG1} or {@code V_NEG2} ({@code NEG_V_POS1} when negated), shared by all as well.
 *
 * <p>Public with a no-argument constructor because OpenNLP names feature generators in the model
 * file. Stateless and thread-safe.
 */
public final class SentimentFeatures implements FeatureGenerator {
  /** Extra information key for the ISO 639-1 language of the tokens. */
  public static final String LANGUAGE = "language";

  /**
   * Extra information key for the kind of {@link ComplaintEvents} event the text states, if any:
   * adds {@code CS_EVENT} and {@code CS_EVENT_<kind>}.
   */
  public static final String EVENT = "event";

  /** Extra information key, value {@code Boolean.TRUE} when the text asks a question. */
  public static final String QUESTION = "question";

  static final String CS_EVENT = "CS_EVENT";
  static final String CS_QUESTION = "CS_QUESTION";

  static final String LEX_POS = "LEX_POS";
  static final String LEX_NEG = "LEX_NEG";
  static final String NEG_LEX_POS = "NEG_LEX_POS";
  static final String NEG_LEX_NEG = "NEG_LEX_NEG";

  /** Valence features by strength + 2 (index 2, strength 0, has none), plain and negated. */
  private static final String[] VALENCE = {"V_NEG2", "V_NEG1", null, "V_POS1", "V_POS2"};

  private static final String[] NEG_VALENCE = {
    "NEG_V_NEG2", "NEG_V_NEG1", null, "NEG_V_POS1", "NEG_V_POS2"
  };

  /** Receives the features of a text one by one; see {@link #features}. */
  interface Sink {
    /**
     * @param feature a shared feature
     * @param perLanguage whether the feature also has a copy under the text's language
     */
    void feature(String feature, boolean perLanguage);

    /** The bigram feature {@code first + " " + second}, which has a per-language copy too. */
    default void bigram(String first, String second) {
      feature(first + ' ' + second, true);
    }
  }

  @Override
  public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extra) {
    String language = languageOf(extra);
    String prefix = language == null ? null : language + "|";
    List<String> features = new ArrayList<>(tokens.length * (prefix == null ? 2 : 4) + 1);
    features(
        tokens,
        language,
        (feature, perLanguage) -> {
          features.add(feature);
          if (perLanguage && prefix != null) {
            features.add(prefix + feature);
          }
        });
    Object event = extra == null ? null : extra.get(EVENT);
    textFeatures(
        event instanceof String k ? k : null,
        extra != null && Boolean.TRUE.equals(extra.get(QUESTION)),
        (feature, perLanguage) -> features.add(feature));
    if (prefix != null) {
      features.add(prefix);
    }
    return features;
  }

  /**
   * Features of the whole text rather than of its words, shared by all languages: the kind of
   * complaint event it states ({@link ComplaintEvents}), and whether it asks a question (in
   * customer service most questions without emotion are neutral).
   *
   * @param eventKind the event's kind, or null
   */
  static void textFeatures(String eventKind, boolean question, Sink sink) {
    if (eventKind != null) {
      sink.feature(CS_EVENT, false);
      sink.feature(CS_EVENT + "_" + eventKind, false);
    }
    if (question) {
      sink.feature(CS_QUESTION, false);
    }
  }

  /** Whether {@code feature} is one of the lexicon features ({@code LEX_*}, {@code V_*}). */
  static boolean isLexiconFeature(String feature) {
    String f = feature.startsWith("NEG_") ? feature.substring(4) : feature;
    return f.startsWith("LEX_") || f.startsWith("V_POS") || f.startsWith("V_NEG");
  }

  /** Whether {@code text} asks a question: it has a question mark. */
  static boolean isQuestion(String text) {
    return text.indexOf('?') >= 0 || text.indexOf('\uff1f') >= 0;
  }

  /** The extra information a text's sample carries: language, complaint event, question. */
  static Map<String, Object> extra(String text, String language) {
    Map<String, Object> extra = new java.util.HashMap<>();
    if (language != null && !language.equals(Iso639.UNDETERMINED)) {
      extra.put(LANGUAGE, language);
    }
    ComplaintEvents.DEFAULT.find(text).ifPresent(e -> extra.put(EVENT, e.kind()));
    if (isQuestion(text)) {
      extra.put(QUESTION, Boolean.TRUE);
    }
    return extra;
  }

  /** The language in the extra information, or null when there is none or it is {@code und}. */
  static String languageOf(Map<String, Object> extra) {
    Object lang = extra == null ? null : extra.get(LANGUAGE);
    return lang instanceof String s && !s.isEmpty() && !s.equals(Iso639.UNDETERMINED) ? s : null;
  }

  /**
   * Every feature of {@code tokens} in order, without building the per-language copies: training
   * ({@link #extractFeatures}) and {@link SentimentModel}'s direct evaluation share this, so both
   * see the same features. The language's bias feature ("de|") is not included.
   *
   * @param language ISO 639-1, or null when unknown
   */
  static void features(String[] tokens, String language, Sink sink) {
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      sink.feature(t, true);
      if (i + 1 < tokens.length) {
        sink.bigram(t, tokens[i + 1]);
      }
      boolean negated = t.startsWith(TextNormalizer.NEG);
      String word = negated ? t.substring(TextNormalizer.NEG.length()) : t;
      int valence = ValenceLexicon.DEFAULT.strength(word);
      if (valence != 0) {
        sink.feature(negated ? NEG_VALENCE[valence + 2] : VALENCE[valence + 2], false);
      }
      if (!word.isEmpty() && Character.isLowerCase(word.charAt(0))) {
        int polarity = SentimentLexicon.DEFAULT.polarity(word, language);
        if (polarity != 0) {
          sink.feature(
              negated ? (polarity > 0 ? NEG_LEX_POS : NEG_LEX_NEG)
                  : (polarity > 0 ? LEX_POS : LEX_NEG),
              false);
        }
      }
    }
  }
}
