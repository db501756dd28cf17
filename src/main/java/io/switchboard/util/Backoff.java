package io.switchboard.util;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A doubling wait: {@code first} after one failure, twice that after two in a row, and so on, never
 * more than {@code max}. No jitter: each caller is a single poller or a single outbox row, so there
 * is no herd to spread out.
 *
 * <p>Two kinds of caller share it. A poller's backoff is state across timer ticks: it counts its
 * failures in a row, asks {@link #delay(int)} when the next try is due, and resets the count on
 * success; nothing blocks. A blocking retry of one call (X and Graph reads) takes {@link
 * #retryPolicy} and drives Failsafe's {@link Execution} itself, so it can sleep on its own
 * closable wait rather than in Failsafe's {@code Thread.sleep}. Both give the same delays: {@link
 * #delay(int)} is Failsafe's backoff ({@code withBackoff(first, max)}, factor 2) computed without
 * running anything, which {@code BackoffTest} checks against Failsafe.
 *
 * @param first the wait after the first failure; zero retries at once, as a zero setting always did
 * @param max the longest wait; a {@code max} below {@code first} means every wait is {@code max}
 */
public record Backoff(Duration first, Duration max) {
  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff waits cannot be negative: " + first + ", " + max);
    }
  }

  /** {@code first} doubled at most {@code doublings} times: for callers bounded by attempts only. */
  public static Backoff doubling(Duration first, int doublings) {
    return new Backoff(first, first.multipliedBy(1L << Math.min(Math.max(doublings, 0), 30)));
  }

  /**
   * The wait after {@code failures} failures in a row: {@code first × 2^(failures − 1)}, at most
   * {@code max}; {@code first} (capped) for zero or fewer.
   */
  public Duration delay(int failures) {
    Duration d = first;
    for (int i = 1; i < failures && d.compareTo(max) < 0 && !d.isZero(); i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /**
   * A Failsafe policy with these waits that retries failures {@code retryable} accepts, for {@code
   * maxAttempts} calls in all (at least one).
   */
  public <R> RetryPolicy<R> retryPolicy(int maxAttempts, Predicate<Throwable> retryable) {
    RetryPolicyBuilder<R> b = RetryPolicy.builder();
    if (!first.isZero() && !max.isZero()) { // zero: Failsafe's default, no delay
      b = first.compareTo(max) < 0 ? b.withBackoff(first, max) : b.withDelay(max);
    }
    return b.withMaxAttempts(Math.max(1, maxAttempts)).handleIf(retryable::test).build();
  }
}
