package io.switchboard.nlp;

import io.switchboard.model.InboundMessage;
import java.time.Instant;
import java.util.Set;

/**
 * What the conversation store knows that the text does not: how many messages came in without an
 * answer, since when, and what the contact is tagged with. Implemented against the database; must
 * be thread-safe and cheap (it runs for every inbound message).
 */
@FunctionalInterface
public interface ConversationFacts {
  /** Knows nothing: urgency then comes from the text, sentiment and visibility alone. */
  ConversationFacts NONE = (message, conversationId) -> Facts.NONE;

  /**
   * @param conversationId the conversation the message threads into, or null for a new one
   */
  Facts lookup(InboundMessage message, Long conversationId);

  /**
   * @param earlierUnanswered messages from the customer in this conversation since our last reply
   *     (or since it began), not counting this one
   * @param firstUnansweredAt when the first of those was sent; null when there are none
   * @param contactTags the contact's tags, such as "vip" (case does not matter)
   * @param contactLanguage the contact's known language (ISO 639-1), or null: the fallback when
   *     the text is too short to tell
   * @param conversationSentiment the conversation's sentiment before this message ({@link
   *     io.switchboard.model.ConversationSentiment}), or null for a new conversation
   * @param conversationSentimentScore its score, or null
   */
  record Facts(
      int earlierUnanswered, Instant firstUnansweredAt, Set<String> contactTags,
      String contactLanguage, String conversationSentiment, Double conversationSentimentScore) {
    public static final Facts NONE = new Facts(0, null, Set.of(), null);

    public Facts {
      contactTags = contactTags == null ? Set.of() : Set.copyOf(contactTags);
    }

    /** Facts of a conversation whose sentiment is not known. */
    public Facts(
        int earlierUnanswered, Instant firstUnansweredAt, Set<String> contactTags, String contactLanguage) {
      this(earlierUnanswered, firstUnansweredAt, contactTags, contactLanguage, null, null);
    }
  }
}
