package io.switchboard.conversation;

import io.switchboard.model.PollBatch;
import java.util.List;

/**
 * One poll batch on its way through the ingest route: the batch as the channel delivered it (its
 * cursor moves once the route is done) and one {@link IngestItem} per input, which each step fills
 * in. The route's body from {@code receive} to its end.
 */
public record IngestBatch(PollBatch batch, List<IngestItem> items) {
  /** The pending items: not yet found a duplicate, quarantined or stored. */
  public List<IngestItem> pending() {
    return items.stream().filter(IngestItem::isPending).toList();
  }

  /** Whether an item was left for the next poll: then the batch's cursor must not move. */
  public boolean deferred() {
    return items.stream().anyMatch(i -> i.outcome() == IngestItem.Outcome.DEFERRED);
  }

  /**
   * What the poller commits after the route: the batch, or nothing (an empty batch) when an item
   * waits for the next poll, so the poller reads the batch again from its stored cursor.
   */
  public PollBatch settled() {
    return deferred() ? PollBatch.empty(batch.account(), batch.stream()) : batch;
  }

  /** The item of a batch of one input (import, quarantine reprocess). */
  public IngestItem only() {
    if (items.size() != 1) {
      throw new IllegalStateException("a batch of " + items.size() + ", not of one");
    }
    return items.get(0);
  }
}
