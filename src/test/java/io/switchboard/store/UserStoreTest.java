package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.HsqldbTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing in against stored users: what a failure gives away. */
class UserStoreTest {
  @TempDir Path dir;

  /**
   * A wrong password for a real name and any password for an unknown name both cost one bcrypt
   * check, so nobody can list user names by timing failed sign-ins. Medians of interleaved tries,
   * and a ratio far from the 40x the difference was: a loaded machine slows both alike.
   */
  @Test
  void aFailedSignInShouldTakeAsLongForAnUnknownNameAsForAKnownOne() {
    try (Database db = HsqldbTemplate.open(dir)) {
      UserStore users = new UserStore(db.jdbi(), Clock.systemUTC());
      users.create("ada", "Ada", "correct horse battery", "agent");
      assertThat(users.authenticate("ada", "correct horse battery")).isPresent();
      assertThat(users.authenticate("ada", "wrong")).isEmpty();
      assertThat(users.authenticate("nobody-here", "wrong")).isEmpty();

      int tries = 7;
      long[] known = new long[tries];
      long[] unknown = new long[tries];
      for (int i = 0; i < tries; i++) {
        int n = i;
        known[i] = nanos(() -> users.authenticate("ada", "wrong-" + n));
        unknown[i] = nanos(() -> users.authenticate("ghost-" + n, "wrong-" + n));
      }
      double ratio = (double) median(unknown) / median(known);
      System.out.printf("failed sign-in, median of %d: known name %.1f ms, unknown name %.1f ms%n",
          tries, median(known) / 1e6, median(unknown) / 1e6);
      assertThat(ratio).as("unknown / known name").isBetween(0.5, 2.0);
    }
  }

  private static long nanos(Supplier<?> call) {
    long start = System.nanoTime();
    assertThat(call.get()).isEqualTo(java.util.Optional.empty());
    return System.nanoTime() - start;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
