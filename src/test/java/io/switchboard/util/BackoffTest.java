package io.switchboard.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delayShouldDoubleFromFirstUpToMax() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2));
    List<Duration> waits = new ArrayList<>();
    for (int failures = 1; failures <= 9; failures++) {
      waits.add(b.delay(failures));
    }
    assertThat(waits)
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L);
  }

  @Test
  void delayShouldStayAtMaxAfterVeryManyFailuresWithoutOverflow() {
    Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofDays(30));
    assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(30));
    assertThat(b.delay(1_000)).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void zeroFailuresShouldWaitTheFirstDelay() {
    Backoff b = new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(10));
    assertThat(b.delay(0)).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.delay(-5)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aMaxBelowTheFirstDelayShouldCapEveryWait() {
    // a poll interval longer than backoff.max: every wait is the max, as before
    Backoff b = new Backoff(Duration.ofMinutes(30), Duration.ofMinutes(15));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMinutes(15));
    assertThat(b.delay(4)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void doublingShouldStopAfterTheGivenNumberOfDoublings() {
    Backoff b = Backoff.doubling(Duration.ofMillis(100), 3);
    assertThat(b.max()).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(20)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void negativeWaitsShouldBeRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aZeroFirstWaitShouldRetryAtOnceEveryTime() {
    // e.g. switchboard.outbox.retryBase = 0s, which meant "retry at once" before there was a Backoff
    Backoff b = Backoff.doubling(Duration.ZERO, 12);
    assertThat(b.delay(1)).isZero();
    assertThat(b.delay(Integer.MAX_VALUE)).isZero();
    Execution<Object> execution = Execution.of(b.retryPolicy(3, e -> true));
    execution.recordException(new IllegalStateException());
    assertThat(execution.isComplete()).isFalse();
    assertThat(execution.getDelay()).isZero();
  }

  @Test
  void delayShouldMatchFailsafeExecutionForTheSamePolicy() {
    for (Backoff b :
        List.of(
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2)),
            new Backoff(Duration.ofMillis(250), Duration.ofMillis(300)),
            new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)),
            Backoff.doubling(Duration.ofMillis(7), 10))) {
      RetryPolicy<Object> policy = b.retryPolicy(40, e -> true);
      Execution<Object> execution = Execution.of(policy);
      for (int failures = 1; failures < 40; failures++) {
        execution.recordException(new IllegalStateException("try " + failures));
        assertThat(execution.isComplete()).isFalse();
        assertThat(execution.getDelay()).as("%s after %d failures", b, failures).isEqualTo(b.delay(failures));
      }
    }
  }

  @Test
  void retryPolicyShouldStopAtMaxAttemptsAndOnFailuresItDoesNotRetry() {
    Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1));
    RetryPolicy<Object> policy = b.retryPolicy(3, e -> e instanceof IllegalStateException);

    Execution<Object> used = Execution.of(policy);
    used.recordException(new IllegalStateException());
    used.recordException(new IllegalStateException());
    assertThat(used.isComplete()).isFalse();
    used.recordException(new IllegalStateException());
    assertThat(used.isComplete()).isTrue();

    Execution<Object> refused = Execution.of(policy);
    refused.recordException(new IllegalArgumentException());
    assertThat(refused.isComplete()).isTrue();

    Execution<Object> once = Execution.of(b.retryPolicy(1, e -> true));
    once.recordException(new IllegalStateException());
    assertThat(once.isComplete()).isTrue();
  }
}
