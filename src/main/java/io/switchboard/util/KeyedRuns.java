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
import java.util.function.Supplier;

/**
 * Work on claimed rows grouped by a key: each group's rows in their order on one thread, different
 * groups in parallel on a fixed pool of daemon threads. The workflow events and webhook deliveries
 * share it: their rows keep their order per conversation, and conversations do not wait for each
 * other. Thread-safe.
 */
public final class KeyedRuns implements AutoCloseable {
  private final ExecutorService pool;
  private final int threads;

  /** What a lane of {@link #run(List, Function, Function, int, Consumer, Around)} runs inside. */
  @FunctionalInterface
  public interface Around {
    /** Runs {@code lane} (e.g. over one database handle) and returns what it returned. */
    int[] run(Supplier<int[]> lane);
  }

  /** A pool of {@code threads} (at least one) daemon threads named {@code name-1}, {@code name-2}, ... */
  public KeyedRuns(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    this.threads = Math.max(1, threads);
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

  /**
   * As {@link #run(List, Function, Function, int, Consumer)}, but the groups are dealt out to at most
   * one lane per thread (a group stays whole), and each lane runs its groups one after another
   * inside {@code around}: what it sets up (one database handle, so that the statements of one
   * group are prepared once for all of the lane's groups) is set up once per lane, not per group.
   */
  public <T> int[] run(
      List<T> items,
      Function<T, ?> key,
      Function<List<T>, int[]> work,
      int width,
      Consumer<Throwable> failed,
      Around around)
      throws InterruptedException {
    Map<Object, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
    }
    int count = Math.min(threads, groups.size());
    List<List<List<T>>> lanes = new ArrayList<>();
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      lanes.add(new ArrayList<>());
    }
    for (List<T> g : groups.values()) {
      int least = 0;
      for (int i = 1; i < count; i++) {
        if (sizes[i] < sizes[least]) {
          least = i;
        }
      }
      lanes.get(least).add(g);
      sizes[least] += g.size();
    }
    List<Future<int[]>> runs = new ArrayList<>();
    for (List<List<T>> lane : lanes) {
      runs.add(
          pool.submit(
              () ->
                  around.run(
                      () -> {
                        int[] sum = new int[width];
                        for (List<T> g : lane) {
                          try {
                            add(sum, work.apply(g));
                          } catch (RuntimeException e) {
                            failed.accept(e);
                          }
                        }
                        return sum;
                      })));
    }
    int[] sum = new int[width];
    for (Future<int[]> f : runs) {
      try {
        add(sum, f.get());
      } catch (ExecutionException e) {
        failed.accept(e.getCause());
      }
    }
    return sum;
  }

  private static void add(int[] sum, int[] r) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += r[i];
    }
  }

  /** Stops the threads, interrupting runs under way. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
