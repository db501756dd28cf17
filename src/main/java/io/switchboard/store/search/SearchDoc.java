package io.switchboard.store.search;

import java.util.List;

/**
 * What search knows of a conversation: its subject (in the conversation's language), its
 * customer's name and handles, and the text of its messages (customer's, agents', notes), each in
 * its own language.
 */
public record SearchDoc(long conversationId, String language, String subject, List<String> names, List<Text> texts) {
  /** One message's text and language (ISO 639-1 or null). */
  public record Text(String language, String text) {}
}
