package io.switchboard.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HashFilterTest {
  @Test
  void everyStringOfTheSetShouldPass() {
    List<String> words = IntStream.range(0, 5_000).mapToObj(i -> "word" + i).toList();
    HashFilter filter = HashFilter.of(words);
    assertThat(words).allMatch(filter::mightContain);
  }

  @Test
  void mostStringsOutsideTheSetShouldBeTurnedAway() {
    HashFilter filter = HashFilter.of(IntStream.range(0, 5_000).mapToObj(i -> "word" + i).toList());
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      if (filter.mightContain("other" + i)) {
        passed.add("other" + i);
      }
    }
    assertThat(passed.size()).isLessThan(1_000);
  }

  @Test
  void keysShouldBeFilteredAsStringsAre() {
    // three characters packed as PhraseMatcher.stemKey packs them
    long[] keys = IntStream.range(0, 500).mapToLong(i -> (long) ('a' + i % 26) << 32 | (long) ('a' + i / 26) << 16 | 'e').toArray();
    HashFilter filter = HashFilter.ofKeys(keys);
    for (long k : keys) {
      assertThat(filter.mightContain(k)).as("key %d", k).isTrue();
    }
    int passed = 0;
    for (int i = 0; i < 10_000; i++) {
      if (filter.mightContain((long) ('a' + i % 100) << 32 | (long) ('a' + i / 100) << 16 | 'x')) {
        passed++;
      }
    }
    assertThat(passed).isLessThan(1_000);
  }

  @Test
  void anEmptySetShouldTurnEverythingAway() {
    HashFilter filter = HashFilter.of(List.of());
    assertThat(filter.mightContain("parcel")).isFalse();
    assertThat(filter.mightContain("")).isFalse();
  }
}
