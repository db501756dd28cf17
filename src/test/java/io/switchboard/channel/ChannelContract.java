package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.conversation.InboundMessage;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.IngestItem;
import io.switchboard.conversation.Tagger;
import io.switchboard.store.Database;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every channel guarantees, run against its real client and a real (or simulated) server:
 * thread keys survive normalize, a send returns the channel's id and posts once, our own post
 * coming back is dropped, and a retried send does not post twice. A channel's test implements
 * {@link #harness} and inherits the tests.
 */
public interface ChannelContract {

  /** One channel with one account, wired to a server the test controls. */
  interface Harness extends AutoCloseable {
    ChannelModule module(ChannelContext ctx);

    String account();

    /** The server gets a new message from customer {@code author}, answering {@code replyTo}. */
    void customerWrites(String author, String text, String replyTo);

    /** How many of our replies the server has received. */
    int repliesReceived();

    /** Makes the server show our sent reply to our own poller, as a channel echoes own posts. */
    void echo(String sentExternalId);

    @Override
    void close();
  }

  Harness harness(Path dir);

  /** Per-test state; created before and closed after each contract test. */
  final class State {
    Harness harness;
    Database db;
    ChannelModule module;
    Ingest ingest;
    OutboxStore outbox;
    Outbound outbound;
  }

  State STATE = new State();

  @BeforeEach
  default void setUpContract(@TempDir Path dir) {
    Clock clock = Clock.systemUTC();
    STATE.harness = harness(dir);
    STATE.db = Database.embedded(dir.resolve("data"));
    var jdbi = STATE.db.jdbi();
    ChannelContext ctx =
        new ChannelContext(
            new io.switchboard.config.PropertiesFile("test", java.util.Map.of()),
            new io.switchboard.store.CursorStore(jdbi, clock),
            new io.switchboard.store.ChannelHealth(jdbi, clock),
            clock);
    STATE.module = STATE.harness.module(ctx);
    STATE.ingest = new Ingest(List.of(STATE.module.normalizer()), new MessageStore(jdbi, clock), Tagger.NONE);
    STATE.outbox = new OutboxStore(jdbi, clock);
    STATE.outbound =
        new Outbound(STATE.outbox, List.of(STATE.module.sender()), clock, "test", Duration.ofMillis(100), 5);
  }

  @AfterEach
  default void tearDownContract() {
    STATE.module.close();
    STATE.db.close();
    STATE.harness.close();
  }

  private static List<RawInbound> pollUntil(int atLeast) {
    InboundPoller poller = STATE.module.pollers().get(0);
    List<RawInbound> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got.size() < atLeast) {
      assertThat(System.nanoTime()).as("%d new input(s) within 20 s", atLeast).isLessThan(deadline);
      PollBatch b = poller.poll();
      got.addAll(b.items());
      if (!b.isEmpty()) {
        poller.commit(b);
      }
    }
    return got;
  }

  private static InboundMessage normalize(RawInbound raw) throws MalformedInputException {
    return STATE.module.normalizer().normalize(raw);
  }

  private static IngestItem ingest(RawInbound raw) throws MalformedInputException {
    Ingest in = STATE.ingest;
    return in.store(in.tag(in.thread(in.dedupe(in.normalize(in.receive(raw))))));
  }

  private static OutboxStore.Item queueReplyTo(IngestItem stored, String text) {
    String channel = STATE.module.channel();
    String ext = STATE.module.sender().assignExternalId(stored.message().account()).orElse(null);
    STATE.outbox.queue(
        stored.conversationId(), channel, stored.message().account(), new OutboxStore.Reply("agent", text, null, null), ext);
    List<OutboxStore.Item> due = STATE.outbound.claimDue();
    assertThat(due).hasSize(1);
    return due.get(0);
  }

  @Test
  default void threadKeysShouldSurviveNormalize() throws Exception {
    Harness h = STATE.harness;
    h.customerWrites("kim", "My bag arrived broken", null);
    InboundMessage first = normalize(pollUntil(1).get(0));
    h.customerWrites("kim", "Any news?", first.externalId());
    InboundMessage second = normalize(pollUntil(1).get(0));

    assertThat(second.externalId()).isNotEqualTo(first.externalId());
    assertThat(second.contactHandle()).isEqualTo(first.contactHandle());
    boolean sameKey = first.threadKey() != null && first.threadKey().equals(second.threadKey());
    assertThat(sameKey || second.threadRefs().contains(first.externalId()))
        .as("second message threads to the first (key %s/%s, refs %s)", first.threadKey(), second.threadKey(), second.threadRefs())
        .isTrue();
  }

  @Test
  default void sendShouldReturnTheChannelsIdAndPostOnce() throws Exception {
    STATE.harness.customerWrites("lee", "Where is my refund?", null);
    IngestItem stored = ingest(pollUntil(1).get(0));
    OutboxStore.Item item = queueReplyTo(stored, "We are on it, Lee.");

    String id = STATE.module.sender().send(item.message());

    assertThat(id).isNotBlank();
    assertThat(STATE.harness.repliesReceived()).isEqualTo(1);
  }

  @Test
  default void ourOwnReplyComingBackShouldBeDropped() throws Exception {
    STATE.harness.customerWrites("max", "Is the Atlas 45 waterproof?", null);
    IngestItem stored = ingest(pollUntil(1).get(0));
    OutboxStore.Item item = queueReplyTo(stored, "Yes, it is.");
    STATE.outbound.send(item);
    await().atMost(Duration.ofSeconds(10)).until(() -> STATE.harness.repliesReceived() == 1);
    String sentId =
        STATE.db.jdbi().withHandle(h -> h.createQuery("SELECT channel_message_id FROM message WHERE direction = 'out'").mapTo(String.class).one());

    STATE.harness.echo(sentId);
    IngestItem echo = ingest(pollUntil(1).get(0));

    assertThat(echo.outcome()).isEqualTo(IngestItem.Outcome.DUPLICATE);
  }

  @Test
  default void retriedSendShouldNotPostTwice() throws Exception {
    STATE.harness.customerWrites("noa", "Cancel my order please", null);
    IngestItem stored = ingest(pollUntil(1).get(0));
    OutboxStore.Item item = queueReplyTo(stored, "Done, Noa.");
    STATE.module.sender().send(item.message());
    // the process died before recording the send; the outbox hands the same reply out again
    OutboxStore.Item retry = new OutboxStore.Item(item.outboxId(), item.channel(), 2, item.message(), null);

    STATE.outbound.send(retry);

    assertThat(STATE.harness.repliesReceived()).isEqualTo(1);
    String delivery =
        STATE.db.jdbi().withHandle(h -> h.createQuery("SELECT delivery FROM message WHERE direction = 'out'").mapTo(String.class).one());
    assertThat(delivery).isEqualTo("sent");
  }
}
