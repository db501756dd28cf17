package io.switchboard.nlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns customer text into the tokens the sentiment model is trained and run on, so training and
 * tagging see exactly the same thing.
 *
 * <ul>
 *   <li>links become {@value #URL}, e-mail addresses {@value #EMAIL}, mentions {@value #USER},
 *       numbers {@value #NUM}; a hashtag becomes its word;
 *   <li>emoji stay as tokens, and the ones with a clear polarity, like emoticons such as {@code
 *       :-)} or {@code :(}, add {@value #EMO_POS} or {@value #EMO_NEG};
 *   <li>a letter repeated three or more times is cut to two and {@value #ELONG} follows the word
 *       ("soooo" gives "soo ELONG");
 *   <li>a shouted word (four or more letters, all capitals) adds one {@value #ALLCAPS} per text;
 *   <li>after a negation (not, never, n't, nicht, kein, ne, pas, no, nunca, non, mai, não, ...)
 *       the next {@value #NEGATION_SCOPE} words get the prefix {@value #NEG}, up to the end of the
 *       clause or a "but";
 *   <li>everything is lower-cased; French and Italian elisions are split ("l'avion" gives "l'
 *       avion").
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class TextNormalizer {
  public static final String URL = "URL";
  public static final String EMAIL = "EMAIL";
  public static final String USER = "USER";
  public static final String NUM = "NUM";
  public static final String EMO_POS = "EMO_POS";
  public static final String EMO_NEG = "EMO_NEG";
  public static final String ELONG = "ELONG";
  public static final String ALLCAPS = "ALLCAPS";
  public static final String NEG = "NEG_";
  public static final int NEGATION_SCOPE = 3;

  private static final Set<String> NEGATIONS_EN =
      Set.of(
          "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor",
          "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont",
          "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint", "without");
  private static final Map<String, Set<String>> NEGATIONS =
      Map.of(
          "en", NEGATIONS_EN,
          "de",
          Set.of(
              "nicht", "nichts", "nie", "niemals", "kein", "keine", "keinen", "keinem", "keiner",
              "keines", "niemand", "nirgends", "ohne", "weder", "nö", "nee"),
          "fr",
          Set.of("ne", "n'", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "non"),
          "es",
          Set.of(
              "no", "nunca", "jamás", "jamas", "nada", "nadie", "ningún", "ningun", "ninguna",
              "ninguno", "sin", "ni", "tampoco"),
          "it",
          Set.of(
              "non", "mai", "niente", "nulla", "nessuno", "nessuna", "nessun", "senza", "né",
              "neanche", "nemmeno", "neppure"),
          "pt",
          Set.of(
              "não", "nao", "nunca", "jamais", "nada", "ninguém", "ninguem", "nenhum", "nenhuma",
              "sem", "nem", "tampouco"));
  /** For a text of unknown language: the negations that mean nothing else in the others. */
  private static final Set<String> NEGATIONS_ANY = anyLanguageNegations();

  private static final Set<String> CONTRASTS =
      Set.of(
          "but", "however", "although", "aber", "sondern", "jedoch", "doch", "mais", "pourtant",
          "pero", "sino", "aunque", "ma", "però", "mas", "porém", "porem", "embora");

  /** Words ending in an apostrophe that French and Italian glue to the next word. */
  private static final Set<String> ELISIONS =
      Set.of(
          "l", "d", "j", "n", "m", "t", "s", "c", "qu", "jusqu", "lorsqu", "puisqu", "un", "dell",
          "all", "nell", "dall", "sull", "quell", "nessun", "po", "com", "dov", "anch", "sr");

  private static final String[] EMOTICONS_POS = {
    ":-)", ":)", ":-D", ":D", ";-)", ";)", ":-P", ":P", ":-p", ":p", "=)", "=D", ":]", "<3", "^^",
    "^_^", ":o)", "(:", "xD", "XD", ":3", "*_*"
  };
  private static final String[] EMOTICONS_NEG = {
    ":-(", ":(", ":'(", ":'-(", ":-/", ":/", ":-|", ":|", ">:(", ">:-(", "</3", ":@", "D:", ":-S",
    ":S", "-_-", ":-[", ":["
  };

  private TextNormalizer() {}

  /** The tokens of {@code text}; {@code language} (ISO 639-1, may be null) picks the negations. */
  public static List<String> tokens(String text, String language) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    new Run(text, negationsOf(language), out).tokenize();
    return out;
  }

  /** The tokens joined by single spaces. */
  public static String normalize(String text, String language) {
    return String.join(" ", tokens(text, language));
  }

  static Set<String> negationsOf(String language) {
    Set<String> own = language == null ? null : NEGATIONS.get(language);
    return own == null ? NEGATIONS_ANY : own;
  }

  static boolean isNegation(String word, Set<String> negations) {
    return negations.contains(word)
        || NEGATIONS_EN.contains(word)
        || (word.endsWith("n't") && word.length() > 3)
        || (word.endsWith("n’t") && word.length() > 3);
  }

  private static Set<String> anyLanguageNegations() {
    Set<String> all = new java.util.HashSet<>();
    NEGATIONS.values().forEach(all::addAll);
    // "ne" is a pronoun in Italian, "mai" a month in French, "sin" and "pas" English words.
    all.removeAll(Set.of("ne", "mai", "sin", "pas", "sem", "nee", "ni"));
    return Set.copyOf(all);
  }

  /** Polarity of an emoji code point: 1 positive, -1 negative, 0 none or unclear. */
  static int emojiPolarity(int cp) {
    switch (cp) {
      case 0x1F600, 0x1F601, 0x1F602, 0x1F603, 0x1F604, 0x1F605, 0x1F606, 0x1F609, 0x1F60A,
          0x1F60B, 0x1F60D, 0x1F60E, 0x1F618, 0x1F617, 0x1F619, 0x1F61A, 0x263A, 0x1F642,
          0x1F917, 0x1F929, 0x1F970, 0x1F923, 0x1F973, 0x1F44D, 0x1F44C, 0x1F44F, 0x1F64C,
          0x1F4AA, 0x1F389, 0x2764, 0x1F495, 0x1F496, 0x1F497, 0x1F493, 0x1F49E, 0x1F498,
          0x1F49D, 0x2665, 0x1F499, 0x1F49A, 0x1F49B, 0x1F49C, 0x1F9E1, 0x1F63B, 0x1F60C,
          0x1F607, 0x2728, 0x1F31F, 0x1F388, 0x1F381, 0x2705, 0x1F44B:
        return 1;
      case 0x1F61E, 0x1F61F, 0x1F620, 0x1F621, 0x1F92C, 0x1F624, 0x1F622, 0x1F62D, 0x1F629,
          0x1F62B, 0x1F612, 0x1F644, 0x1F615, 0x2639, 0x1F641, 0x1F623, 0x1F616, 0x1F613,
          0x1F614, 0x1F494, 0x1F44E, 0x1F631, 0x1F628, 0x1F630, 0x1F92E, 0x1F922, 0x1F62C,
          0x1F926, 0x1F611, 0x1F595, 0x1F625, 0x1F626, 0x1F627, 0x1F62A, 0x1F62E, 0x1F635,
          0x1F480, 0x1F4A9, 0x274C, 0x1F6AB, 0x1F92F, 0x1F97A, 0x1F643:
        return -1;
      default:
        return 0;
    }
  }

  static boolean isEmoji(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF)
        || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2B00 && cp <= 0x2BFF)
        || cp == 0x2665;
  }

  /** Zero-width joiners, variation selectors and skin tones: parts of an emoji, not tokens. */
  static boolean isEmojiModifier(int cp) {
    return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF);
  }

  /** One tokenization; not shared between threads. */
  private static final class Run {
    private final String text;
    private final Set<String> negations;
    private final List<String> out;
    private int negationLeft;
    private boolean shouted;
    /** Where {@link #emitWord} builds a word: one array per text, made at its first word. */
    private char[] chars;

    Run(String text, Set<String> negations, List<String> out) {
      this.text = text;
      this.negations = negations;
      this.out = out;
    }

    void tokenize() {
      int len = text.length();
      int i = 0;
      while (i < len) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
          continue;
        }
        int chunkEnd = i;
        while (chunkEnd < len && !Character.isWhitespace(text.charAt(chunkEnd))) {
          chunkEnd++;
        }
        i = chunk(i, chunkEnd);
      }
      if (shouted) {
        out.add(ALLCAPS);
      }
    }

    /** Tokenizes the whitespace-free run text[start, end); returns end. */
    private int chunk(int start, int end) {
      if (startsWithIgnoreCase(start, "http://")
          || startsWithIgnoreCase(start, "https://")
          || startsWithIgnoreCase(start, "www.")) {
        marker(URL);
        return end;
      }
      // the first '@' of this chunk only: searching the rest of the text for each chunk is
      // quadratic in the number of words
      int at = start;
      while (at < end && text.charAt(at) != '@') {
        at++;
      }
      if (at > start && at < end - 1 && text.indexOf('.', at) > at && text.indexOf('.', at) < end) {
        marker(EMAIL);
        return end;
      }
      int i = start;
      while (i < end) {
        char c = text.charAt(i);
        if (i == start || !isWordChar(text.charAt(i - 1))) {
          int emoticon = emoticonAt(i, end, i == start);
          if (emoticon != 0) {
            i += Math.abs(emoticon);
            marker(emoticon > 0 ? EMO_POS : EMO_NEG);
            continue;
          }
        }
        if (c == '@' && i + 1 < end && isWordChar(text.charAt(i + 1))) {
          i = skipWord(i + 1, end);
          marker(USER);
          continue;
        }
        if (c == '#' && i + 1 < end && Character.isLetterOrDigit(text.charAt(i + 1))) {
          i++;
          continue;
        }
        if (c == '&') {
          int semi = text.indexOf(';', i);
          if (semi > i && semi - i <= 6 && semi < end) {
            String entity = text.substring(i, semi + 1);
            if (entity.equals("&amp;") || entity.equals("&lt;") || entity.equals("&gt;")
                || entity.equals("&quot;") || entity.equals("&#39;")) {
              i = semi + 1;
              if (entity.equals("&lt;") && text.startsWith("3", i)) {
                marker(EMO_POS);
                i++;
              }
              continue;
            }
          }
        }
        if (isWordChar(c)) {
          i = word(i, end);
          continue;
        }
        int cp = text.codePointAt(i);
        int width = Character.charCount(cp);
        if (c == '!' || c == '?') {
          int j = i;
          while (j < end && text.charAt(j) == c) {
            j++;
          }
          clauseEnd();
          out.add(j - i > 1 ? String.valueOf(c) + c : String.valueOf(c));
          i = j;
          continue;
        }
        if (isEmoji(cp)) {
          int polarity = emojiPolarity(cp);
          out.add(new String(Character.toChars(cp)));
          if (polarity != 0) {
            out.add(polarity > 0 ? EMO_POS : EMO_NEG);
          }
          i += width;
          while (i < end && isEmojiModifier(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
          }
          continue;
        }
        if (isClausePunctuation(c)) {
          clauseEnd();
        }
        i += width;
      }
      return end;
    }

    private int word(int start, int end) {
      int i = start;
      while (i < end) {
        char c = text.charAt(i);
        if (isWordChar(c)) {
          i++;
        } else if (isApostrophe(c) && i + 1 < end && Character.isLetter(text.charAt(i + 1))
            && i > start) {
          i++;
        } else {
          break;
        }
      }
      int apostrophe = start + 1;
      while (apostrophe < i && !isApostrophe(text.charAt(apostrophe))) {
        apostrophe++;
      }
      if (apostrophe < i) {
        String head = text.substring(start, apostrophe).toLowerCase(Locale.ROOT);
        if (ELISIONS.contains(head)) {
          String elided = head + "'";
          emitWord(elided, 0, elided.length());
          emitWord(text, apostrophe + 1, i);
          return i;
        }
      }
      emitWord(text, start, i);
      return i;
    }

    /** Emits the word {@code s[from, to)}, built in {@link #chars} rather than a new builder. */
    private void emitWord(String s, int from, int to) {
      int letters = 0;
      int upper = 0;
      boolean digitsOnly = true;
      if (chars == null) {
        chars = new char[text.length() + 1];
      }
      char[] sb = chars;
      int n = 0;
      boolean elongated = false;
      int run = 0;
      char prev = 0;
      for (int k = from; k < to; k++) {
        char c = s.charAt(k);
        if (Character.isLetter(c)) {
          letters++;
          if (Character.isUpperCase(c)) {
            upper++;
          }
        }
        if (!Character.isDigit(c)) {
          digitsOnly = false;
        }
        char lower = isApostrophe(c) ? '\'' : Character.toLowerCase(c);
        run = lower == prev ? run + 1 : 1;
        prev = lower;
        if (run >= 3 && Character.isLetter(c)) {
          elongated = true;
          continue;
        }
        sb[n++] = lower;
      }
      if (letters >= 4 && upper == letters) {
        shouted = true;
      }
      String word = digitsOnly ? NUM : new String(sb, 0, n);
      if (isNegation(word, negations)) {
        out.add(word);
        negationLeft = NEGATION_SCOPE;
      } else if (CONTRASTS.contains(word)) {
        out.add(word);
        negationLeft = 0;
      } else if (negationLeft > 0 && !digitsOnly) {
        out.add(NEG + word);
        negationLeft--;
      } else {
        out.add(word);
      }
      if (elongated) {
        out.add(ELONG);
      }
    }

    private void marker(String token) {
      out.add(token);
    }

    private void clauseEnd() {
      negationLeft = 0;
    }

    private int skipWord(int i, int end) {
      while (i < end && isWordChar(text.charAt(i))) {
        i++;
      }
      return i;
    }

    /** Length of the emoticon at i, negative for a sad one, 0 for none. */
    private int emoticonAt(int i, int end, boolean chunkStart) {
      char c = text.charAt(i);
      if (":;=<>^(*-xXD".indexOf(c) < 0) {
        return 0;
      }
      if (Character.isLetter(c) && !chunkStart) {
        return 0;
      }
      int best = 0;
      for (String e : EMOTICONS_POS) {
        if (e.length() > Math.abs(best) && matchesEmoticon(i, end, e)) {
          best = e.length();
        }
      }
      for (String e : EMOTICONS_NEG) {
        if (e.length() > Math.abs(best) && matchesEmoticon(i, end, e)) {
          best = -e.length();
        }
      }
      return best;
    }

    private boolean matchesEmoticon(int i, int end, String e) {
      if (i + e.length() > end || !text.startsWith(e, i)) {
        return false;
      }
      // "xD" and "D:" only alone, ":p" not in the middle of a word ("http:p...").
      int after = i + e.length();
      return after == end || !Character.isLetterOrDigit(text.charAt(after));
    }

    private boolean startsWithIgnoreCase(int i, String prefix) {
      return text.regionMatches(true, i, prefix, 0, prefix.length());
    }
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
        || c == '_';
  }

  static boolean isApostrophe(char c) {
    return c == '\'' || c == '’' || c == 'ʼ' || c == '`' || c == '´';
  }

  static boolean isClausePunctuation(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '…'
        || c == '-' || c == '"' || c == '“' || c == '”' || c == '¿' || c == '¡';
  }
}
