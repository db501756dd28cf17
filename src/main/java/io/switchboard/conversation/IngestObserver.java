package io.switchboard.conversation;

/**
 * Told once of each input ingest finished with: its channel, its outcome and how long it took from
 * receipt to that outcome (for {@code GET /metrics}). Called on ingest's threads; must be quick and
 * thread-safe.
 */
@FunctionalInterface
public interface IngestObserver {
  IngestObserver NONE = (channel, outcome, nanos) -> {};

  void finished(String channel, IngestItem.Outcome outcome, long nanos);
}
