package io.switchboard.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
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
 * #MAX_CHARS} characters of normalized text are read: on a long mail more costs time without
 * changing the answer (1,200 bodies of 14 KB, all detected right from that prefix; ADR 22).
 *
 * <p>Close languages look alike to character trigrams on a short sentence, so the function words
 * of the inbox languages ({@link FunctionWords}) add their own evidence.
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
  /**
   * Evidence (log-odds) one function word of an inbox language adds to it ({@link
   * FunctionWords}): "el" makes Spanish e times likelier than before. Accuracy on the shared
   * sentences and on the UMSAB tweets stays within half a point for weights from 0.5 to 2.
   */
  private static final double FUNCTION_WORD_NATS = 1.0;
  /** exp of less than this adds nothing a double can hold next to the best language's 1. */
  private static final double NEGLIGIBLE = -60;

  /** A map value that says the n-gram has one weight, kept in the value itself. */
  private static final long SINGLE = 1L << 48;

  private final String[] outcomeIso1;
  /** Per outcome, the index of its first outcome with the same ISO 639-1 code. */
  private final int[] sameCode;
  private final boolean[] preferred;
  /**
   * N-gram key to where its weights are: -(row + 1) for a dense row, {@link #SINGLE} | outcome
   * << 32 | weight bits for an n-gram of one language, else count << 32 | start in {@link
   * #sparse}.
   */
  private final LongLongMap grams;
  /**
   * Weights of the n-grams of a few languages, one block each: the outcome numbers four to an
   * int, then the weights as float bits. One block is one run of memory, so one cache miss.
   */
  private final int[] sparse;
  /**
   * Weights of the n-grams that many languages share, one full row of outcomes each: adding a
   * row is a loop the JIT vectorizes.
   */
  private final float[] dense;
  private final FunctionWords functionWords = FunctionWords.load();
  /** Per language of {@link #functionWords}, its outcomes. */
  private final int[][] functionWordOutcomes;
  /** Per-thread work arrays: detecting allocates nothing but the answer. */
  private final ThreadLocal<Scratch> scratch;

  private LanguageDetector(
      String[] outcomeIso1,
      boolean[] preferred,
      LongLongMap grams,
      int[] sparse,
      float[] dense) {
    this.outcomeIso1 = outcomeIso1;
    this.preferred = preferred;
    this.grams = grams;
    this.sparse = sparse;
    this.dense = dense;
    this.sameCode = new int[outcomeIso1.length];
    for (int i = 0; i < outcomeIso1.length; i++) {
      sameCode[i] = java.util.Arrays.asList(outcomeIso1).indexOf(outcomeIso1[i]);
    }
    List<String> fwLanguages = functionWords.languages();
    this.functionWordOutcomes = new int[fwLanguages.size()][];
    for (int l = 0; l < fwLanguages.size(); l++) {
      String code = fwLanguages.get(l);
      functionWordOutcomes[l] =
          IntStream.range(0, outcomeIso1.length)
              .filter(i -> preferred[i] && outcomeIso1[i].equals(code))
              .toArray();
    }
    int outcomes = outcomeIso1.length;
    int languages = fwLanguages.size();
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(outcomes, languages));
  }

  /**
   * The model that opennlp-models-langdetect puts on the classpath. Read-only after loading, so
   * every caller in this JVM shares one copy: each daemon start, each {@code train} and each test
   * daemon used to read and unpack it again (ADR 0046).
   */
  public static LanguageDetector load() {
    LanguageDetector detector = shipped;
    if (detector == null) {
      synchronized (LanguageDetector.class) {
        detector = shipped;
        if (detector == null) {
          detector = loadShipped();
          shipped = detector;
        }
      }
    }
    return detector;
  }

  private static volatile LanguageDetector shipped;

  private static LanguageDetector loadShipped() {
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
    int count = 0;
    int rows = 0;
    int sparseInts = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      int n = e.getValue().getOutcomes().length;
      if (e.getKey().length() > 3 || n == 0) {
        continue;
      }
      count++;
      if (n >= DENSE_MIN_OUTCOMES) {
        rows++;
      } else if (n > 1) {
        sparseInts += (n + 3) / 4 + n;
      }
    }
    int width = outcomes.length;
    LongLongMap grams = new LongLongMap(count);
    int[] sparse = new int[sparseInts];
    float[] dense = new float[rows * width];
    int row = 0;
    int at = 0;
    for (Map.Entry<String, Context> e : pmap.entrySet()) {
      String gram = e.getKey();
      int[] outs = e.getValue().getOutcomes();
      double[] params = e.getValue().getParameters();
      int n = outs.length;
      if (gram.length() > 3 || n == 0) {
        continue;
      }
      long value;
      if (n >= DENSE_MIN_OUTCOMES) {
        for (int j = 0; j < n; j++) {
          dense[row * width + outs[j]] += (float) params[j];
        }
        value = -(row + 1);
        row++;
      } else if (n == 1) {
        long bits = Float.floatToRawIntBits((float) params[0]) & 0xffffffffL;
        value = SINGLE | (long) outs[0] << 32 | bits;
      } else {
        int weights = at + (n + 3) / 4;
        for (int j = 0; j < n; j++) {
          sparse[at + (j >> 2)] |= outs[j] << ((j & 3) << 3);
          sparse[weights + j] = Float.floatToRawIntBits((float) params[j]);
        }
        value = (long) n << 32 | at;
        at = weights + n;
      }
      grams.put(pack(gram), value);
    }
    return new LanguageDetector(iso1, preferred, grams, sparse, dense);
  }

  /** The language of {@code text}, or {@link Detection#UNDETERMINED}. */
  public Detection detect(String text) {
    if (text == null || text.isEmpty()) {
      return Detection.UNDETERMINED;
    }
    Scratch w = scratch.get();
    float[] sums = w.sums;
    int grams = score(text, w);
    if (grams == 0) {
      return Detection.UNDETERMINED;
    }
    double[] scores = w.scores;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = sums[i];
      if (preferred[i]) {
        scores[i] += PREFERRED_BONUS_PER_GRAM * grams;
      }
    }
    int[] hits = w.functionWords;
    java.util.Arrays.fill(hits, 0);
    functionWords.count(w.chars, w.length, hits);
    for (int l = 0; l < hits.length; l++) {
      for (int o : functionWordOutcomes[l]) {
        scores[o] += hits[l] * FUNCTION_WORD_NATS / SCALE;
      }
    }
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    // Confidence: the best language's share against its rivals, with each rival that maps to the
    // same two letter code (Standard and generic Estonian, Swiss and standard German) counted in.
    // A rival far behind adds less than the last bit of the sum: it is not computed.
    double same = 0;
    double all = 0;
    int code = sameCode[best];
    for (int i = 0; i < scores.length; i++) {
      double x = SCALE * (scores[i] - scores[best]);
      if (x < NEGLIGIBLE) {
        continue;
      }
      double e = Math.exp(x);
      all += e;
      if (sameCode[i] == code) {
        same += e;
      }
    }
    double confidence = same / all;
    String lang = outcomeIso1[best];
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

  /**
   * Normalizes the first {@value #MAX_CHARS} characters of {@code text} and sums the weights of
   * their distinct n-grams into {@code w.sums}; returns how many n-grams the model knows, 0 when
   * the text has fewer than {@value #MIN_LETTERS} letters.
   */
  private int score(String text, Scratch w) {
    char[] buf = w.chars;
    int len = normalize(text, buf);
    w.length = len;
    int letters = 0;
    for (int i = 0; i < len && letters < MIN_LETTERS; i++) {
      if (Character.isLetter(buf[i])) {
        letters++;
      }
    }
    if (letters < MIN_LETTERS) {
      return 0;
    }
    // Three passes: the distinct n-grams in order, then their map entries, then their weights.
    // The lookups do not depend on each other, so the processor overlaps their cache misses.
    long[] keys = w.keys;
    int distinct = 0;
    LongSet seen = w.seen;
    seen.reset(3 * len);
    try {
      for (int n = 1; n <= 3; n++) {
        for (int i = 0; i + n <= len; i++) {
          long key = n;
          for (int j = 0; j < n; j++) {
            key = (key << 16) | buf[i + j];
          }
          if (seen.add(key)) {
            keys[distinct++] = key;
          }
        }
      }
    } finally {
      seen.clear();
    }
    for (int k = 0; k < distinct; k++) {
      keys[k] = grams.get(keys[k]);
    }
    float[] sums = w.sums;
    java.util.Arrays.fill(sums, 0f);
    int matched = 0;
    for (int k = 0; k < distinct; k++) {
      long v = keys[k];
      if (v == LongLongMap.MISSING) {
        continue;
      }
      matched++;
      if (v < 0) {
        addRow(sums, (int) -(v + 1) * sums.length);
      } else if (v >= SINGLE) {
        sums[(int) (v >>> 32) & 0xff] += Float.intBitsToFloat((int) v);
      } else {
        addSparse(sums, (int) v, (int) (v >>> 32));
      }
    }
    return matched;
  }

  private void addRow(float[] sums, int base) {
    float[] d = dense;
    for (int k = 0; k < sums.length; k++) {
      sums[k] += d[base + k];
    }
  }

  private void addSparse(float[] sums, int start, int count) {
    int[] s = sparse;
    int weights = start + ((count + 3) >> 2);
    for (int k = 0; k < count; k++) {
      int outcome = (s[start + (k >> 2)] >>> ((k & 3) << 3)) & 0xff;
      sums[outcome] += Float.intBitsToFloat(s[weights + k]);
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

  /** One thread's work arrays. */
  private static final class Scratch {
    final char[] chars = new char[MAX_CHARS + 1];
    /** How many of {@link #chars} the text filled. */
    int length;
    final int[] functionWords;
    final float[] sums;
    final double[] scores;
    final LongSet seen = new LongSet(3 * MAX_CHARS);
    /** The distinct n-grams of a text, then their map entries. */
    final long[] keys = new long[3 * MAX_CHARS];

    Scratch(int outcomes, int languages) {
      functionWords = new int[languages];
      sums = new float[outcomes];
      scores = new double[outcomes];
    }
  }

  /**
   * Open addressing long to long map; {@link #MISSING} for a missing key. Keys and values sit side
   * by side, so a lookup touches one cache line. Read-only after loading.
   */
  static final class LongLongMap {
    static final long MISSING = Long.MIN_VALUE;
    private final long[] slots;
    private final int mask;

    LongLongMap(int expected) {
      int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
      slots = new long[2 * cap];
      mask = cap - 1;
    }

    void put(long key, long value) {
      int i = mix(key) & mask;
      while (slots[2 * i] != 0 && slots[2 * i] != key) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = key;
      slots[2 * i + 1] = value;
    }

    long get(long key) {
      int i = mix(key) & mask;
      while (true) {
        long k = slots[2 * i];
        if (k == key) {
          return slots[2 * i + 1];
        }
        if (k == 0) {
          return MISSING;
        }
        i = (i + 1) & mask;
      }
    }
  }

  /**
   * An open addressing set of non-zero longs, reused by one thread: {@link #reset} sizes it for a
   * text, {@link #clear} empties only the slots that were filled.
   */
  static final class LongSet {
    private final long[] keys;
    private final int[] filled;
    private int size;
    private int mask;

    LongSet(int maxExpected) {
      keys = new long[capacity(maxExpected)];
      filled = new int[maxExpected];
    }

    private static int capacity(int expected) {
      return Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    }

    /** Empty, with room for {@code expected} keys. */
    void reset(int expected) {
      mask = Math.min(capacity(expected), keys.length) - 1;
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
          filled[size++] = i;
          return true;
        }
        i = (i + 1) & mask;
      }
    }

    void clear() {
      for (int j = 0; j < size; j++) {
        keys[filled[j]] = 0;
      }
      size = 0;
    }
  }

  static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
