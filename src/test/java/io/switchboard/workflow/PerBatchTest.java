package io.switchboard.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A reaction's per-batch copy: read once inside a batch, afresh outside one. */
class PerBatchTest {
  final AtomicInteger reads = new AtomicInteger();
  final PerBatch<Integer> value = new PerBatch<>(reads::incrementAndGet);

  @Test
  void aBatchShouldReadOnceAndShareItsCopy() {
    value.start();
    assertThat(value.get()).isEqualTo(1);
    assertThat(value.get()).isEqualTo(1);
    value.end();
    assertThat(reads.get()).isEqualTo(1);
  }

  @Test
  void theNextBatchShouldSeeAnEditMadeDuringTheLastOne() {
    value.start();
    assertThat(value.get()).isEqualTo(1);
    value.end();
    value.start();
    assertThat(value.get()).as("read again").isEqualTo(2);
    value.end();
  }

  @Test
  void outsideABatchEveryGetShouldReadAfresh() {
    assertThat(value.get()).isEqualTo(1);
    assertThat(value.get()).isEqualTo(2);
  }

  @Test
  void overlappingBatchesShouldKeepTheCopyUntilTheLastEnds() {
    value.start();
    value.start();
    assertThat(value.get()).isEqualTo(1);
    value.end();
    assertThat(value.get()).as("the other batch still runs").isEqualTo(1);
    value.end();
    assertThat(value.get()).as("no batch: a fresh read").isEqualTo(2);
  }
}
