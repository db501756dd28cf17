package io.switchboard.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for long work (thousands of messages read after a crash) by its progress instead of by
 * the clock. A fixed limit such as "all stored within 3 minutes" fails on a machine busy with
 * other work although nothing is wrong; here the wait fails only when the measure of progress has
 * not moved for {@code stall}: the daemon is stuck, not slow.
 */
public final class Progress {
  /** How long the measure may stand still before the wait fails. */
  public static final Duration STALL = Duration.ofMinutes(5);

  private Progress() {}

  /** Returns once {@code value} reaches {@code target}; fails once it stood still for {@link #STALL}. */
  public static void awaitAtLeast(String what, LongSupplier value, long target) {
    awaitAtLeast(what, value, target, Duration.ofMillis(200));
  }

  /** As {@link #awaitAtLeast(String, LongSupplier, long)}, reading {@code value} every {@code poll}. */
  public static void awaitAtLeast(String what, LongSupplier value, long target, Duration poll) {
    awaitDone(what, value, () -> value.getAsLong() >= target, poll);
  }

  /**
   * Returns once {@code done} holds; fails once {@code progress} (a count that grows while the
   * work goes on) stood still for {@link #STALL} without {@code done}.
   */
  public static void awaitDone(String what, LongSupplier progress, BooleanSupplier done, Duration poll) {
    while (true) {
      long seen = progress.getAsLong();
      if (done.getAsBoolean()) {
        return;
      }
      try {
        await(what)
            .atMost(STALL)
            .pollInterval(poll)
            .until(() -> done.getAsBoolean() || progress.getAsLong() != seen);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            what + ": no progress for " + STALL.toMinutes() + " min, stuck at " + seen, e);
      }
    }
  }
}
