package io.switchboard.nlp;

import java.util.Collection;

/**
 * A one-bit-per-slot filter over the hash codes of a set of strings: {@link #mightContain} is
 * false for most strings not in the set, and never for one in it. A word's hash code is computed
 * once and kept by the string, and the filter's bits fit in the processor's cache, so the word
 * lists a tagger looks every word up in turn most words away without probing their hash maps.
 *
 * <p>Immutable and thread-safe.
 */
final class HashFilter {
  private final long[] bits;
  private final int shift;

  private HashFilter(long[] bits, int shift) {
    this.bits = bits;
    this.shift = shift;
  }

  /** A filter of about 16 bits per string: one string in twenty or so not in the set passes. */
  static HashFilter of(Collection<String> strings) {
    int slots = Integer.highestOneBit(Math.max(64, strings.size() * 16 - 1)) << 1;
    HashFilter f = new HashFilter(new long[slots / 64], Integer.numberOfLeadingZeros(slots) + 1);
    for (String s : strings) {
      int i = f.slot(s);
      f.bits[i >>> 6] |= 1L << i;
    }
    return f;
  }

  boolean mightContain(String s) {
    int i = slot(s);
    return (bits[i >>> 6] & 1L << i) != 0;
  }

  private int slot(String s) {
    return (s.hashCode() * 0x9E3779B9) >>> shift;
  }
}
