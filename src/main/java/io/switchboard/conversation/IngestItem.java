package io.switchboard.conversation;

import io.switchboard.model.InboundMessage;
import io.switchboard.model.RawInbound;
import io.switchboard.model.Tags;
import io.switchboard.nlp.Tagger;

/** One message on its way through the ingest route; each step fills in its part. */
public final class IngestItem {
  /** How the message left the ingest route. */
  public enum Outcome {
    PENDING,
    STORED,
    DUPLICATE,
    QUARANTINED,
    /** Unreadable, and the same bytes were quarantined before: no second entry. */
    QUARANTINED_BEFORE,
    /**
     * Left for the next poll: our own account's message read back while a reply on that account is
     * out but not yet recorded as sent, so it may be that reply (ADR 0086). The batch's cursor stays.
     */
    DEFERRED
  }

  private final RawInbound raw;
  private InboundMessage message;
  private Long contactId;
  private Long conversationId;
  private Tags tags = Tags.NONE;
  private Tagger.Reading ahead;
  private Long storedMessageId;
  private Outcome outcome = Outcome.PENDING;
  private String reason;
  private final long receivedNanos = System.nanoTime();
  private boolean observed;

  public IngestItem(RawInbound raw) {
    this.raw = raw;
  }

  public RawInbound raw() {
    return raw;
  }

  public InboundMessage message() {
    return message;
  }

  void message(InboundMessage m) {
    this.message = m;
  }

  public Long contactId() {
    return contactId;
  }

  void contactId(Long id) {
    this.contactId = id;
  }

  public Long conversationId() {
    return conversationId;
  }

  void conversationId(Long id) {
    this.conversationId = id;
  }

  public Tags tags() {
    return tags;
  }

  void tags(Tags t) {
    this.tags = t == null ? Tags.NONE : t;
  }

  /** The text read ahead for tagging in the store step (ADR 0078), or null. */
  Tagger.Reading ahead() {
    return ahead;
  }

  void ahead(Tagger.Reading reading) {
    this.ahead = reading;
  }

  public Long storedMessageId() {
    return storedMessageId;
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean isPending() {
    return outcome == Outcome.PENDING;
  }

  public String reason() {
    return reason;
  }

  void stored(long messageId, long conversation) {
    this.storedMessageId = messageId;
    this.conversationId = conversation;
    this.outcome = Outcome.STORED;
  }

  /** When ingest received it ({@link System#nanoTime}). */
  long receivedNanos() {
    return receivedNanos;
  }

  /** True the first time only: an item is told to the {@link IngestObserver} once. */
  synchronized boolean markObserved() {
    boolean first = !observed;
    observed = true;
    return first;
  }

  void finish(Outcome o, String why) {
    this.outcome = o;
    this.reason = why;
  }
}
