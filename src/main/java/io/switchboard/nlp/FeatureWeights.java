package io.switchboard.nlp;

/**
 * A maxent model's weights by feature, keyed by a 64-bit FNV-1a hash of the feature string, with
 * the three label weights stored next to each other: one lookup touches two cache lines instead of
 * a hash map's node, key string and weight array. A hash can be continued ({@link #hash(long,
 * String)}), so "de|" + word and word + " " + next are looked up without building those strings.
 *
 * <p>Two features whose hashes collide would be refused at build time; among a few hundred
 * thousand features the chance is about 10^-9. Read-only after building and thread-safe.
 */
final class FeatureWeights {
  /** The hash of the empty string; start every hash from here. */
  static final long START = 0xcbf29ce484222325L;

  private static final long PRIME = 0x100000001b3L;

  private final long[] keys;
  private final double[] weights;
  private final int width;
  private final int shift;

  /**
   * @param expected how many features will be put
   * @param width how many weights each feature has
   */
  FeatureWeights(int expected, int width) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    this.keys = new long[cap];
    this.weights = new double[cap * width];
    this.width = width;
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
    while (keys[i] != 0) {
      if (keys[i] == key) {
        throw new IllegalStateException("two features share a hash: " + feature);
      }
      i = (i + 1) & (keys.length - 1);
    }
    keys[i] = key;
    System.arraycopy(w, 0, weights, i * width, width);
  }

  /** Adds the weights of the feature with this hash to {@code sum}; nothing when it is unknown. */
  void addTo(long hash, double[] sum) {
    long key = key(hash);
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        int base = i * width;
        for (int j = 0; j < width; j++) {
          sum[j] += weights[base + j];
        }
        return;
      }
      if (k == 0) {
        return;
      }
      i = (i + 1) & (keys.length - 1);
    }
  }

  private static long key(long hash) {
    return hash == 0 ? 1 : hash;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
