package io.switchboard.workflow;

import io.switchboard.conversation.InboundMessage;
import io.switchboard.conversation.Tags;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to a conversation, told after it was committed: routing, SLA clocks, follow-ups
 * and satisfaction surveys listen here instead of being wired into each writer. A listener's
 * failure is logged and never undoes or blocks the change it was told about.
 */
public interface WorkflowEvents {
  /** A customer's message was stored; {@code opened} when it started the conversation. */
  default void customerWrote(long conversationId, long messageId, boolean opened, InboundMessage message, Tags tags) {}

  /** An agent's reply to the customer was queued for sending. */
  default void agentReplied(long conversationId, long messageId, String author) {}

  /** An internal note was added; it never reaches the customer. */
  default void noteAdded(long conversationId, long messageId, String author) {}

  /** The status changed, e.g. open to pending. */
  default void statusChanged(long conversationId, String from, String to, String actor) {}

  /** The assignee changed; either side may be null (unassigned). */
  default void assigned(long conversationId, String from, String to, String actor) {}

  WorkflowEvents NONE = new WorkflowEvents() {};

  /** Tells each listener in order; one listener's exception does not keep the others from hearing. */
  static WorkflowEvents all(List<WorkflowEvents> listeners) {
    Logger log = LoggerFactory.getLogger(WorkflowEvents.class);
    List<WorkflowEvents> copy = List.copyOf(listeners);
    return new WorkflowEvents() {
      private void each(String what, long conversationId, java.util.function.Consumer<WorkflowEvents> call) {
        for (WorkflowEvents l : copy) {
          try {
            call.accept(l);
          } catch (RuntimeException e) {
            log.warn("{} on conversation {}: {} failed: {}", what, conversationId, l.getClass().getSimpleName(), e.toString());
          }
        }
      }

      @Override
      public void customerWrote(long c, long m, boolean opened, InboundMessage message, Tags tags) {
        each("customer message", c, l -> l.customerWrote(c, m, opened, message, tags));
      }

      @Override
      public void agentReplied(long c, long m, String author) {
        each("reply", c, l -> l.agentReplied(c, m, author));
      }

      @Override
      public void noteAdded(long c, long m, String author) {
        each("note", c, l -> l.noteAdded(c, m, author));
      }

      @Override
      public void statusChanged(long c, String from, String to, String actor) {
        each("status", c, l -> l.statusChanged(c, from, to, actor));
      }

      @Override
      public void assigned(long c, String from, String to, String actor) {
        each("assignment", c, l -> l.assigned(c, from, to, actor));
      }
    };
  }
}
