package io.switchboard.store;

import static io.switchboard.store.Sql.ts;

import io.switchboard.model.Attachment;
import io.switchboard.model.ConversationSentiment;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/** Writes of the ingest path: contacts, conversations, inbound messages, dedupe keys. */
public final class MessageStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public MessageStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Thrown inside a transaction when the external id was stored already: rolls it back. */
  public static final class AlreadyStored extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyStored() {
      super(null, null, false, false);
    }
  }

  /** The stored ids of a newly stored message. */
  /** @param opened whether this message started the conversation */
  /**
   * A stored inbound message; {@code mention} when its conversation is a post found by listening
   * (kind {@link InboundMessage#MENTION}).
   */
  public record Stored(long messageId, long conversationId, boolean opened, boolean mention) {}

  /**
   * Runs {@code work} in one transaction and commits once: every call on this store (and on any
   * other store over the same {@link Jdbi}) made by {@code work} on this thread joins it, sees its
   * uncommitted rows, and becomes durable with the single commit at the end. An exception rolls all
   * of it back. Ingest uses this to store a poll batch with one durable commit.
   */
  public <R> R inTransaction(Supplier<R> work) {
    return jdbi.inTransaction(h -> work.get());
  }

  /**
   * Runs {@code work} over one database handle without a transaction: every call on this store
   * (and any other store over the same {@link Jdbi}) made by {@code work} on this thread uses that
   * handle, so statements prepared for one message are reused for the next (HSQLDB compiles each
   * anew otherwise; ADR 0021). Reads see what is committed, as they would on handles of their own.
   */
  public <R> R onOneHandle(Supplier<R> work) {
    return jdbi.withHandle(h -> work.get());
  }

  public boolean isProcessed(String channel, String externalId) {
    return anyRow("SELECT COUNT(*) FROM processed_id WHERE channel = :c AND external_id = :v", channel, externalId);
  }

  /** Whether a reply on this account is out: claimed from the outbox, not yet recorded as sent. */
  public boolean isReplySending(String channel, String account) {
    return anyRow("SELECT COUNT(*) FROM outbox WHERE status = 'sending' AND channel = :c AND account = :v", channel, account);
  }

  /** Whether {@code count} (a COUNT with parameters {@code :c} and {@code :v}) counts any row. */
  private boolean anyRow(String count, String channel, String value) {
    return jdbi.withHandle(h -> h.createQuery(count).bind("c", channel).bind("v", value).mapTo(Integer.class).one() > 0);
  }

  public Optional<Long> findContact(String channel, String handle) {
    return jdbi.withHandle(h -> findContact(h, channel, handle));
  }

  private static Optional<Long> findContact(Handle h, String channel, String handle) {
    return h.createQuery(
            "SELECT contact_id FROM contact_handle WHERE channel = :c AND handle = :h")
        .bind("c", channel)
        .bind("h", handle)
        .mapTo(Long.class)
        .findOne();
  }

  /**
   * The conversation that one of {@code refs} belongs to, on this channel and with this contact:
   * a message is never threaded into another customer's conversation. Later refs win.
   */
  public Optional<Long> findConversationByRefs(String channel, long contactId, List<String> refs) {
    if (refs.isEmpty()) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h -> {
          for (int i = refs.size() - 1; i >= 0; i--) {
            Optional<Long> found =
                h.createQuery(
                        "SELECT c.id FROM message m JOIN conversation c ON c.id = m.conversation_id"
                            + " WHERE m.channel_message_id = :ref AND c.channel = :ch"
                            + " AND c.contact_id = :contact ORDER BY c.id DESC")
                    .bind("ref", refs.get(i))
                    .bind("ch", channel)
                    .bind("contact", contactId)
                    .mapTo(Long.class)
                    .findFirst();
            if (found.isPresent()) {
              return found;
            }
          }
          return Optional.empty();
        });
  }

  /** The conversation with a channel's own thread key, for this contact when it is private. */
  public Optional<Long> findConversationByKey(
      String channel, String account, String threadKey, Long contactId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM conversation WHERE channel = :ch AND account = :a"
                        + " AND thread_key = :k AND (is_public OR contact_id = :contact)"
                        + " ORDER BY id DESC")
                .bind("ch", channel)
                .bind("a", account)
                .bind("k", threadKey)
                .bind("contact", contactId)
                .mapTo(Long.class)
                .findFirst());
  }

  /**
   * Stores an inbound message in one transaction: claims its external id (a second writer of the
   * same id gets {@link AlreadyStored}, and the transaction must be rolled back), finds or creates
   * the contact, creates the conversation when {@code conversationId} is null, else adds to it and
   * reopens it.
   */
  public Stored storeInbound(InboundMessage m, Long conversationId, Tags tags) {
    return storeInbound(m, conversationId, null, false, tags);
  }

  /**
   * As {@link #storeInbound(InboundMessage, Long, Tags)}, with what the caller found of the
   * message's contact in the same transaction (ingest threads there first): {@code knownContactId},
   * or, when {@code contactLookedUp} and it is null, that there is none yet. Either way one lookup
   * less.
   */
  public Stored storeInbound(
      InboundMessage m, Long conversationId, Long knownContactId, boolean contactLookedUp, Tags tags) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          long contactId =
              knownContactId != null
                  ? knownContactId
                  : contactLookedUp
                      ? createContact(h, m.channel(), m.contactHandle(), m.contactName(), m.identityProven(), now)
                      : findOrCreateContact(h, m.channel(), m.contactHandle(), m.contactName(), m.identityProven(), now);
          Instant sentAt = m.sentAt() == null ? now : m.sentAt();
          long conversation =
              conversationId != null
                  ? conversationId
                  : createConversation(h, m, contactId, tags, sentAt, now);
          long messageId =
              h.createUpdate(
                      "INSERT INTO message (conversation_id, direction, channel_message_id,"
                          + " thread_refs, author, text, display_text, html, sent_at, created_at,"
                          + " language, sentiment, sentiment_score, urgency, urgency_reasons)"
                          + " VALUES (:conv, 'in', :ext, :refs, :author, :text, :display, :html,"
                          + " :sent, :now, :lang, :sent_label, :score, :urg, :reasons)")
                  .bind("conv", conversation)
                  .bind("ext", m.externalId())
                  .bind("refs", String.join(" ", m.threadRefs()))
                  .bind("author", m.contactHandle())
                  .bind("text", m.text())
                  .bind("display", m.displayText())
                  .bind("html", m.html())
                  .bind("sent", ts(sentAt))
                  .bind("now", ts(now))
                  .bind("lang", tags.language())
                  .bind("sent_label", tags.sentiment())
                  .bind("score", tags.sentimentScore())
                  .bind("urg", tags.urgency())
                  .bind("reasons", Sql.truncate(String.join("; ", tags.urgencyReasons()), 2000))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          for (Attachment a : m.attachments()) {
            h.createUpdate(
                    "INSERT INTO attachment (message_id, filename, content_type, size_bytes,"
                        + " content, note) VALUES (:m, :f, :t, :s, :c, :n)")
                .bind("m", messageId)
                .bind("f", Sql.truncate(a.filename(), 300))
                .bind("t", Sql.truncate(a.contentType(), 200))
                .bind("s", a.size())
                .bind("c", a.content())
                .bind("n", Sql.truncate(a.note(), 500))
                .execute();
          }
          // the claim comes with the message id in one statement: a second writer of the same id
          // fails here and rolls back everything above with it
          claimExternalId(h, m.channel(), m.externalId(), messageId, now);
          // a new conversation takes the message's kind; one that exists keeps its own
          boolean mention = InboundMessage.MENTION.equals(m.kind());
          if (conversationId != null) {
            // a new conversation got its trend with its row (createConversation); one that exists
            // folds this message into its trend in touchConversation's statement
            Existing existing = existing(h, conversation);
            mention = existing.mention();
            ConversationSentiment.State after =
                ConversationSentiment.next(
                    existing.sentiment(), tags.sentiment(), tags.sentimentScore(), tags.complaintEvent());
            touchConversation(h, conversation, sentAt, tags, after, now, true);
          }
          if (m.autoGenerated()) {
            Sql.addTag(h, conversation, "auto-generated");
          }
          return new Stored(messageId, conversation, conversationId == null, mention);
        });
  }

  static void claimExternalId(Handle h, String channel, String externalId, Instant now) {
    claimExternalId(h, channel, externalId, null, now);
  }

  /** Claims an external id for a stored message ({@code messageId}, or null for none yet). */
  static void claimExternalId(Handle h, String channel, String externalId, Long messageId, Instant now) {
    try {
      h.createUpdate(
              "INSERT INTO processed_id (channel, external_id, message_id, created_at) VALUES (:c, :e, :m, :now)")
          .bind("c", channel)
          .bind("e", externalId)
          .bind("m", messageId)
          .bind("now", ts(now))
          .execute();
    } catch (UnableToExecuteStatementException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new AlreadyStored();
      }
      throw e;
    }
  }

  /** @param proven whether the channel proved the identity ({@link InboundMessage#identityProven}) */
  private static long findOrCreateContact(
      Handle h, String channel, String handle, String name, boolean proven, Instant now) {
    Optional<Long> existing = findContact(h, channel, handle);
    if (existing.isPresent()) {
      return existing.get();
    }
    return createContact(h, channel, handle, name, proven, now);
  }

  private static long createContact(
      Handle h, String channel, String handle, String name, boolean proven, Instant now) {
    long id =
        h.createUpdate("INSERT INTO contact (display_name, created_at) VALUES (:n, :now)")
            .bind("n", Sql.truncate(name == null || name.isBlank() ? handle : name, 200))
            .bind("now", ts(now))
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    h.createUpdate("INSERT INTO contact_handle (channel, handle, contact_id, verified) VALUES (:c, :h, :id, :v)")
        .bind("c", channel)
        .bind("h", handle)
        .bind("id", id)
        .bind("v", proven)
        .execute();
    return id;
  }

  private static long createConversation(
      Handle h, InboundMessage m, long contactId, Tags tags, Instant sentAt, Instant now) {
    boolean trend = SentimentTrend.rank(tags.sentiment()) >= 0;
    ConversationSentiment.State state =
        ConversationSentiment.next(
            ConversationSentiment.State.NONE, tags.sentiment(), tags.sentimentScore(), tags.complaintEvent());
    return h.createUpdate(
            "INSERT INTO conversation (channel, account, contact_id, subject, status, is_public,"
                + " thread_key, language, sentiment, sentiment_score, latest_sentiment,"
                + " latest_sentiment_score, urgency, message_count,"
                + " created_at, updated_at, last_message_at, last_inbound_at, waiting_since, worst_sentiment,"
                + " worst_sentiment_score, sentiment_trend, kind, reach) VALUES (:ch, :a, :contact, :subject,"
                + " 'open', :pub, :key, :lang, :conv_sent, :conv_score, :sent, :score, :urg, 1, :now,"
                + " :now, :last, :last, :last, :worst, :worst_score, :trend, :kind, :reach)")
        .bind("ch", m.channel())
        .bind("a", m.account())
        .bind("contact", contactId)
        .bind("subject", Sql.truncate(m.subject(), 500))
        .bind("pub", m.isPublic())
        .bind("key", m.threadKey())
        .bind("lang", tags.language())
        .bind("conv_sent", state.label())
        .bind("conv_score", state.score())
        .bind("sent", tags.sentiment())
        .bind("score", tags.sentimentScore())
        .bind("urg", tags.urgency())
        .bind("now", ts(now))
        .bind("last", ts(sentAt))
        // the trend SentimentTrend.record would give it right after: its first message is the worst
        .bind("worst", trend ? tags.sentiment() : null)
        .bind("worst_score", trend ? (Double) (tags.sentimentScore() == null ? 0.0 : tags.sentimentScore()) : null)
        .bind("trend", trend ? SentimentTrend.STEADY : null)
        .bind("kind", m.kind())
        .bind("reach", m.reach())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** What storing a message needs of the conversation it joins. */
  private record Existing(ConversationSentiment.State sentiment, boolean mention) {}

  /** The conversation's sentiment ({@link ConversationSentiment}) and kind: one row read by key. */
  private static Existing existing(Handle h, long conversation) {
    return h.createQuery("SELECT sentiment, sentiment_score, kind FROM conversation WHERE id = :id")
        .bind("id", conversation)
        .map((rs, ctx) -> new Existing(
            new ConversationSentiment.State(rs.getString(1), (Double) rs.getObject(2)),
            InboundMessage.MENTION.equals(rs.getString(3))))
        .findOne()
        .orElse(new Existing(ConversationSentiment.State.NONE, false));
  }

  /** Counts our own message on a conversation: its tags and sentiment stay as they are. */
  static void touchConversation(Handle h, long conversation, Instant at, Instant now) {
    touchConversation(h, conversation, at, Tags.NONE, null, now, false);
  }

  /**
   * Counts a new message on a conversation. A customer writing again reopens it and starts (or
   * keeps) its waiting time; our message ends it ({@link WaitingSince}). Tags that the new message
   * carries replace the conversation's; its sentiment becomes {@code sentiment} (the customer's,
   * by {@link ConversationSentiment}), or stays when that is null.
   */
  static void touchConversation(
      Handle h, long conversation, Instant at, Tags tags, ConversationSentiment.State sentiment,
      Instant now, boolean fromCustomer) {
    ConversationSentiment.State s = sentiment == null ? ConversationSentiment.State.NONE : sentiment;
    // a customer's message with a sentiment moves the trend (SentimentTrend.record) in this statement
    boolean trend = fromCustomer && SentimentTrend.rank(tags.sentiment()) >= 0;
    Update u = h.createUpdate(
            "UPDATE conversation SET message_count = message_count + 1,"
                + (trend ? " " + SentimentTrend.SET + "," : "")
                + " last_message_at = CASE WHEN last_message_at < :at THEN :at ELSE last_message_at END,"
                + " last_inbound_at = CASE WHEN NOT :customer THEN last_inbound_at"
                + " WHEN last_inbound_at IS NULL OR last_inbound_at < :at THEN :at ELSE last_inbound_at END,"
                + " updated_at = :now,"
                + " status = CASE WHEN :customer THEN 'open' ELSE status END,"
                + " waiting_since = CASE WHEN NOT :customer THEN NULL"
                + " WHEN waiting_since IS NULL OR waiting_since > :at THEN :at ELSE waiting_since END,"
                + " language = COALESCE(:lang, language), sentiment = COALESCE(:conv_sent, sentiment),"
                + " sentiment_score = CASE WHEN CAST(:conv_sent AS VARCHAR(10)) IS NULL THEN sentiment_score"
                + " ELSE CAST(:conv_score AS DOUBLE PRECISION) END,"
                + " latest_sentiment = COALESCE(:sent, latest_sentiment),"
                + " latest_sentiment_score = COALESCE(:score, latest_sentiment_score),"
                + " urgency = COALESCE(:urg, urgency) WHERE id = :id");
    if (trend) {
      SentimentTrend.bind(u, tags.sentiment(), tags.sentimentScore());
    }
    u.bind("at", ts(at))
        .bind("now", ts(now))
        .bind("customer", fromCustomer)
        .bind("lang", tags.language())
        .bind("conv_sent", s.label())
        .bind("conv_score", s.score())
        .bind("sent", tags.sentiment())
        .bind("score", tags.sentimentScore())
        .bind("urg", tags.urgency())
        .bind("id", conversation)
        .execute();
  }

  /**
   * Keeps input we could not read, whole, with the reason; once per {@code dedupeKey}, so input
   * fetched again after a restart is not quarantined twice.
   *
   * @return false when it was quarantined (or stored) before
   */
  public boolean quarantine(
      String channel, String account, String sourceRef, String reason, byte[] raw, String dedupeKey) {
    Instant now = clock.instant();
    try {
      jdbi.useTransaction(
          h -> {
            claimExternalId(h, channel, dedupeKey, now);
            h.createUpdate(
                    "INSERT INTO quarantine (channel, account, source_ref, reason, raw, created_at)"
                        + " VALUES (:c, :a, :s, :r, :raw, :now)")
                .bind("c", channel)
                .bind("a", account)
                .bind("s", Sql.truncate(sourceRef, 500))
                .bind("r", Sql.truncate(reason == null ? "unknown" : reason, 2000))
                .bind("raw", raw)
                .bind("now", ts(now))
                .execute();
          });
      return true;
    } catch (AlreadyStored e) {
      return false;
    }
  }
}
