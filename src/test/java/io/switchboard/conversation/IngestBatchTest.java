package io.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.Services;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.email.EmailNormalizer;
import io.switchboard.channel.email.MimeParser;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.store.CursorStore;
import io.switchboard.store.Database;
import io.switchboard.store.MessageStore;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.support.TestMail;
import io.switchboard.support.TestStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A poll batch stored with one commit per chunk keeps what one-by-one ingest guarantees. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStore.class)
@Tag("postgres")
class IngestBatchTest {
  @Parameter TestStore store;
  @TempDir Path dir;
  private Database db;
  private Ingest ingest;

  @BeforeEach
  void setUp() {
    db = store.open(dir);
    ingest = Services.newIngest(db, Clock.systemUTC(), List.of(new EmailNormalizer(new MimeParser(1_000_000))), dir);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private static RawInbound raw(int uid, String rfc822) {
    return new RawInbound("email", "email-test", "1/" + uid, rfc822.getBytes(StandardCharsets.UTF_8));
  }

  private static PollBatch batch(RawInbound... items) {
    return new PollBatch("email-test", "imap:INBOX", "1:" + items.length, List.of(items));
  }

  private long count(String sql) {
    Jdbi jdbi = db.jdbi();
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void replyInTheSameBatchThreadsUnderTheFirstMessage() {
    ingestRoute(batch(
        raw(1, TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null)),
        raw(2, TestMail.email("anna@customer.test", "<a2@customer.test>", "Re: Parcel late", "Any news? It is urgent now.", "<a1@customer.test>")),
        raw(3, TestMail.email("ben@customer.test", "<b1@customer.test>", "Refund", "Please refund my order.", null))));

    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM conversation")).isEqualTo(2);
    assertThat(count("SELECT MAX(message_count) FROM conversation")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM message WHERE language IS NOT NULL AND urgency IS NOT NULL")).isEqualTo(3);
  }

  @Test
  void followUpsInTheSameBatchAreTaggedAsOneByOne() throws Exception {
    RawInbound[] mails = {
      raw(1, TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "My parcel is two weeks late and nobody answers.", null)),
      raw(2, TestMail.email("anna@customer.test", "<a2@customer.test>", "Re: Parcel late", "Any news?", "<a1@customer.test>")),
      raw(3, TestMail.email("ben@customer.test", "<b1@customer.test>", "Thanks", "Thank you, the refund arrived.", null)),
      raw(4, TestMail.email("anna@customer.test", "<a3@customer.test>", "Re: Parcel late", "Bitte antworten Sie endlich, das ist dringend!", "<a2@customer.test>")),
      raw(5, TestMail.email("ben@customer.test", "<b2@customer.test>", "Re: Thanks", "ok", "<b1@customer.test>"))
    };
    ingestRoute(new PollBatch("email-test", "imap:INBOX", "1:5", List.of(mails)));
    List<String> batched = tags(db);

    Database single = store.open(dir.resolve("one-by-one"));
    try {
      Ingest oneByOne =
          Services.newIngest(single, Clock.systemUTC(), List.of(new EmailNormalizer(new MimeParser(1_000_000))), dir);
      for (RawInbound mail : mails) {
        oneByOne.store(oneByOne.tag(oneByOne.thread(oneByOne.dedupe(oneByOne.normalize(oneByOne.receive(mail))))));
      }
      assertThat(batched).hasSize(5).isEqualTo(tags(single));
    } finally {
      single.close();
    }
  }

  /** Each stored message's tags, in the order of their channel ids. */
  private static List<String> tags(Database database) {
    return database.jdbi().withHandle(h -> h.createQuery(
            "SELECT channel_message_id, language, sentiment, sentiment_score, urgency, urgency_reasons FROM message"
                + " ORDER BY channel_message_id")
        .map((rs, ctx) -> String.join(" | ", rs.getString(1), rs.getString(2), rs.getString(3),
            String.valueOf(rs.getDouble(4)), rs.getString(5), rs.getString(6)))
        .list());
  }

  @Test
  void theSameBatchReadAgainStoresNothingTwice() {
    PollBatch b = batch(
        raw(1, TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null)),
        raw(2, TestMail.email("ben@customer.test", "<b1@customer.test>", "Refund", "Please refund my order.", null)));
    ingestRoute(b);
    ingestRoute(b);

    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM processed_id")).isEqualTo(2);
  }

  @Test
  void theBatchsCursorCommitsWithItsLastStoredMessages() {
    CursorStore cursors = new CursorStore(db.jdbi(), Clock.systemUTC());
    ingest.setCursors(cursors);
    ingestRoute(batch(
        raw(1, TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null)),
        raw(2, TestMail.email("ben@customer.test", "<b1@customer.test>", "Refund", "Please refund my order.", null))));

    // no poller commit yet: what a crash right after the route's last transaction leaves
    assertThat(cursors.get("email-test", "imap:INBOX")).contains("1:2");
    // the poller's commit of the same value, then the next batch's
    cursors.put("email-test", "imap:INBOX", "1:2");
    assertThat(cursors.get("email-test", "imap:INBOX")).contains("1:2");
    cursors.put("email-test", "imap:INBOX", "1:3");
    assertThat(cursors.get("email-test", "imap:INBOX")).contains("1:3");
  }

  /**
   * X's DM events as the normalizer reads them, in short: "own:" marks a DM of our account (42), which
   * the normalizer marks automatic, the rest are the customer's (7).
   */
  private static final InboundNormalizer DMS =
      new InboundNormalizer() {
        @Override
        public String channel() {
          return "x";
        }

        @Override
        public InboundMessage normalize(RawInbound raw) {
          String text = new String(raw.bytes(), StandardCharsets.UTF_8);
          boolean own = text.startsWith("own:");
          return new InboundMessage("x", raw.account(), raw.sourceRef(), List.of(), "dm:7", false, own ? "42" : "7",
              null, null, text, text, null, Instant.parse("2026-11-23T10:00:00Z"), List.of(), List.of(), own);
        }
      };

  @Test
  void ourOwnReplyReadBackWhileItIsBeingSentWaitsForTheNextPoll() {
    Ingest x = Services.newIngest(db, Clock.systemUTC(), List.of(DMS), dir);
    CursorStore cursors = new CursorStore(db.jdbi(), Clock.systemUTC());
    x.setCursors(cursors);
    RawInbound question = new RawInbound("x", "brand", "101", "can I change the address?".getBytes(StandardCharsets.UTF_8));
    ingestRoute(x, new PollBatch("brand", "dms", "101", List.of(question)));
    // our reply is out: X has it, the outbox has not recorded its id yet
    db.jdbi().useHandle(h -> h.execute(
        "INSERT INTO outbox (message_id, channel, account, status, attempts, next_attempt_at, created_at, updated_at)"
            + " SELECT id, 'x', 'brand', 'sending', 1, created_at, created_at, created_at FROM message"));
    RawInbound echo = new RawInbound("x", "brand", "102", "own:yes, send us the new address".getBytes(StandardCharsets.UTF_8));
    RawInbound next = new RawInbound("x", "brand", "103", "it is 1 Main St".getBytes(StandardCharsets.UTF_8));
    PollBatch b = new PollBatch("brand", "dms", "103", List.of(echo, next));

    IngestBatch first = ingestRoute(x, b);
    assertThat(first.items()).extracting(IngestItem::outcome)
        .containsExactly(IngestItem.Outcome.DEFERRED, IngestItem.Outcome.STORED);
    assertThat(first.settled().isEmpty()).as("the poller commits nothing and reads the batch again").isTrue();
    assertThat(cursors.get("brand", "dms")).contains("101");

    // recorded as sent, with the id X gave it: read again, the echo is ours and nothing is stored twice
    db.jdbi().useHandle(h -> h.execute("UPDATE outbox SET status = 'sent'"));
    db.jdbi().useHandle(h -> h.execute(
        "INSERT INTO processed_id (channel, external_id, created_at) VALUES ('x', '102', CURRENT_TIMESTAMP)"));
    IngestBatch again = ingestRoute(x, b);
    assertThat(again.items()).extracting(IngestItem::outcome)
        .containsExactly(IngestItem.Outcome.DUPLICATE, IngestItem.Outcome.DUPLICATE);
    assertThat(again.settled()).isSameAs(b);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM conversation")).isEqualTo(1);
  }

  @Test
  void aCursorWrittenInATransactionThatRollsBackIsNotKept() {
    CursorStore cursors = new CursorStore(db.jdbi(), Clock.systemUTC());
    MessageStore messages = new MessageStore(db.jdbi(), Clock.systemUTC());
    cursors.put("email-test", "imap:INBOX", "1:1");

    assertThatThrownBy(
            () ->
                messages.inTransaction(
                    () -> {
                      cursors.put("email-test", "imap:INBOX", "1:9");
                      throw new IllegalStateException("the chunk failed");
                    }))
        .hasMessage("the chunk failed");

    assertThat(cursors.get("email-test", "imap:INBOX")).contains("1:1");
  }

  @Test
  void eachStoredMessageWritesOneWorkflowEventWithIt() {
    ingest.setEvents(new WorkflowEventStore(db.jdbi(), Clock.systemUTC()));
    String first = TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null);
    // stored one by one (its own transaction), then a batch that meets it again and rolls back once
    ingest.store(ingest.tag(ingest.thread(ingest.dedupe(normalized(raw(1, first))))));
    PollBatch b = batch(
        raw(1, first),
        raw(2, TestMail.email("anna@customer.test", "<a2@customer.test>", "Re: Parcel late", "Hello?", "<a1@customer.test>")),
        raw(3, TestMail.email("ben@customer.test", "<b1@customer.test>", "Refund", "Please refund my order.", null)));
    ingestRoute(b);
    ingestRoute(b);

    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM workflow_event WHERE kind = 'CUSTOMER_WROTE' AND state = 'pending'")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM workflow_event e JOIN message m ON m.id = e.message_id"
        + " AND m.conversation_id = e.conversation_id")).as("each event names its message").isEqualTo(3);
    List<String> payloads =
        db.jdbi().withHandle(h -> h.createQuery("SELECT payload FROM workflow_event ORDER BY id").mapTo(String.class).list());
    assertThat(payloads)
        .satisfiesExactly(
            p -> assertThat(p).contains("\"opened\":true").contains("\"channel\":\"email\""),
            p -> assertThat(p).contains("\"opened\":false").contains("\"lastRef\":\"<a1@customer.test>\""),
            p -> assertThat(p).contains("\"opened\":true"));
  }

  @Test
  void aRolledBackTransactionLeavesNoEvent() {
    ingest.setEvents(new WorkflowEventStore(db.jdbi(), Clock.systemUTC()));
    String first = TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null);
    ingest.store(ingest.tag(ingest.thread(ingest.dedupe(normalized(raw(1, first))))));
    // the same message again, past dedupe: the store refuses it and its transaction rolls back whole
    IngestItem again = normalized(raw(1, first));
    ingest.store(ingest.tag(ingest.thread(again)));

    assertThat(again.outcome()).isEqualTo(IngestItem.Outcome.DUPLICATE);
    assertThat(count("SELECT COUNT(*) FROM workflow_event")).isEqualTo(1);
  }

  @Test
  void unreadableInputIsQuarantinedAndTheRestStored() {
    ingestRoute(batch(
        raw(1, TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null)),
        raw(2, "this is not an email at all")));

    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM quarantine")).isEqualTo(1);
  }

  @Test
  void aMessageStoredMeanwhileByAnotherWriterIsNotStoredTwice() {
    String first = TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null);
    // another poller stored the first message on its own: the batch must still store the second
    ingest.store(ingest.tag(ingest.thread(ingest.dedupe(normalized(raw(1, first))))));
    ingestRoute(batch(
        raw(1, first),
        raw(2, TestMail.email("anna@customer.test", "<a2@customer.test>", "Re: Parcel late", "Hello?", "<a1@customer.test>"))));

    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM conversation")).isEqualTo(1);
  }

  @Test
  void theSameMessageTwiceInOneBatchIsStoredOnceAndTheRestOfTheBatchToo() {
    ingest.setEvents(new WorkflowEventStore(db.jdbi(), Clock.systemUTC()));
    String first = TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null);
    // a folder that holds the same mail twice (copied by a rule): one poll batch meets it twice
    IngestBatch done = ingestRoute(batch(
        raw(1, first),
        raw(2, first),
        raw(3, TestMail.email("ben@customer.test", "<b1@customer.test>", "Refund", "Please refund my order.", null))));

    assertThat(done.items()).extracting(IngestItem::outcome)
        .containsExactly(IngestItem.Outcome.STORED, IngestItem.Outcome.DUPLICATE, IngestItem.Outcome.STORED);
    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM workflow_event")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM processed_id p JOIN message m ON m.id = p.message_id"))
        .as("each claim names its message").isEqualTo(2);
  }

  @Test
  void aMessageStoredByAnotherWriterAfterDedupeIsNotStoredTwice() {
    ingest.setEvents(new WorkflowEventStore(db.jdbi(), Clock.systemUTC()));
    String first = TestMail.email("anna@customer.test", "<a1@customer.test>", "Parcel late", "Where is my parcel?", null);
    IngestBatch b = ingest.receive(batch(
        raw(1, first),
        raw(2, TestMail.email("ben@customer.test", "<b1@customer.test>", "Refund", "Please refund my order.", null))));
    ingest.tag(ingest.thread(ingest.dedupe(ingest.normalize(b))));
    // another instance stores the first message between this batch's dedupe and its store step
    ingest.store(ingest.tag(ingest.thread(ingest.dedupe(normalized(raw(1, first))))));
    // its claim fails, the chunk rolls back and its messages are stored one by one
    ingest.store(b);

    assertThat(count("SELECT COUNT(*) FROM message")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM workflow_event")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM contact")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM processed_id p JOIN message m ON m.id = p.message_id")).isEqualTo(2);
  }

  /**
   * The batch through the steps that {@code routes/ingest.camel.yaml} names, in its order (the
   * route file is the one place that says it), called on the bean as Camel would.
   */
  private IngestBatch ingestRoute(PollBatch batch) {
    return ingestRoute(ingest, batch);
  }

  private static IngestBatch ingestRoute(Ingest ingest, PollBatch batch) {
    try {
      List<String> steps = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("routes", "ingest.camel.yaml"))) {
        String t = line.strip();
        if (t.startsWith("method:")) {
          steps.add(t.substring("method:".length()).strip());
        }
      }
      assertThat(steps).startsWith("receive").endsWith("store");
      Object body = batch;
      for (String step : steps) {
        body = Ingest.class.getMethod(step, body.getClass()).invoke(ingest, body);
      }
      return (IngestBatch) body;
    } catch (IOException | ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private IngestItem normalized(RawInbound raw) {
    try {
      return ingest.normalize(ingest.receive(raw));
    } catch (io.switchboard.model.MalformedInputException e) {
      throw new IllegalStateException(e);
    }
  }
}
