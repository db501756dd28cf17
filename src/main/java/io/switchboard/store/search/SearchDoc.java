package io.switchboard.store.search;

import java.util.List;

/**
 * What search knows of a conversation: its subject (in the conversation's language), its
 * customer's name and handles, and the text of its messages (customer's, agents', notes), each in
 * its own language. {@code lastMessageId}, the id of its newest message, says how recently it was
 * active: a search that matches many conversations ranks the most recently active ones (ADR 0056).
 */
public record SearchDoc(
    long conversationId, String language, String subject, List<String> names, List<Text> texts, long lastMessageId) {
  /** One message's text and language (ISO 639-1 or null). */
  public record Text(String language, String text) {}
}
