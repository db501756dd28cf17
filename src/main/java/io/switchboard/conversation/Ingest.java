package io.switchboard.conversation;

import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.MalformedInputException;
import io.switchboard.channel.PollBatch;
import io.switchboard.channel.RawInbound;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.MessageStore;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.workflow.InboundIntercept;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ingest route, in route order: {@link #receive}, {@link #normalize}, {@link
 * #dedupe}, {@link #thread}, {@link #tag}, {@link #store}; {@link #quarantine} when the input
 * cannot be read. Each step takes and returns the same {@link IngestItem}. Thread-safe: several
 * pollers feed it at once, and the store's unique keys settle races between them.
 *
 * <p>{@link #batch} runs the same steps over a whole poll batch with one durable commit per {@value
 * #COMMIT_EVERY} messages instead of one per message (ADR 0014).
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  /** Messages stored per transaction by {@link #batch}: one durable commit for each this many. */
  public static final int COMMIT_EVERY = 200;

  /** Messages prepared one after another on one thread and one database handle by {@link #batch}. */
  static final int PREPARE_SLICE = 25;

  private final Map<String, InboundNormalizer> normalizers;
  private final MessageStore store;
  private volatile Tagger tagger;
  private volatile WorkflowEventStore events;
  private volatile InboundIntercept intercept = InboundIntercept.NONE;
  private volatile IngestObserver observer = IngestObserver.NONE;

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
      observe(item);
      return item;
    }
    try {
      // the message and its workflow event commit together (ADR 0030)
      MessageStore.Stored s =
          store.inTransaction(
              () -> {
                MessageStore.Stored stored = store.storeInbound(item.message(), item.conversationId(), item.tags());
                tell(stored, item);
                return stored;
              });
      item.stored(s.messageId(), s.conversationId());
    } catch (MessageStore.AlreadyStored e) {
      item.finish(IngestItem.Outcome.DUPLICATE, "stored concurrently: " + item.message().externalId());
    }
    observe(item);
    return item;
  }

  /** Tells the observer (metrics) of an item that is done, once. */
  private void observe(IngestItem item) {
    if (!item.isPending() && item.markObserved()) {
      observer.finished(item.raw().channel(), item.outcome(), System.nanoTime() - item.receivedNanos());
    }
  }

  /** Who is told of each finished input: its channel, outcome and time in ingest. */
  public void setObserver(IngestObserver observer) {
    this.observer = observer == null ? IngestObserver.NONE : observer;
  }

  /**
   * Ingests one poll batch and returns it, for the poller to move its cursor past it.
   *
   * <p>First, in parallel and outside any transaction, each item is read (normalized), threaded
   * and tagged against what is committed: the CPU-heavy part. Then the items are deduped, threaded
   * again and stored in their order, in one transaction per {@value #COMMIT_EVERY}: each step sees
   * the rows of the earlier messages of the same transaction, so a reply threads under a message
   * fetched in the same batch exactly as it would one by one. An item is tagged again inside the
   * transaction when what its tags depend on may have changed since: its thread came out
   * differently, or an earlier message of this batch went to the same conversation.
   * Each stored message's workflow event is written in its transaction. Unreadable items are
   * quarantined as in the route. When a transaction fails (another writer claimed an id first,
   * ...) it is rolled back whole and its messages go through the route's steps one transaction
   * each, which settles such races; any other failure propagates and the cursor stays where it
   * was.
   *
   * @return the batch, unchanged
   */
  public PollBatch batch(PollBatch batch) {
    List<IngestItem> items = batch.items().stream().map(this::receive).toList();
    prepareAll(items);
    Touched touched = new Touched(new HashSet<>());
    for (int from = 0; from < items.size(); from += COMMIT_EVERY) {
      List<IngestItem> chunk =
          items.subList(from, Math.min(items.size(), from + COMMIT_EVERY)).stream()
              .filter(IngestItem::isPending)
              .toList();
      boolean committed;
      try {
        store.inTransaction(() -> storeAll(chunk, touched));
        committed = true;
      } catch (RuntimeException e) {
        LOG.info("batch of {} rolled back ({}); storing one by one", chunk.size(), e.toString());
        committed = false;
      }
      if (!committed) {
        for (IngestItem item : chunk) {
          item.markObserved(); // told through its second go below
          IngestItem again = receive(item.raw());
          again.message(item.message());
          store(tag(thread(dedupe(again))));
        }
      }
    }
    items.forEach(this::observe);
    return batch;
  }

  /**
   * Inside the message's transaction: its workflow event, for routing, SLA clocks, follow-ups, the
   * loop guard and bounces (the {@code workflow-events} route reacts to it once committed).
   */
  private void tell(MessageStore.Stored s, IngestItem item) {
    WorkflowEventStore out = events;
    if (out == null) {
      return;
    }
    InboundMessage m = item.message();
    Tags t = item.tags();
    out.append(
        WorkflowEvent.customerWrote(
            s.conversationId(), s.messageId(), s.opened(), m.channel(), t == null ? null : t.language(),
            t == null ? null : t.urgency(), m.autoGenerated(), m.threadRefs(), m.notes()));
  }

  /** Conversations that earlier messages of a batch went to. */
  private record Touched(Set<Long> conversations) {}

  /**
   * Prepares the items in parallel, in slices of {@value #PREPARE_SLICE}: each slice runs on one
   * thread over one database handle, so the lookups of its messages (dedupe, threading, facts)
   * reuse their prepared statements instead of opening a handle and compiling them for every
   * message (ADR 0021).
   */
  private void prepareAll(List<IngestItem> items) {
    if (items.size() <= 1) {
      items.forEach(this::prepare);
      return;
    }
    List<List<IngestItem>> slices = new ArrayList<>();
    for (int from = 0; from < items.size(); from += PREPARE_SLICE) {
      slices.add(items.subList(from, Math.min(items.size(), from + PREPARE_SLICE)));
    }
    slices.parallelStream()
        .forEach(
            slice ->
                store.onOneHandle(
                    () -> {
                      slice.forEach(this::prepare);
                      return null;
                    }));
  }

  /** Outside the transaction: read, thread and tag against what is committed. */
  private void prepare(IngestItem item) {
    normalizeOrQuarantine(item);
    InboundMessage m = item.message();
    if (item.isPending() && !store.isProcessed(m.channel(), m.externalId())) {
      tag(thread(item));
    }
  }

  /** Inside the batch transaction: the route's steps, each stored message with its event. */
  private int storeAll(List<IngestItem> chunk, Touched touched) {
    int stored = 0;
    for (IngestItem item : chunk) {
      InboundMessage m = item.message();
      Long before = item.conversationId();
      boolean tagged = item.tags() != Tags.NONE;
      item.contactId(null);
      item.conversationId(null);
      thread(dedupe(item));
      if (!item.isPending()) {
        continue;
      }
      // the facts tags depend on: the conversation's unanswered messages, and the contact's tags
      // and language, which ingest never writes (a contact created by an earlier message of the
      // batch has none, as the missing contact had when the item was tagged)
      boolean unchanged =
          tagged
              && Objects.equals(before, item.conversationId())
              && (before == null || !touched.conversations().contains(before));
      if (!unchanged) {
        tag(item);
      }
      MessageStore.Stored s = store.storeInbound(m, item.conversationId(), item.tags());
      item.stored(s.messageId(), s.conversationId());
      tell(s, item);
      stored++;
      touched.conversations().add(s.conversationId());
    }
    return stored;
  }

  private void normalizeOrQuarantine(IngestItem item) {
    try {
      normalize(item);
    } catch (MalformedInputException e) {
      quarantine(item, e.getMessage());
    }
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
      observe(item);
      return item;
    }
    LOG.warn("quarantined {} {} {}: {}", raw.channel(), raw.account(), raw.sourceRef(), reason);
    item.finish(IngestItem.Outcome.QUARANTINED, reason);
    observe(item);
    return item;
  }

  public void setTagger(Tagger tagger) {
    this.tagger = tagger;
  }

  /** What takes messages that are not customers' out of the customer flow (hand-off answers). */
  public void setIntercept(InboundIntercept intercept) {
    this.intercept = intercept;
  }

  /**
   * Where each stored message writes its workflow event (routing, SLA clocks, follow-ups); none
   * when not set ({@code import} backfills history without routing it).
   */
  public void setEvents(WorkflowEventStore events) {
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
