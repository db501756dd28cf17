package io.switchboard.workflow;

import io.switchboard.model.WorkflowEvent;

/**
 * A reaction to what happened to a conversation: routing, SLA clocks, follow-ups, the loop guard,
 * bounces and satisfaction surveys. The change wrote a {@link WorkflowEvent} row in its own
 * transaction; the {@code workflow-events} route reads it and calls each reaction ({@link
 * WorkflowReactions}). Delivery is at least once (a crash after a reaction and before the row is
 * marked done repeats it; so does a later reaction's failure), so each reaction must be
 * idempotent: by the event's id or by the state it writes (route only if not routed yet, create
 * clocks only if absent, ...). A reaction that throws makes the event retried with backoff, then
 * parked for an admin.
 */
public interface WorkflowEvents {
  /** A customer's message was stored; {@code opened} when it started the conversation. */
  default void customerWrote(long conversationId, long messageId, boolean opened, WorkflowEvent.Facts message) {}

  /** An agent's reply to the customer was queued for sending. */
  default void agentReplied(long conversationId, long messageId, String author) {}

  /** An internal note was added; it never reaches the customer. */
  default void noteAdded(long conversationId, long messageId, String author) {}

  /** The status changed, e.g. open to pending. */
  default void statusChanged(long conversationId, String from, String to, String actor) {}

  /** The assignee changed; either side may be null (unassigned). */
  default void assigned(long conversationId, String from, String to, String actor) {}

  /**
   * A claimed batch is about to be handed out, on several threads: a reaction that reads the same
   * rows for every event (its configuration) may read them once for the batch ({@link PerBatch}).
   */
  default void batchStarts() {}

  /** The batch {@link #batchStarts} announced was handed out; called even when it failed. */
  default void batchEnds() {}

  /** Calls the method of this reaction that the event's kind names. */
  default void on(WorkflowEvent e) {
    WorkflowEvent.Facts f = e.facts();
    switch (e.kind()) {
      case CUSTOMER_WROTE -> customerWrote(e.conversationId(), e.messageId(), e.opened(), f);
      case AGENT_REPLIED -> agentReplied(e.conversationId(), e.messageId(), f.author());
      case NOTE_ADDED -> noteAdded(e.conversationId(), e.messageId(), f.author());
      case STATUS_CHANGED -> statusChanged(e.conversationId(), f.from(), f.to(), f.actor());
      case ASSIGNED -> assigned(e.conversationId(), f.from(), f.to(), f.actor());
    }
  }
}
