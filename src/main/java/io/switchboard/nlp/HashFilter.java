package io.switchboard.nlp;

import java.util.Collection;

/**
 * A one-bit-per-slot filter over the hash codes of a set of strings, or over a set of long keys:
 * {@link #mightContain} is false for most strings (keys) not in the set, and never for one in it.
 * A word's hash code is computed once and kept by the string, and the filter's bits fit in the
 * processor's cache, so the word lists a tagger looks every word up in turn most words away
 * without probing their hash maps.
 *
 * <p>Immutable and thread-safe.
 */
final class HashFilter {
  private final long[] bits;
  private final int shift;

  /** A filter of about 16 bits per member: one string or key in twenty or so not in the set passes. */
  private HashFilter(int members) {
    int slots = Integer.highestOneBit(Math.max(64, members * 16 - 1)) << 1;
    this.bits = new long[slots / 64];
    this.shift = 64 - Integer.numberOfTrailingZeros(slots);
  }

  static HashFilter of(Collection<String> strings) {
    HashFilter f = new HashFilter(strings.size());
    for (String s : strings) {
      f.set(s.hashCode());
    }
    return f;
  }

  static HashFilter ofKeys(long[] keys) {
    HashFilter f = new HashFilter(keys.length);
    for (long k : keys) {
      f.set(k);
    }
    return f;
  }

  boolean mightContain(String s) {
    return mightContain((long) s.hashCode());
  }

  boolean mightContain(long key) {
    int i = slot(key);
    return (bits[i >>> 6] & 1L << i) != 0;
  }

  private void set(long key) {
    int i = slot(key);
    bits[i >>> 6] |= 1L << i;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
