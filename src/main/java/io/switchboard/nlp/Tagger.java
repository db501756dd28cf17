package io.switchboard.nlp;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;

/**
 * The ingest route's tagging step. Thread-safe. Until a real tagger is configured the ingest path
 * uses {@link #NONE}, which sets nothing.
 */
public interface Tagger {
  Tagger NONE = (message, conversationId) -> Tags.NONE;

  /**
   * @param conversationId the conversation the message threads into, or null for a new one
   */
  Tags tag(InboundMessage message, Long conversationId);
}
