package io.switchboard.conversation;

import java.util.Optional;

/**
 * Whether an automatic message (one no agent wrote: an acknowledgement, a follow-up, a survey) may
 * be queued on a conversation. Automatic messages are queued through {@link Replies} with an author
 * starting with {@link #AUTHOR_PREFIX}, e.g. {@code auto:follow-up}; replies by agents are never
 * asked about. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AutoReplyPolicy {
  /** The author prefix that marks a message as automatic. */
  String AUTHOR_PREFIX = "auto:";

  /** Allows everything: for tools and tests without loop protection. */
  AutoReplyPolicy ALLOW = conversationId -> Optional.empty();

  /** Why no automatic message may go to this conversation now, or empty when one may. */
  Optional<String> refuse(long conversationId);

  static boolean isAutomatic(String author) {
    return author != null && author.startsWith(AUTHOR_PREFIX);
  }
}
