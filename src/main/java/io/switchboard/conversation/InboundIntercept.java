package io.switchboard.conversation;

import io.switchboard.model.InboundMessage;
import java.util.Optional;

/**
 * Takes an inbound message that is not a customer writing out of the customer flow before ingest
 * threads it: a department's answer to a hand-off becomes an internal note on the conversation.
 * Asked for every message that is not a duplicate; must be thread-safe and quick to say no.
 */
public interface InboundIntercept {
  /**
   * What the message became.
   *
   * @param duplicate true when another delivery of the same message was taken first
   */
  record Taken(long conversationId, long messageId, boolean duplicate) {}

  /** @return empty to let ingest store the message as a customer's */
  Optional<Taken> take(InboundMessage message);

  InboundIntercept NONE = m -> Optional.empty();
}
