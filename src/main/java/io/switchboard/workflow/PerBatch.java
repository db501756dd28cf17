package io.switchboard.workflow;

import java.util.function.Supplier;

/**
 * A value a reaction reads once per batch of workflow events instead of once per event (its
 * configuration rows: webhooks, routing rules). Between {@link #start} and {@link #end}, which
 * {@link WorkflowReactions} calls around each batch it hands out, {@link #get} reads the value on
 * first use and returns that copy to every event of the batch, on any thread; outside a batch (an
 * API call, a test calling a reaction directly) each {@link #get} reads afresh. An edit made during
 * a batch applies from the next one (ADR 0074). Thread-safe; batches may overlap (the route and a
 * {@link WorkflowReactions#drain}): the copy is let go when the last of them ends.
 */
public final class PerBatch<T> {
  private final Supplier<T> read;
  private int open;
  private T value;

  public PerBatch(Supplier<T> read) {
    this.read = read;
  }

  public synchronized void start() {
    open++;
  }

  public synchronized void end() {
    if (open > 0 && --open == 0) {
      value = null;
    }
  }

  /** The batch's copy, read now if this is its first use; a fresh read outside a batch. */
  public T get() {
    synchronized (this) {
      if (open > 0) {
        if (value == null) {
          value = read.get();
        }
        return value;
      }
    }
    return read.get();
  }
}
