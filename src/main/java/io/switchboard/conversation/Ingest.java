package io.switchboard.conversation;

import io.switchboard.channel.InboundNormalizer;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.MalformedInputException;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.model.Tags;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.nlp.Tagger;
import io.switchboard.store.CursorStore;
import io.switchboard.store.MessageStore;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.util.Sha256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ingest route ({@code routes/ingest.camel.yaml}), which owns their order:
 * {@link #receive}, {@link #normalize}, {@link #dedupe}, {@link #thread}, {@link #tag}, {@link
 * #store}. Every channel hands the route a whole poll batch; each step does its one thing to every
 * item of the batch and returns the same {@link IngestBatch}. Input that cannot be read is
 * quarantined by {@link #normalize}; a step skips the items an earlier step settled.
 *
 * <p>The CPU-heavy steps (normalize, thread, tag) run in parallel slices against what is committed;
 * {@link #store} writes the batch in order, one transaction per {@value #COMMIT_EVERY} messages
 * (ADR 0014), checking each item again inside it, because a concurrent poller or an earlier message
 * of the same transaction may have changed what dedupe and thread found. The single-item methods
 * are the same steps for one item; {@link #store} falls back to them when a transaction is rolled
 * back. Thread-safe: several pollers feed it at once, and the store's unique keys settle races.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  /** Messages stored per transaction by {@link #store(IngestBatch)}: one durable commit each this many. */
  public static final int COMMIT_EVERY = 200;

  /** Messages a parallel step handles one after another on one thread and one database handle. */
  static final int PREPARE_SLICE = 25;

  private final Map<String, InboundNormalizer> normalizers;
  private final MessageStore store;
  private volatile Tagger tagger;
  private volatile WorkflowEventStore events;
  private volatile CursorStore cursors;
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

  /**
   * Marks input whose channel id was stored (or sent by us) before. A message of our own account
   * read back ({@link InboundMessage#mayBeOurOwnReply}) while a reply on that account is being sent
   * may be that reply, whose id the outbox records only once the channel has answered: it waits for the
   * next poll (ADR 0086). The sending state is looked at first, the ids after: a reply that leaves
   * the sending state has its id recorded in the same transaction.
   */
  public IngestItem dedupe(IngestItem item) {
    InboundMessage m = item.message();
    if (m.mayBeOurOwnReply() && store.isReplySending(m.channel(), m.account())) {
      item.finish(IngestItem.Outcome.DEFERRED, "a reply on " + m.account() + " is being sent: read again at the next poll");
      return item;
    }
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
      item.tags(tagger.tag(item.message(), item.conversationId(), item.ahead()));
      item.ahead(null);
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

  /** The route's first step: one item for each input of the batch. */
  public IngestBatch receive(PollBatch batch) {
    return new IngestBatch(batch, batch.items().stream().map(this::receive).toList());
  }

  /** Reads every input; what cannot be read is quarantined with the reason. */
  public IngestBatch normalize(IngestBatch batch) {
    inParallel(batch.items(), false, this::normalizeOrQuarantine);
    return batch;
  }

  /** Marks the items whose channel id was stored (or sent by us) before. */
  public IngestBatch dedupe(IngestBatch batch) {
    inParallel(batch.pending(), true, this::dedupe);
    return batch;
  }

  /** Threads every new item against what is committed. */
  public IngestBatch thread(IngestBatch batch) {
    inParallel(batch.pending(), true, this::thread);
    return batch;
  }

  /**
   * Tags every new item (language, sentiment, urgency), except those that {@link #store} will tag
   * anyway: a message whose conversation an earlier message of the batch goes to (its facts change
   * with that message's row) or that threads under an earlier message of the batch (its
   * conversation does not exist yet). Tagging those here was a tenth of ingest's CPU, thrown away;
   * {@link #store} tags every item it finds untagged, so a wrong guess costs time, never tags.
   * Their text is read here instead, as a follow-up's (ADR 0078): {@link #store} then weighs only
   * the conversation's facts inside its transaction, and reads the text again where it differs.
   */
  public IngestBatch tag(IngestBatch batch) {
    List<IngestItem> pending = batch.pending();
    Set<IngestItem> now = Collections.newSetFromMap(new IdentityHashMap<>());
    now.addAll(taggedNow(pending));
    Tagger t = tagger;
    inParallel(pending, true, item -> {
      if (now.contains(item)) {
        tag(item);
      } else if (item.isPending()) {
        item.ahead(t.readAhead(item.message(), true));
      }
    });
    return batch;
  }

  /** The items whose tags {@link #storeAll} will keep as the tag step makes them, as far as known. */
  static List<IngestItem> taggedNow(List<IngestItem> pending) {
    Set<Long> conversations = new HashSet<>();
    Set<String> earlier = new HashSet<>(); // channel ids and thread keys of earlier items
    List<IngestItem> now = new ArrayList<>(pending.size());
    for (IngestItem item : pending) {
      InboundMessage m = item.message();
      Long conversation = item.conversationId();
      String key = m.threadKey() == null ? null : "key\n" + m.channel() + "\n" + m.account() + "\n" + m.threadKey();
      boolean later;
      if (conversation != null) {
        later = conversations.contains(conversation);
      } else {
        later = key != null && earlier.contains(key);
        for (int i = 0; !later && i < m.threadRefs().size(); i++) {
          later = earlier.contains("id\n" + m.channel() + "\n" + m.threadRefs().get(i));
        }
      }
      if (!later) {
        now.add(item);
      }
      if (conversation != null) {
        conversations.add(conversation);
      }
      earlier.add("id\n" + m.channel() + "\n" + m.externalId());
      if (key != null) {
        earlier.add(key);
      }
    }
    return now;
  }

  /** Tells the observer (metrics) of an item that is done, once; a deferred one is read again. */
  private void observe(IngestItem item) {
    if (!item.isPending() && item.outcome() != IngestItem.Outcome.DEFERRED && item.markObserved()) {
      observer.finished(item.raw().channel(), item.outcome(), System.nanoTime() - item.receivedNanos());
    }
  }

  /** Who is told of each finished input: its channel, outcome and time in ingest. */
  public void setObserver(IngestObserver observer) {
    this.observer = observer == null ? IngestObserver.NONE : observer;
  }

  /**
   * Stores the new items in their order, one transaction per {@value #COMMIT_EVERY}, each stored
   * message with its workflow event. Inside the transaction each item is deduped and threaded again:
   * each step sees the rows of the earlier messages of the same transaction, so a reply threads
   * under a message fetched in the same batch exactly as it would one by one, and an item is tagged
   * again when what its tags depend on may have changed since {@link #tag}: its thread came out
   * differently, or an earlier message of this batch went to the same conversation. When a
   * transaction fails (another writer claimed an id first, ...) it is rolled back whole and its
   * messages are stored one transaction each, which settles such races; any other failure
   * propagates and the cursor stays where it was.
   *
   * <p>The poll batch's cursor is written in the transaction of the last chunk with anything to
   * store (ADR 0073): once that commits, every item of the batch is settled durably, so a crash
   * right after it does not make the next start read the whole batch again only to find it stored.
   * The poller's own commit after the route writes the same value, which the store skips; it is
   * what moves the cursor when no chunk had anything to store or the last one was rolled back.
   */
  public IngestBatch store(IngestBatch batch) {
    List<IngestItem> items = batch.items();
    Touched touched = new Touched(new HashSet<>(), new HashSet<>());
    List<List<IngestItem>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += COMMIT_EVERY) {
      List<IngestItem> chunk =
          items.subList(from, Math.min(items.size(), from + COMMIT_EVERY)).stream()
              .filter(IngestItem::isPending)
              .toList();
      if (!chunk.isEmpty()) {
        chunks.add(chunk);
      }
    }
    PollBatch poll = batch.batch();
    CursorStore cursorStore = cursors;
    for (int i = 0; i < chunks.size(); i++) {
      List<IngestItem> chunk = chunks.get(i);
      boolean withCursor =
          i == chunks.size() - 1 && cursorStore != null && poll.stream() != null && poll.cursor() != null
              && !batch.deferred();
      boolean committed;
      try {
        store.inTransaction(
            () -> {
              int stored = storeAll(chunk, touched);
              if (withCursor) {
                cursorStore.put(poll.account(), poll.stream(), poll.cursor());
              }
              return stored;
            });
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
            s.conversationId(), s.messageId(), s.opened(), s.mention(), m.channel(), t == null ? null : t.language(),
            t == null ? null : t.urgency(), m.autoGenerated(), m.threadRefs(), m.notes()));
  }

  /**
   * Conversations that earlier messages of a batch went to, and the channel ids they were stored
   * under.
   */
  private record Touched(Set<Long> conversations, Set<String> ids) {}

  /**
   * Runs one step over the items in parallel, in slices of {@value #PREPARE_SLICE}: each slice runs
   * on one thread and, for a step that reads the store, over one database handle, so the lookups of
   * its messages reuse their prepared statements instead of opening a handle and compiling them for
   * every message (ADR 0021).
   */
  private void inParallel(List<IngestItem> items, boolean readsStore, Consumer<IngestItem> step) {
    if (items.size() <= 1) {
      items.forEach(step);
      return;
    }
    List<List<IngestItem>> slices = new ArrayList<>();
    for (int from = 0; from < items.size(); from += PREPARE_SLICE) {
      slices.add(items.subList(from, Math.min(items.size(), from + PREPARE_SLICE)));
    }
    slices.parallelStream()
        .forEach(
            slice -> {
              if (!readsStore) {
                slice.forEach(step);
                return;
              }
              store.onOneHandle(
                  () -> {
                    slice.forEach(step);
                    return null;
                  });
            });
  }

  /** Inside the batch transaction: dedupe and thread again, tag again if needed, store with its event. */
  private int storeAll(List<IngestItem> chunk, Touched touched) {
    int stored = 0;
    for (IngestItem item : chunk) {
      InboundMessage m = item.message();
      Long before = item.conversationId();
      boolean tagged = item.tags() != Tags.NONE;
      item.contactId(null);
      item.conversationId(null);
      // dedupe found the ids stored before the batch; one stored since (by an earlier message of
      // this batch) is known here, and one stored meanwhile by another writer fails the claim in
      // storeInbound, which rolls this transaction back and stores its messages one by one
      String id = m.channel() + "\n" + m.externalId();
      if (touched.ids().contains(id)) {
        item.finish(IngestItem.Outcome.DUPLICATE, "already stored: " + m.externalId());
        continue;
      }
      thread(item);
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
      // thread looked for the contact in this transaction: storing need not look again
      MessageStore.Stored s = store.storeInbound(m, item.conversationId(), item.contactId(), true, item.tags());
      item.stored(s.messageId(), s.conversationId());
      tell(s, item);
      stored++;
      touched.conversations().add(s.conversationId());
      touched.ids().add(id);
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
            raw.channel(), raw.account(), raw.sourceRef(), reason, raw.bytes(), "raw:" + Sha256.hex(raw.bytes()));
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

  /**
   * Where a poll batch's cursor is written with the batch's last stored messages (ADR 0073); none
   * when not set, and then only the poller's commit after the route moves it.
   */
  public void setCursors(CursorStore cursors) {
    this.cursors = cursors;
  }
}
