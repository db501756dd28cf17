package io.switchboard.channel;

import io.switchboard.model.PollBatch;

/**
 * Reads one account of one channel. Lifecycle: created at start, {@link #poll} called by one route
 * thread again and again, {@link #commit} after each non-empty batch went through ingest, {@link
 * #close} once at stop (from any thread; it must end a wait in {@code poll} promptly).
 *
 * <p>A poller never throws from {@code poll}: failures are recorded in channel health and the call
 * returns an empty batch after backing off.
 */
public interface InboundPoller extends AutoCloseable {
  String channel();

  String accountId();

  /** New input since the stored cursor, at most one batch; may wait for input before returning. */
  PollBatch poll();

  /** Stores the batch's cursor: the next poll starts after it. */
  void commit(PollBatch batch);

  @Override
  void close();
}
