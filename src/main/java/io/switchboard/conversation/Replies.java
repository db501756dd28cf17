package io.switchboard.conversation;

import io.switchboard.channel.Outbound;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.voice.VoiceResult;
import java.util.List;
import java.util.Optional;

/** Agents' replies: checked, then written to the outbox; the reply-outbound route sends them. */
public final class Replies {
  /** Longest reply accepted; channels with shorter limits refuse at send time. */
  public static final int MAX_LENGTH = 100_000;

  private final InboxQueries inbox;
  private final OutboxStore outbox;
  private final Outbound outbound;
  private final ReplyVoice voice;
  private volatile WorkflowEventStore events;
  private volatile AutoReplyPolicy autoReplies = AutoReplyPolicy.ALLOW;

  public Replies(InboxQueries inbox, OutboxStore outbox, Outbound outbound, ReplyVoice voice) {
    this.inbox = inbox;
    this.outbox = outbox;
    this.outbound = outbound;
    this.voice = voice;
  }

  /** A reply that cannot be queued, with the reason and, when brand voice blocked it, why. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient VoiceResult voice;

    public Rejected(String reason) {
      this(reason, null);
    }

    Rejected(String reason, VoiceResult voice) {
      super(reason);
      this.voice = voice;
    }

    /** The brand-voice result that blocked the reply, or null. */
    public VoiceResult voice() {
      return voice;
    }
  }

  /**
   * A reply written on a stale view: since the message the agent last saw, the customer wrote or
   * another agent replied. Carries those messages so the agent can read them first.
   */
  public static final class Stale extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<InboxQueries.MessageRow> newer;

    Stale(List<InboxQueries.MessageRow> newer) {
      super(newer.size() + (newer.size() == 1 ? " new message" : " new messages") + " since you loaded the conversation");
      this.newer = List.copyOf(newer);
    }

    public List<InboxQueries.MessageRow> newer() {
      return newer;
    }
  }

  /**
   * Like {@link #queue(long, String, String, String, String)}, but refuses a reply based on a stale
   * view: when {@code lastSeenMessageId} is given and a customer message or another agent's reply
   * was stored after it. Null skips the check (a deliberate resend, or a client that does not say).
   * The check and the write are two steps: two agents sending within the same instant both pass,
   * which presence (who is composing) makes unlikely.
   */
  public Optional<OutboxStore.Queued> queue(
      long conversationId, String author, String agentName, String text, String override, Long lastSeenMessageId)
      throws Rejected, Stale {
    if (lastSeenMessageId != null) {
      List<InboxQueries.MessageRow> newer =
          inbox.messages(conversationId).stream()
              .filter(m -> m.id() > lastSeenMessageId)
              .filter(m -> m.direction().equals("in") || (m.direction().equals("out") && !author.equals(m.author())))
              .toList();
      if (!newer.isEmpty()) {
        throw new Stale(newer);
      }
    }
    return queue(conversationId, author, agentName, text, override);
  }

  /**
   * Queues a reply on the conversation's own channel, after the brand-voice step: its auto-fixes
   * are applied, and a blocking violation refuses the reply unless {@code override} gives the
   * agent's reason (which goes to the audit log).
   *
   * <p>An automatic message (author starting with {@link AutoReplyPolicy#AUTHOR_PREFIX}) is
   * refused when the conversation's {@link AutoReplyPolicy} says no: loop protection.
   *
   * @param agentName the agent's display name, for the sign-off
   * @return empty when there is no such conversation
   */
  public Optional<OutboxStore.Queued> queue(
      long conversationId, String author, String agentName, String text, String override)
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
    if (AutoReplyPolicy.isAutomatic(author)) {
      Optional<String> refused = autoReplies.refuse(c.id());
      if (refused.isPresent()) {
        throw new Rejected("automatic message not sent: " + refused.get());
      }
    }
    String externalId;
    try {
      externalId = outbound.sender(c.channel()).assignExternalId(c.account()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new Rejected(e.getMessage());
    }
    VoiceResult checked = voice.check(c, agentName, text.strip());
    String reason = override == null || override.isBlank() ? null : override.strip();
    if (checked.blocked() && reason == null) {
      throw new Rejected("the brand-voice check blocked this reply", checked);
    }
    OutboxStore.Reply reply = new OutboxStore.Reply(author, checked.text(), checked.score(), reason);
    WorkflowEventStore out = events;
    if (out == null) {
      return Optional.of(outbox.queue(c.id(), c.channel(), c.account(), reply, externalId));
    }
    // the reply and its workflow event commit together
    OutboxStore.Queued queued =
        out.inTransaction(
            () -> {
              OutboxStore.Queued q = outbox.queue(c.id(), c.channel(), c.account(), reply, externalId);
              out.append(WorkflowEvent.agentReplied(c.id(), q.messageId(), author));
              return q;
            });
    return Optional.of(queued);
  }

  /** What decides whether an automatic message (author {@code auto:...}) may be queued. */
  public void setAutoReplyPolicy(AutoReplyPolicy policy) {
    this.autoReplies = policy;
  }

  /** Where each queued reply writes its workflow event (SLA clocks, follow-ups); none when not set. */
  public void setEvents(WorkflowEventStore events) {
    this.events = events;
  }
}
