package io.switchboard.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class KeyedRunsTest {

  @Test
  void eachKeysItemsShouldRunInOrderOnOneThreadAndTheCountsAddUp() throws Exception {
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, String> threads = new ConcurrentHashMap<>();
    List<Integer> items = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    try (KeyedRuns runs = new KeyedRuns("test-runs", 3)) {
      int[] sum =
          runs.run(
              items,
              i -> i % 3,
              group -> {
                String key = "k" + group.get(0) % 3;
                seen.put(key, new ArrayList<>(group));
                threads.put(key, Thread.currentThread().getName());
                return new int[] {group.size(), 1};
              },
              2,
              e -> {
                throw new AssertionError(e);
              });
      assertThat(sum).containsExactly(10, 3);
    }
    assertThat(seen)
        .containsEntry("k1", List.of(1, 4, 7, 10))
        .containsEntry("k2", List.of(2, 5, 8))
        .containsEntry("k0", List.of(3, 6, 9));
    assertThat(threads.values()).allMatch(t -> t.startsWith("test-runs-"));
  }

  @Test
  void aRunThatThrowsShouldBeHandedOverAndCountNothing() throws Exception {
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    try (KeyedRuns runs = new KeyedRuns("test-runs", 2)) {
      int[] sum =
          runs.run(
              List.of("ok", "ok", "bad"),
              s -> s,
              group -> {
                if (group.get(0).equals("bad")) {
                  throw new IllegalStateException("database down");
                }
                return new int[] {group.size()};
              },
              1,
              failures::add);
      assertThat(sum).containsExactly(2);
    }
    assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("database down"));
  }

  @Test
  void lanesShouldKeepEachKeyInOrderRunEveryGroupInsideTheirSetUpOncePerLaneAndHandOverFailures() throws Exception {
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    List<String> setUps = Collections.synchronizedList(new ArrayList<>());
    ThreadLocal<String> lane = new ThreadLocal<>();
    Map<String, String> ranIn = new ConcurrentHashMap<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Integer> items = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    try (KeyedRuns runs = new KeyedRuns("test-lanes", 2)) {
      int[] sum =
          runs.run(
              items,
              i -> i % 5,
              group -> {
                String key = "k" + group.get(0) % 5;
                if (key.equals("k4")) {
                  throw new IllegalStateException("reaction failed");
                }
                seen.put(key, new ArrayList<>(group));
                ranIn.put(key, lane.get());
                return new int[] {group.size()};
              },
              1,
              failures::add,
              work -> {
                String name = "lane-" + setUps.size() + "-" + Thread.currentThread().getName();
                setUps.add(name);
                lane.set(name);
                try {
                  return work.get();
                } finally {
                  lane.remove();
                }
              });
      assertThat(sum).containsExactly(13 - 2);
    }
    assertThat(setUps).as("one set-up per lane, at most one lane per thread").hasSize(2);
    assertThat(ranIn.values()).as("every group inside its lane's set-up").allMatch(setUps::contains);
    assertThat(seen)
        .containsEntry("k1", List.of(1, 6, 11))
        .containsEntry("k2", List.of(2, 7, 12))
        .containsEntry("k3", List.of(3, 8, 13))
        .containsEntry("k0", List.of(5, 10));
    assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("reaction failed"));
  }
}
