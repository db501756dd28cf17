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

  /**
   * What {@link #tag} would read from the message's text alone (language, words, sentiment), read
   * ahead for a message that will be tagged later, when its conversation is known: into an
   * existing conversation when {@code threaded}, else as a new one. Null when this tagger does not
   * read ahead.
   */
  default Reading readAhead(InboundMessage message, boolean threaded) {
    return null;
  }

  /**
   * As {@link #tag(InboundMessage, Long)}, using {@code ahead} when it was read from the text and
   * fallback language that tagging now uses; otherwise the text is read again. The tags are the same
   * either way.
   */
  default Tags tag(InboundMessage message, Long conversationId, Reading ahead) {
    return tag(message, conversationId);
  }

  /** A text read ahead by {@link #readAhead}; only the tagger that made it can use it. */
  interface Reading {}
}
