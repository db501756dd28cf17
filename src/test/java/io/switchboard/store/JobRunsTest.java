package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TestStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Several instances firing the same scheduled run: exactly one does it. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class JobRunsTest {
  @TempDir java.nio.file.Path dir;
  @Parameter TestStore store;

  @Test
  void exactlyOneOfManyConcurrentClaimsOfARunShouldWin() throws Exception {
    try (Database db = store.open(dir)) {
      List<JobRuns> instances =
          IntStream.range(0, 8).mapToObj(i -> new JobRuns(db.jdbi(), Clock.systemUTC(), "instance-" + i)).toList();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> claims =
            instances.stream().map(r -> (Callable<Boolean>) () -> r.claim("digest", "2026-11-16/2026-11-23")).toList();
        long winners = 0;
        for (Future<Boolean> f : pool.invokeAll(claims)) {
          winners += f.get() ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(instances.get(0).claim("digest", "2026-11-23/2026-11-30")).as("the next period").isTrue();
      assertThat(instances.get(1).claim("digest", "2026-11-23/2026-11-30")).isFalse();
      assertThat(instances.get(1).claim("other-job", "2026-11-23/2026-11-30")).as("another job").isTrue();
    }
  }

  /**
   * An instance claims a run, reaches one recipient and dies: nobody takes the run while the claim
   * is live; once it expired, one other instance takes it over and reaches only the others.
   */
  @Test
  void anUnfinishedRunShouldBeTakenOverOnceItsClaimExpiredAndSkipWhoItReached() throws Exception {
    try (Database db = store.open(dir)) {
      io.switchboard.support.MutableClock clock = new io.switchboard.support.MutableClock(java.time.Instant.parse("2026-11-30T07:00:00Z"));
      java.time.Duration ttl = java.time.Duration.ofSeconds(30);
      JobRuns dead = new JobRuns(db.jdbi(), clock, "dead", ttl);
      JobRuns b = new JobRuns(db.jdbi(), clock, "b", ttl);
      JobRuns c = new JobRuns(db.jdbi(), clock, "c", ttl);
      assertThat(dead.claim("digest", "week-48")).isTrue();
      assertThat(dead.reach("digest", "week-48", "m1@shop.test")).isTrue();

      clock.advance(java.time.Duration.ofSeconds(29));
      assertThat(b.abandoned("digest")).as("claim still live").isEmpty();
      assertThat(b.claim("digest", "week-48")).isFalse();

      clock.advance(java.time.Duration.ofSeconds(2));
      assertThat(b.abandoned("digest")).containsExactly("week-48");
      assertThat(b.claim("digest", "week-48")).isTrue();
      assertThat(c.claim("digest", "week-48")).as("taken over once").isFalse();
      assertThat(b.reached("digest", "week-48", "m1@shop.test")).isTrue();
      assertThat(b.reached("digest", "week-48", "m2@shop.test")).isFalse();
      assertThat(dead.reach("digest", "week-48", "m3@shop.test")).as("the old holder lost its claim").isFalse();
      assertThat(b.reach("digest", "week-48", "m2@shop.test")).isTrue();
      b.finish("digest", "week-48");

      clock.advance(java.time.Duration.ofHours(1));
      assertThat(c.abandoned("digest")).as("a finished run is never taken over").isEmpty();
      assertThat(c.claim("digest", "week-48")).isFalse();
    }
  }
}
