package io.switchboard.conversation;

import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.MalformedInputException;
import io.switchboard.channel.RawInbound;
import io.switchboard.store.MessageStore;
import io.switchboard.workflow.InboundIntercept;
import io.switchboard.workflow.WorkflowEvents;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ingest route, in route order: {@link #receive}, {@link #normalize}, {@link
 * #dedupe}, {@link #thread}, {@link #tag}, {@link #store}; {@link #quarantine} when the input
 * cannot be read. Each step takes and returns the same {@link IngestItem}. Thread-safe: several
 * pollers feed it at once, and the store's unique keys settle races between them.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  private final Map<String, InboundNormalizer> normalizers;
  private final MessageStore store;
  private volatile Tagger tagger;
  private volatile WorkflowEvents events = WorkflowEvents.NONE;
  private volatile InboundIntercept intercept = InboundIntercept.NONE;

  public Ingest(List<InboundNormalizer> normalizers, MessageStore store, Tagger tagger) {
    this.normalizers =
        normalizers.stream().collect(Collectors.toMap(InboundNormalizer::channel, Function.identity()));
    this.store = store;
    this.tagger = tagger;
  }

  public IngestItem receive(RawInbound raw) {
    return new IngestItem(raw);
  }

  public IngestItem normalize(IngestItem item) throws MalformedInputException {
    InboundNormalizer n = normalizers.get(item.raw().channel());
    if (n == null) {
      throw new MalformedInputException("no normalizer for channel " + item.raw().channel());
    }
    item.message(n.normalize(item.raw()));
    return item;
  }

  /** Marks input whose channel id was stored (or sent by us) before. */
  public IngestItem dedupe(IngestItem item) {
    InboundMessage m = item.message();
    if (store.isProcessed(m.channel(), m.externalId())) {
      item.finish(IngestItem.Outcome.DUPLICATE, "already stored: " + m.externalId());
    }
    return item;
  }

  /**
   * Finds the conversation the message belongs to, if any; never another customer's. A message
   * the intercept takes (a department's answer) is stored here as a note and leaves the route.
   */
  public IngestItem thread(IngestItem item) {
    if (!item.isPending()) {
      return item;
    }
    InboundMessage m = item.message();
    Optional<InboundIntercept.Taken> taken = intercept.take(m);
    if (taken.isPresent()) {
      // not a customer writing (a department's answer to a hand-off): stored as a note
      if (taken.get().duplicate()) {
        item.finish(IngestItem.Outcome.DUPLICATE, "stored concurrently: " + m.externalId());
      } else {
        item.stored(taken.get().messageId(), taken.get().conversationId());
      }
      return item;
    }
    Optional<Long> contact = store.findContact(m.channel(), m.contactHandle());
    contact.ifPresent(item::contactId);
    Optional<Long> conversation = Optional.empty();
    if (m.threadKey() != null) {
      conversation =
          store.findConversationByKey(m.channel(), m.account(), m.threadKey(), contact.orElse(-1L));
    }
    if (conversation.isEmpty() && contact.isPresent()) {
      conversation = store.findConversationByRefs(m.channel(), contact.get(), m.threadRefs());
    }
    conversation.ifPresent(item::conversationId);
    return item;
  }

  public IngestItem tag(IngestItem item) {
    if (item.isPending()) {
      item.tags(tagger.tag(item.message(), item.conversationId()));
    }
    return item;
  }

  public IngestItem store(IngestItem item) {
    if (!item.isPending()) {
      return item;
    }
    try {
      MessageStore.Stored s = store.storeInbound(item.message(), item.conversationId(), item.tags());
      item.stored(s.messageId(), s.conversationId());
      events.customerWrote(s.conversationId(), s.messageId(), s.opened(), item.message(), item.tags());
    } catch (MessageStore.AlreadyStored e) {
      item.finish(IngestItem.Outcome.DUPLICATE, "stored concurrently: " + item.message().externalId());
    }
    return item;
  }

  /** Keeps unreadable input whole with the reason; the route goes on with the next message. */
  public IngestItem quarantine(IngestItem item, String reason) {
    RawInbound raw = item.raw();
    boolean first =
        store.quarantine(
            raw.channel(), raw.account(), raw.sourceRef(), reason, raw.bytes(), "raw:" + sha256(raw.bytes()));
    if (!first) {
      // the same bytes were quarantined (or stored) before: a duplicate, not a second entry
      item.finish(IngestItem.Outcome.QUARANTINED_BEFORE, "already quarantined: " + reason);
      return item;
    }
    LOG.warn("quarantined {} {} {}: {}", raw.channel(), raw.account(), raw.sourceRef(), reason);
    item.finish(IngestItem.Outcome.QUARANTINED, reason);
    return item;
  }

  public void setTagger(Tagger tagger) {
    this.tagger = tagger;
  }

  /** What takes messages that are not customers' out of the customer flow (hand-off answers). */
  public void setIntercept(InboundIntercept intercept) {
    this.intercept = intercept;
  }

  /** Who hears of each stored message (routing, SLA clocks, follow-ups). */
  public void setEvents(WorkflowEvents events) {
    this.events = events;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
