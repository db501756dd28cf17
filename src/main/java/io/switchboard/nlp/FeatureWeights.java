package io.switchboard.nlp;

/**
 * A maxent model's weights by feature, keyed by a 64-bit FNV-1a hash of the feature string, each
 * key stored next to its label weights in one run of memory: finding a feature touches one or two
 * cache lines instead of a hash map's node, key string and weight array. A hash can be continued
 * ({@link #hash(long, String)}), so "de|" + word and word + " " + next are looked up without
 * building those strings. {@link #addAll} looks a text's features up in one pass before adding
 * their weights, so the processor overlaps the cache misses.
 *
 * <p>Two features whose hashes collide would be refused at build time; among a few hundred
 * thousand features the chance is about 10^-9. Read-only after building and thread-safe.
 */
final class FeatureWeights {
  /** The hash of the empty string; start every hash from here. */
  static final long START = 0xcbf29ce484222325L;

  private static final long PRIME = 0x100000001b3L;

  /** Per slot: the key, then the weights as double bits. */
  private final long[] slots;
  private final int width;
  private final int stride;
  private final int mask;
  private final int shift;

  /**
   * @param expected how many features will be put
   * @param width how many weights each feature has
   */
  FeatureWeights(int expected, int width) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    this.width = width;
    this.stride = width + 1;
    this.slots = new long[cap * stride];
    this.mask = cap - 1;
    this.shift = 64 - Integer.numberOfTrailingZeros(cap);
  }

  /** Continues {@code hash} over the characters of {@code s}. */
  static long hash(long hash, String s) {
    long h = hash;
    for (int i = 0, n = s.length(); i < n; i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    return h;
  }

  /** Continues {@code hash} over one character. */
  static long hash(long hash, char c) {
    return (hash ^ c) * PRIME;
  }

  void put(String feature, double[] w) {
    long key = key(hash(START, feature));
    int i = slot(key);
    while (slots[i * stride] != 0) {
      if (slots[i * stride] == key) {
        throw new IllegalStateException("two features share a hash: " + feature);
      }
      i = (i + 1) & mask;
    }
    slots[i * stride] = key;
    for (int j = 0; j < width; j++) {
      slots[i * stride + 1 + j] = Double.doubleToRawLongBits(w[j]);
    }
  }

  /** Adds the weights of the feature with this hash to {@code sum}; nothing when it is unknown. */
  void addTo(long hash, double[] sum) {
    int at = find(hash);
    if (at >= 0) {
      add(at, sum);
    }
  }

  /**
   * Adds the weights of the features with the hashes {@code hashes[0..n)} to {@code sum}, in that
   * order (so the sums are the same, to the last bit, as adding them one by one); overwrites
   * {@code hashes}.
   */
  void addAll(long[] hashes, int n, double[] sum) {
    for (int k = 0; k < n; k++) {
      hashes[k] = find(hashes[k]);
    }
    for (int k = 0; k < n; k++) {
      if (hashes[k] >= 0) {
        add((int) hashes[k], sum);
      }
    }
  }

  /** Where the weights of the feature with this hash start in {@link #slots}, or -1. */
  private int find(long hash) {
    long key = key(hash);
    int i = slot(key);
    while (true) {
      long k = slots[i * stride];
      if (k == key) {
        return i * stride + 1;
      }
      if (k == 0) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  private void add(int at, double[] sum) {
    for (int j = 0; j < width; j++) {
      sum[j] += Double.longBitsToDouble(slots[at + j]);
    }
  }

  private static long key(long hash) {
    return hash == 0 ? 1 : hash;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
