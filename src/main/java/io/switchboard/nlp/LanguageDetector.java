package io.switchboard.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;

/**
 * Language of a customer text, from OpenNLP's language detector model ({@code /langdetect-183.bin},
 * 103 languages) answered as ISO 639-1.
 *
 * <p>The model is evaluated here rather than through {@code LanguageDetectorME}: the same
 * normalization (links, mentions, hashtags, numbers, emoji removed; runs of a character shrunk to
 * two), the same lower-cased character 1-3 grams and the same weights, but looked up by packed
 * n-gram keys instead of strings, which is about ten times faster. Only the first {@value
 * #MAX_CHARS} characters of a text are read: more does not change the answer.
 *
 * <p>Short texts are noise to a character n-gram model ("ok thx" comes out as Min Nan), so a text
 * with fewer than {@value #MIN_LETTERS} letters, or whose best language does not stand out, is
 * {@code und}; {@link #detect(String, String)} then answers the caller's fallback (the contact's or
 * account's language).
 *
 * <p>Immutable and thread-safe.
 */
public final class LanguageDetector {
  /** The answer: an ISO 639-1 code or {@code und}, and how sure the model is (0 to 1). */
  public record Detection(String language, double confidence) {
    public static final Detection UNDETERMINED = new Detection(Iso639.UNDETERMINED, 0.0);

    public boolean isDetermined() {
      return !Iso639.UNDETERMINED.equals(language);
    }
  }

  /** The languages an inbox mostly receives; a near tie with a neighbour goes to them. */
  public static final Set<String> INBOX_LANGUAGES = Set.of("en", "de", "fr", "es", "it", "pt");

  static final int MIN_LETTERS = 10;
  /** An n-gram with weights for at least this many languages is stored as a dense row. */
  static final int DENSE_MIN_OUTCOMES = 24;
  static final int MAX_CHARS = 600;
  /** Confidence below which the answer is {@code und}. */
  static final double MIN_CONFIDENCE = 0.5;

  /** Scores are sums of GIS weights; this scale turns score margins into probabilities. */
  private static final double SCALE = 16.0;
  /** Added to the inbox languages' scores per n-gram: a gentle prior, not a bias. */
  private static final double PREFERRED_BONUS_PER_GRAM = 0.002;

  private final String[] outcomeIso1;
  private final boolean[] preferred;
  private final LongIntMap predicates;
  private final int[] paramStart;
  private final byte[] paramOutcome;
  private final float[] paramWeight;
  /**
   * Weights of the n-grams that many languages share, one full row of outcomes each; the
   * predicate map holds -(row + 1) for them.
   */
  private final float[] dense;

  private LanguageDetector(
      String[] outcomeIso1,
      boolean[] preferred,
      LongIntMap predicates,
      int[] paramStart,
      byte[] paramOutcome,
      float[] paramWeight) {
    this.outcomeIso1 = outcomeIso1;
    this.preferred = preferred;
    this.predicates = predicates;
    this.paramStart = paramStart;
    this.paramOutcome = paramOutcome;
    this.paramWeight = paramWeight;
    // Common n-grams (spaces, single letters, frequent pairs) have weights for most languages and
    // occur in every text: adding their weights as one dense row lets the JIT vectorize the loop.
    int outcomes = outcomeIso1.length;
    int predicateCount = paramStart.length - 1;
    // per predicate: its row in dense, or -1 when its weights are only in the sparse lists
    int[] denseRow = new int[predicateCount];
    int rows = 0;
    for (int p = 0; p < predicateCount; p++) {
      boolean common = paramStart[p + 1] - paramStart[p] >= DENSE_MIN_OUTCOMES;
      denseRow[p] = common ? rows++ : -1;
    }
    this.dense = new float[rows * outcomes];
    predicates.encodeDenseRows(denseRow);
    for (int p = 0; p < predicateCount; p++) {
      if (denseRow[p] >= 0) {
        int base = denseRow[p] * outcomes;
        for (int k = paramStart[p]; k < paramStart[p + 1]; k++) {
          dense[base + paramOutcome[k]] += paramWeight[k];
        }
      }
    }
  }

  /** Loads the model that opennlp-models-langdetect puts on the classpath. */
  public static LanguageDetector load() {
    try (InputStream in = LanguageDetector.class.getResourceAsStream("/langdetect-183.bin")) {
      if (in == null) {
        throw new IllegalStateException("/langdetect-183.bin is not on the classpath");
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LanguageDetector load(InputStream modelStream) throws IOException {
    AbstractModel maxent = ModelFiles.readMaxent(modelStream, "langdetect.model");
    Object[] data = maxent.getDataStructures();
    @SuppressWarnings("unchecked")
    Map<String, Context> pmap = (Map<String, Context>) data[1];
    String[] outcomes = (String[]) data[2];
    if (outcomes.length > 127) {
      throw new IOException("more languages than this detector can index: " + outcomes.length);
    }
    String[] iso1 = new String[outcomes.length];
    boolean[] preferred = new boolean[outcomes.length];
    for (int i = 0; i < outcomes.length; i++) {
      iso1[i] = Iso639.toIso1(outcomes[i]);
      preferred[i] = INBOX_LANGUAGES.contains(iso1[i]) && !outcomes[i].equals("gsw");
    }
    int total = 0;
    int count = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      if (e.getKey().length() <= 3) {
        total += e.getValue().getOutcomes().length;
        count++;
      }
    }
    LongIntMap predicates = new LongIntMap(count);
    int[] start = new int[count + 1];
    byte[] outcome = new byte[total];
    float[] weight = new float[total];
    int p = 0;
    int k = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      String gram = e.getKey();
      if (gram.length() > 3) {
        continue;
      }
      predicates.put(pack(gram), p);
      start[p] = k;
      int[] outs = e.getValue().getOutcomes();
      double[] params = e.getValue().getParameters();
      for (int j = 0; j < outs.length; j++) {
        outcome[k] = (byte) outs[j];
        weight[k] = (float) params[j];
        k++;
      }
      p++;
    }
    start[p] = k;
    return new LanguageDetector(iso1, preferred, predicates, start, outcome, weight);
  }

  /** The language of {@code text}, or {@link Detection#UNDETERMINED}. */
  public Detection detect(String text) {
    if (text == null || text.isEmpty()) {
      return Detection.UNDETERMINED;
    }
    char[] buf = new char[Math.min(text.length(), MAX_CHARS) + 1];
    int len = normalize(text, buf);
    int letters = 0;
    for (int i = 0; i < len; i++) {
      if (Character.isLetter(buf[i])) {
        letters++;
      }
    }
    if (letters < MIN_LETTERS) {
      return Detection.UNDETERMINED;
    }
    float[] sums = new float[outcomeIso1.length];
    int grams = score(buf, len, sums);
    double[] scores = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      scores[i] = sums[i];
    }
    if (grams == 0) {
      return Detection.UNDETERMINED;
    }
    int best = -1;
    for (int i = 0; i < scores.length; i++) {
      if (preferred[i]) {
        scores[i] += PREFERRED_BONUS_PER_GRAM * grams;
      }
      if (best < 0 || scores[i] > scores[best]) {
        best = i;
      }
    }
    // Confidence: the best language's share against its rivals, with each rival that maps to the
    // same two letter code (Standard and generic Estonian, Swiss and standard German) counted in.
    double same = 0;
    double all = 0;
    String lang = outcomeIso1[best];
    for (int i = 0; i < scores.length; i++) {
      double e = Math.exp(SCALE * (scores[i] - scores[best]));
      all += e;
      if (outcomeIso1[i].equals(lang)) {
        same += e;
      }
    }
    double confidence = same / all;
    if (lang.equals(Iso639.UNDETERMINED) || confidence < MIN_CONFIDENCE) {
      return Detection.UNDETERMINED;
    }
    return new Detection(lang, confidence);
  }

  /**
   * The language of {@code text}, or {@code fallback} (confidence 0) when it cannot be told; a
   * null or blank fallback gives {@code und}.
   */
  public Detection detect(String text, String fallback) {
    Detection d = detect(text);
    if (d.isDetermined() || fallback == null || fallback.isBlank()) {
      return d;
    }
    return new Detection(fallback, 0.0);
  }

  /** Sums the weights of the distinct n-grams of {@code buf[0..len)}; returns how many matched. */
  private int score(char[] buf, int len, float[] scores) {
    LongSet seen = new LongSet(3 * len);
    int matched = 0;
    for (int n = 1; n <= 3; n++) {
      for (int i = 0; i + n <= len; i++) {
        long key = n;
        for (int j = 0; j < n; j++) {
          key = (key << 16) | buf[i + j];
        }
        if (!seen.add(key)) {
          continue;
        }
        int p = predicates.get(key);
        if (p == LongIntMap.MISSING) {
          continue;
        }
        matched++;
        if (p < 0) {
          addRow(scores, -(p + 1) * scores.length);
          continue;
        }
        for (int k = paramStart[p], end = paramStart[p + 1]; k < end; k++) {
          scores[paramOutcome[k]] += paramWeight[k];
        }
      }
    }
    return matched;
  }

  private void addRow(float[] scores, int base) {
    float[] d = dense;
    for (int k = 0; k < scores.length; k++) {
      scores[k] += d[base + k];
    }
  }

  static long pack(CharSequence gram) {
    long key = gram.length();
    for (int j = 0; j < gram.length(); j++) {
      key = (key << 16) | gram.charAt(j);
    }
    return key;
  }

  /**
   * OpenNLP's language detector normalization in one pass: drops links, e-mail addresses, mentions
   * and hashtags, digits and emoji; shrinks runs of three or more equal characters to two and runs
   * of spaces to one; lower-cases. Writes at most {@code out.length - 1} characters.
   */
  static int normalize(String text, char[] out) {
    int max = out.length - 1;
    int n = 0;
    int i = 0;
    int length = text.length();
    while (i < length && n < max) {
      char c = text.charAt(i);
      boolean tokenStart = i == 0 || Character.isWhitespace(text.charAt(i - 1));
      if (tokenStart && !Character.isWhitespace(c)) {
        int end = i;
        boolean at = false;
        while (end < length && !Character.isWhitespace(text.charAt(end))) {
          at |= text.charAt(end) == '@';
          end++;
        }
        if (at || c == '#' || text.startsWith("http", i) || text.startsWith("www.", i)) {
          n = appendSpace(out, n);
          i = end;
          continue;
        }
      }
      if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c) || Character.isDigit(c)) {
        n = appendSpace(out, n);
        i++;
        continue;
      }
      int type = Character.getType(c);
      if (Character.isWhitespace(c) || type == Character.OTHER_SYMBOL) {
        n = appendSpace(out, n);
        i++;
        continue;
      }
      char lower = Character.toLowerCase(c);
      if (n >= 2 && out[n - 1] == lower && out[n - 2] == lower) {
        i++;
        continue;
      }
      out[n++] = lower;
      i++;
    }
    return n;
  }

  private static int appendSpace(char[] out, int n) {
    if (n > 0 && out[n - 1] != ' ') {
      out[n++] = ' ';
    }
    return n;
  }

  /**
   * Open addressing long to int map; {@link #MISSING} for a missing key. Keys and values sit side
   * by side, so a lookup touches one cache line. Read-only after loading.
   */
  static final class LongIntMap {
    static final int MISSING = Integer.MIN_VALUE;
    private final long[] slots;
    private final int mask;

    LongIntMap(int expected) {
      int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
      slots = new long[2 * cap];
      mask = cap - 1;
    }

    void put(long key, int value) {
      int i = mix(key) & mask;
      while (slots[2 * i] != 0 && slots[2 * i] != key) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = key;
      slots[2 * i + 1] = value;
    }

    /** Replaces each value p that has a dense row r by -(r + 1). */
    void encodeDenseRows(int[] denseRow) {
      for (int i = 0; i < slots.length; i += 2) {
        if (slots[i] != 0 && denseRow[(int) slots[i + 1]] >= 0) {
          slots[i + 1] = -(denseRow[(int) slots[i + 1]] + 1);
        }
      }
    }

    int get(long key) {
      int i = mix(key) & mask;
      while (true) {
        long k = slots[2 * i];
        if (k == key) {
          return (int) slots[2 * i + 1];
        }
        if (k == 0) {
          return MISSING;
        }
        i = (i + 1) & mask;
      }
    }
  }

  /** A small open addressing set of non-zero longs for one call. */
  static final class LongSet {
    private final long[] keys;
    private final int mask;

    LongSet(int expected) {
      int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
      keys = new long[cap];
      mask = cap - 1;
    }

    boolean add(long key) {
      int i = mix(key) & mask;
      while (true) {
        long k = keys[i];
        if (k == key) {
          return false;
        }
        if (k == 0) {
          keys[i] = key;
          return true;
        }
        i = (i + 1) & mask;
      }
    }
  }

  static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
