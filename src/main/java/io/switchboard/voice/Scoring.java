package io.switchboard.voice;

import java.util.List;

/** What each finding costs the voice score, which starts at 100 and stops at 0. */
public record Scoring(int block, int warn) {

  public int score(List<Violation> violations) {
    int cost = 0;
    for (Violation v : violations) {
      cost += v.severity() == Severity.BLOCK ? block : warn;
    }
    return Math.max(0, 100 - cost);
  }
}
