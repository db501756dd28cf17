package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import io.switchboard.support.TestMail;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IMAP poller alone against GreenMail: how big its batches are after a start (ADR 0076). */
class ImapPollerTest {
  @TempDir Path dir;
  private Database db;
  private TestMail mail;
  private ImapPoller poller;

  @BeforeEach
  void start() {
    db = HsqldbTemplate.open(dir.resolve("data"));
    mail = new TestMail();
  }

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    mail.close();
    db.close();
  }

  private ImapPoller poller(String batch) {
    PropertiesFile f =
        new PropertiesFile(
            "test",
            Map.of(
                "channel", "email",
                "address", TestMail.SUPPORT,
                "imap.host", "127.0.0.1",
                "imap.port", String.valueOf(mail.imapPort()),
                "imap.ssl", "false",
                "imap.password", TestMail.PASSWORD,
                "imap.idle", "false",
                "poll.interval", "100ms",
                "poll.batch", batch,
                "smtp.host", "127.0.0.1"));
    poller =
        new ImapPoller(
            EmailAccount.from(ChannelAccount.of(f, "shop")),
            new CursorStore(db.jdbi(), Clock.systemUTC()),
            new ChannelHealth(db.jdbi(), Clock.systemUTC()));
    return poller;
  }

  private void deliver(int n) {
    for (int i = 1; i <= n; i++) {
      mail.deliver(TestMail.email("c" + i + "@example.com", "<m" + i + "@example.com>", "Order " + i, "Where is order " + i + "?", null));
    }
  }

  /** Polls and commits until a poll finds nothing; the sizes of the batches, in order. */
  private List<Integer> drain(ImapPoller p, List<String> ids) {
    List<Integer> sizes = new ArrayList<>();
    for (PollBatch b = p.poll(); !b.items().isEmpty(); b = p.poll()) {
      sizes.add(b.items().size());
      b.items().stream().map(RawInbound::sourceRef).forEach(ids::add);
      p.commit(b);
    }
    return sizes;
  }

  @Test
  void firstBatchAfterAStartIsSmallThenDoublesUpToTheConfiguredSize() {
    deliver(200);
    List<String> ids = new ArrayList<>();
    assertThat(drain(poller("60"), ids)).containsExactly(25, 50, 60, 60, 5);
    // every message once, in the order the server numbered them
    assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    assertThat(ids).isSortedAccordingTo(
        (a, b) -> Long.compare(Long.parseLong(a.split("/")[1]), Long.parseLong(b.split("/")[1])));
  }

  @Test
  void aConfiguredBatchSmallerThanTheFirstIsKept() {
    deliver(12);
    assertThat(drain(poller("5"), new ArrayList<>())).containsExactly(5, 5, 2);
  }

  @Test
  void aNewPollerStartsSmallAgainFromTheStoredCursor() {
    deliver(120);
    ImapPoller first = poller("200");
    PollBatch b = first.poll();
    assertThat(b.items()).hasSize(25);
    first.commit(b);
    first.close();
    List<String> ids = new ArrayList<>();
    assertThat(drain(poller("200"), ids)).containsExactly(25, 50, 20);
    assertThat(ids).hasSize(95).doesNotHaveDuplicates();
  }
}
