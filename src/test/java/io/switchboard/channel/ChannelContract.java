package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.IngestItem;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.MalformedInputException;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.nlp.Tagger;
import io.switchboard.store.Database;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.support.HsqldbTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every channel guarantees, run against its real client and a real (or simulated) server:
 * thread keys survive normalize, a send returns the channel's id and posts once, our own post
 * coming back is dropped, and a retried send does not post twice. A channel's test implements
 * {@link #harness} and inherits the tests; each test gets its own {@link Fixture}, nothing is shared
 * between tests or test classes.
 */
@ExtendWith(ChannelContract.PerTest.class)
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

  /**
   * One contract test's channel, database, ingest and outbox, made for that test alone and closed
   * after it (by {@link PerTest}); a test method asks for it as a parameter.
   */
  final class Fixture implements AutoCloseable {
    final Path dir;
    final Harness harness;
    final Database db;
    final ChannelModule module;
    final Ingest ingest;
    final OutboxStore outbox;
    final Outbound outbound;

    Fixture(ChannelContract contract) throws IOException {
      Clock clock = Clock.systemUTC();
      dir = Files.createTempDirectory("channel-contract");
      harness = contract.harness(dir);
      db = HsqldbTemplate.open(dir.resolve("data"));
      var jdbi = db.jdbi();
      ChannelContext ctx =
          new ChannelContext(
              new io.switchboard.config.PropertiesFile("test", java.util.Map.of()),
              new io.switchboard.store.CursorStore(jdbi, clock),
              new io.switchboard.store.ChannelHealth(jdbi, clock),
              clock);
      module = harness.module(ctx);
      ingest = new Ingest(List.of(module.normalizer()), new MessageStore(jdbi, clock), Tagger.NONE);
      outbox = new OutboxStore(jdbi, clock);
      outbound = new Outbound(outbox, List.of(module.sender()), clock, "test", Duration.ofMillis(100), 5);
    }

    List<RawInbound> pollUntil(int atLeast) {
      InboundPoller poller = module.pollers().get(0);
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

    InboundMessage normalize(RawInbound raw) throws MalformedInputException {
      return module.normalizer().normalize(raw);
    }

    IngestItem ingest(RawInbound raw) throws MalformedInputException {
      return ingest.store(ingest.tag(ingest.thread(ingest.dedupe(ingest.normalize(ingest.receive(raw))))));
    }

    OutboxStore.Item queueReplyTo(IngestItem stored, String text) {
      String channel = module.channel();
      String ext = module.sender().assignExternalId(stored.message().account()).orElse(null);
      outbox.queue(
          stored.conversationId(), channel, stored.message().account(), new OutboxStore.Reply("agent", text, null, null), ext);
      List<OutboxStore.Item> due = outbound.claimDue();
      assertThat(due).hasSize(1);
      return due.get(0);
    }

    @Override
    public void close() throws IOException {
      // the module, the database, then the server; each even when the one before fails
      try {
        module.close();
      } finally {
        try {
          db.close();
        } finally {
          try {
            harness.close();
          } finally {
            try (var files = Files.walk(dir)) {
              files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
          }
        }
      }
    }
  }

  /** Gives each contract test its own {@link Fixture} and closes it after the test. */
  final class PerTest implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PerTest.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Fixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getStore(NS).getOrComputeIfAbsent(Fixture.class, k -> {
        try {
          return new Fixture((ChannelContract) context.getRequiredTestInstance());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, Fixture.class);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      Fixture f = context.getStore(NS).remove(Fixture.class, Fixture.class);
      if (f != null) {
        f.close();
      }
    }
  }

  @Test
  default void threadKeysShouldSurviveNormalize(Fixture f) throws Exception {
    Harness h = f.harness;
    h.customerWrites("kim", "My bag arrived broken", null);
    InboundMessage first = f.normalize(f.pollUntil(1).get(0));
    h.customerWrites("kim", "Any news?", first.externalId());
    InboundMessage second = f.normalize(f.pollUntil(1).get(0));

    assertThat(second.externalId()).isNotEqualTo(first.externalId());
    assertThat(second.contactHandle()).isEqualTo(first.contactHandle());
    boolean sameKey = first.threadKey() != null && first.threadKey().equals(second.threadKey());
    assertThat(sameKey || second.threadRefs().contains(first.externalId()))
        .as("second message threads to the first (key %s/%s, refs %s)", first.threadKey(), second.threadKey(), second.threadRefs())
        .isTrue();
  }

  @Test
  default void sendShouldReturnTheChannelsIdAndPostOnce(Fixture f) throws Exception {
    f.harness.customerWrites("lee", "Where is my refund?", null);
    IngestItem stored = f.ingest(f.pollUntil(1).get(0));
    OutboxStore.Item item = f.queueReplyTo(stored, "We are on it, Lee.");

    String id = f.module.sender().send(item.message());

    assertThat(id).isNotBlank();
    assertThat(f.harness.repliesReceived()).isEqualTo(1);
  }

  @Test
  default void ourOwnReplyComingBackShouldBeDropped(Fixture f) throws Exception {
    f.harness.customerWrites("max", "Is the Atlas 45 waterproof?", null);
    IngestItem stored = f.ingest(f.pollUntil(1).get(0));
    OutboxStore.Item item = f.queueReplyTo(stored, "Yes, it is.");
    f.outbound.send(item);
    await().atMost(Duration.ofSeconds(10)).until(() -> f.harness.repliesReceived() == 1);
    String sentId =
        f.db.jdbi().withHandle(h -> h.createQuery("SELECT channel_message_id FROM message WHERE direction = 'out'").mapTo(String.class).one());

    f.harness.echo(sentId);
    // a customer message after the echo marks how far the poller must read; a channel may drop
    // our reply before ingest (the Graph poller does) or hand it on for ingest to drop
    f.harness.customerWrites("max", "And is it machine washable?", null);
    List<IngestItem> after = new ArrayList<>();
    while (after.stream().noneMatch(i -> i.outcome() == IngestItem.Outcome.STORED)) {
      for (RawInbound raw : f.pollUntil(1)) {
        after.add(f.ingest(raw));
      }
    }

    assertThat(after)
        .as("only the customer's message is stored; our reply read back is dropped")
        .filteredOn(i -> i.outcome() != IngestItem.Outcome.DUPLICATE)
        .singleElement()
        .satisfies(i -> assertThat(i.message().text()).contains("machine washable"));
    int messages = f.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM message").mapTo(Integer.class).one());
    assertThat(messages)
        .as("the question, our reply, the follow-up")
        .isEqualTo(3);
  }

  @Test
  default void retriedSendShouldNotPostTwice(Fixture f) throws Exception {
    f.harness.customerWrites("noa", "Cancel my order please", null);
    IngestItem stored = f.ingest(f.pollUntil(1).get(0));
    OutboxStore.Item item = f.queueReplyTo(stored, "Done, Noa.");
    f.module.sender().send(item.message());
    // the process died before recording the send; the outbox hands the same reply out again
    OutboxStore.Item retry = new OutboxStore.Item(item.outboxId(), item.channel(), 2, item.message(), null);

    f.outbound.send(retry);

    assertThat(f.harness.repliesReceived()).isEqualTo(1);
    String delivery =
        f.db.jdbi().withHandle(h -> h.createQuery("SELECT delivery FROM message WHERE direction = 'out'").mapTo(String.class).one());
    assertThat(delivery).isEqualTo("sent");
  }
}
