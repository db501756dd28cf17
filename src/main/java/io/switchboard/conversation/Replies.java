package io.switchboard.conversation;

import io.switchboard.channel.Outbound;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.OutboxStore;
import java.util.Optional;

/** Agents' replies: checked, then written to the outbox; the reply-outbound route sends them. */
public final class Replies {
  /** Longest reply accepted; channels with shorter limits refuse at send time. */
  public static final int MAX_LENGTH = 100_000;

  private final InboxQueries inbox;
  private final OutboxStore outbox;
  private final Outbound outbound;

  public Replies(InboxQueries inbox, OutboxStore outbox, Outbound outbound) {
    this.inbox = inbox;
    this.outbox = outbox;
    this.outbound = outbound;
  }

  /** A reply that cannot be queued, with the reason for the agent. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    public Rejected(String reason) {
      super(reason);
    }
  }

  /**
   * Queues a reply on the conversation's own channel.
   *
   * @return empty when there is no such conversation
   */
  public Optional<OutboxStore.Queued> queue(long conversationId, String author, String text)
      throws Rejected {
    Optional<InboxQueries.ConversationRow> found = inbox.conversation(conversationId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (text == null || text.isBlank()) {
      throw new Rejected("text must not be empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new Rejected("text is longer than " + MAX_LENGTH + " characters");
    }
    InboxQueries.ConversationRow c = found.get();
    String externalId;
    try {
      externalId = outbound.sender(c.channel()).assignExternalId(c.account()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new Rejected(e.getMessage());
    }
    return Optional.of(outbox.queue(c.id(), c.channel(), c.account(), author, text.strip(), externalId));
  }
}
