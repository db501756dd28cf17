package io.switchboard.voice;

import io.switchboard.util.TextFold;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Ranks templates for a conversation, simply enough that the agent can see why: only templates in
 * the conversation's language (else the default language) that may be used on its channel and
 * visibility; then 10 points for every keyword found in what the customer wrote, ignoring case and
 * accents; 5 points for a public-only template (the private-message one) on a public conversation.
 * Ties go by title. Immutable and thread-safe.
 */
public final class TemplateRanker {
  static final int PER_KEYWORD = 10;
  static final int PUBLIC_FIT = 5;

  private final VoiceGuide guide;
  private final Map<Template, List<Phrase>> keywords = new HashMap<>();

  public TemplateRanker(VoiceGuide guide) {
    this.guide = guide;
    for (Template t : guide.templates().all()) {
      List<Phrase> phrases = new ArrayList<>();
      for (String k : t.keywords()) {
        phrases.add(Phrase.words(fold(k)));
      }
      keywords.put(t, List.copyOf(phrases));
    }
  }

  /**
   * Every template that may be used in this conversation, best first.
   *
   * @param language ISO 639-1, may be null (the default language)
   * @param customerText what the customer wrote, may be null
   */
  public List<RankedTemplate> rank(
      String language, String channel, boolean isPublic, String customerText) {
    String lang = guide.resolveLanguage(language);
    List<String> common = new ArrayList<>();
    if (guide.templates().language(lang).isEmpty()) {
      common.add("no templates in \"" + lang + "\"; showing " + guide.defaultLanguage());
      lang = guide.defaultLanguage();
    }
    String text = customerText == null ? "" : customerText;
    TextFold.Folded folded = TextFold.foldWithOrigins(text);
    List<RankedTemplate> out = new ArrayList<>();
    for (Template t : guide.templates().language(lang)) {
      if (!t.allowedOn(channel, isPublic)) {
        continue;
      }
      List<String> reasons = new ArrayList<>(common);
      int score = 0;
      for (int i = 0; i < t.keywords().size(); i++) {
        Matcher m = keywords.get(t).get(i).matcher(folded.text());
        if (m.find()) {
          score += PER_KEYWORD;
          String original = text.substring(folded.original(m.start()), folded.original(m.end()));
          reasons.add(
              "+"
                  + PER_KEYWORD
                  + " keyword \""
                  + t.keywords().get(i)
                  + "\" ("
                  + "\""
                  + original
                  + "\")");
        }
      }
      if (isPublic && t.visibility() == Template.Visibility.PUBLIC) {
        score += PUBLIC_FIT;
        reasons.add("+" + PUBLIC_FIT + " made for public replies");
      }
      if (score == 0) {
        reasons.add("no keyword found in the customer's message");
      }
      out.add(new RankedTemplate(t, score, reasons));
    }
    out.sort(
        Comparator.comparingInt(RankedTemplate::score)
            .reversed()
            .thenComparing(r -> r.template().title()));
    return List.copyOf(out);
  }

  /** Lower case without accents, ß as ss ("Größe" → "grosse"), for keywords: {@link TextFold}. */
  static String fold(String s) {
    return TextFold.fold(s);
  }
}
