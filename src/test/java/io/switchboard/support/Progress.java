package io.switchboard.support;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits for a count to reach a target for as long as it keeps rising: fails when it stands still
 * for {@code stall} (the work hangs), not when a loaded machine makes the whole take longer than a
 * guess (ADR 0050). {@code cap} bounds the whole wait all the same.
 */
public final class Progress {
  private Progress() {}

  public static void await(String what, LongSupplier count, long target, Duration stall, Duration cap, Duration poll) {
    long[] last = {Long.MIN_VALUE};
    long[] since = {System.nanoTime()};
    org.awaitility.Awaitility.await(what)
        .atMost(cap)
        .pollInterval(poll)
        .until(
            () -> {
              long now = count.getAsLong();
              if (now > last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
              } else if (System.nanoTime() - since[0] > stall.toNanos()) {
                throw new AssertionError(what + ": stuck at " + now + " of " + target + " for " + stall);
              }
              return now >= target;
            });
  }
}
