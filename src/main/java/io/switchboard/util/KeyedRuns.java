package io.switchboard.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Work on claimed rows grouped by a key: each group's rows in their order on one thread, different
 * groups in parallel on a fixed pool of daemon threads. The workflow events and webhook deliveries
 * share it: their rows keep their order per conversation, and conversations do not wait for each
 * other. Thread-safe.
 */
public final class KeyedRuns implements AutoCloseable {
  private final ExecutorService pool;

  /** A pool of {@code threads} (at least one) daemon threads named {@code name-1}, {@code name-2}, ... */
  public KeyedRuns(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Groups {@code items} by {@code key} (groups in the order of their first item), runs {@code
   * work} on each group and adds up the {@code width} counts each run returns. A run that threw is
   * handed to {@code failed} and counts nothing.
   */
  public <T> int[] run(
      List<T> items, Function<T, ?> key, Function<List<T>, int[]> work, int width, Consumer<Throwable> failed)
      throws InterruptedException {
    Map<Object, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
    }
    List<Future<int[]>> runs = new ArrayList<>();
    for (List<T> g : groups.values()) {
      runs.add(pool.submit(() -> work.apply(g)));
    }
    int[] sum = new int[width];
    for (Future<int[]> f : runs) {
      try {
        int[] r = f.get();
        for (int i = 0; i < width; i++) {
          sum[i] += r[i];
        }
      } catch (ExecutionException e) {
        failed.accept(e.getCause());
      }
    }
    return sum;
  }

  /** Stops the threads, interrupting runs under way. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
