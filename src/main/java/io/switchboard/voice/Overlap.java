package io.switchboard.voice;

import java.util.List;

/** Where two findings cover the same words, the first one found is enough. */
final class Overlap {
  private Overlap() {}

  static boolean any(List<Violation> taken, int start, int end) {
    for (Violation v : taken) {
      if (start < v.end() && v.start() < end) {
        return true;
      }
    }
    return false;
  }
}
