import io.switchboard.Services;
import io.switchboard.channel.email.EmailNormalizer;
import io.switchboard.channel.email.MimeParser;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.IngestBatch;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import io.switchboard.store.Database;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.support.TestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest route's steps alone, on the realistic corpus: no IMAP server and no daemon around
 * them, so this JVM's CPU time is the steps' (and the database's, which runs in it on HSQLDB).
 * The route's order per poll batch of 500 (receive, normalize, dedupe, thread, tag, store), each
 * stored message with its workflow event, as the daemon does. Warm-up passes on databases of their
 * own ({@code SB_BENCH_WARMUP} messages, default 2,000) warm the JIT; the next pass is measured,
 * its CPU split into the JIT compilers', the collector's and the rest ({@link ThreadCpu}). CPU per
 * message is what a profile is read against: the machine's load moves it far less than a rate.
 */
final class IngestSteps {
  /**
   * CPU ms per message of this JVM (all threads) and of the PostgreSQL server (0 on HSQLDB, which
   * runs in this JVM; -1 when unreadable), wall-clock rate, and what was stored.
   */
  record Result(String store, double cpuMs, double serverCpuMs, double rate, long stored, long tagged,
      long conversations, double jitMs, double gcMs) {}

  private IngestSteps() {}

  static Result run(TestStore kind, List<Corpus.Mail> corpus, Path work) throws Exception {
    int warm = Integer.parseInt(System.getenv().getOrDefault("SB_BENCH_WARMUP", "2000").strip());
    for (int done = 0; done < warm; done += corpus.size()) {
      once(kind, corpus.subList(0, Math.min(corpus.size(), warm - done)), work.resolve("steps-warm"));
    }
    return once(kind, corpus, work.resolve("steps"));
  }

  private static Result once(TestStore kind, List<Corpus.Mail> corpus, Path dir) throws Exception {
    Bench.deleteTree(dir);
    java.nio.file.Files.createDirectories(dir);
    int port = -1;
    Database opened;
    if (kind == TestStore.POSTGRESQL) {
      String url = io.switchboard.support.PostgresCluster.shared().newDatabaseUrl();
      port = ServerCpu.port(url);
      opened = Database.open(url, io.switchboard.support.PostgresCluster.shared().user(), "");
    } else {
      opened = kind.open(dir);
    }
    try (Database db = opened) {
      Ingest ingest =
          Services.newIngest(db, Clock.systemUTC(), List.of(new EmailNormalizer(new MimeParser(25L << 20))), dir);
      ingest.setEvents(new WorkflowEventStore(db.jdbi(), Clock.systemUTC()));
      List<PollBatch> batches = new ArrayList<>();
      List<RawInbound> items = new ArrayList<>();
      for (int i = 0; i < corpus.size(); i++) {
        items.add(new RawInbound("email", "email-bench", "1/" + (i + 1), corpus.get(i).rfc822()));
        if (items.size() == 500 || i == corpus.size() - 1) {
          batches.add(new PollBatch("email-bench", "imap:INBOX", "1:" + (i + 1), List.copyOf(items)));
          items.clear();
        }
      }
      System.gc();
      long cpu0 = IngestBench.processCpuNanos();
      long server0 = ServerCpu.nanos(port);
      ThreadCpu.Split split0 = ThreadCpu.now();
      long t0 = System.nanoTime();
      for (PollBatch b : batches) {
        IngestBatch batch = ingest.receive(b);
        ingest.store(ingest.tag(ingest.thread(ingest.dedupe(ingest.normalize(batch)))));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuMs = (IngestBench.processCpuNanos() - cpu0) / 1e6 / corpus.size();
      long server1 = ServerCpu.nanos(port);
      ThreadCpu.Split split = ThreadCpu.now().minus(split0);
      double jitMs = split.jit() / 1e6 / corpus.size();
      double gcMs = split.gc() / 1e6 / corpus.size();
      double serverMs = port < 0 ? 0 : server0 < 0 || server1 < 0 ? -1 : (server1 - server0) / 1e6 / corpus.size();
      long stored = IngestBench.count(db.jdbi(), "SELECT COUNT(*) FROM message");
      long tagged = IngestBench.count(db.jdbi(),
          "SELECT COUNT(*) FROM message WHERE language IS NOT NULL AND sentiment IS NOT NULL AND urgency IS NOT NULL");
      long conversations = IngestBench.count(db.jdbi(), "SELECT COUNT(*) FROM conversation");
      System.out.printf("  ingest steps on %s: %d messages, %.2f CPU ms/msg (JIT compilers %.2f, GC and VM threads %.2f;"
              + " + %.2f in the database server), %,.0f msg/s; load %s%n",
          kind, corpus.size(), cpuMs, jitMs, gcMs, serverMs, corpus.size() / seconds, IngestBench.load());
      return new Result(kind.toString(), cpuMs, serverMs, corpus.size() / seconds, stored, tagged, conversations,
          jitMs, gcMs);
    } finally {
      Bench.deleteTree(dir);
    }
  }
}
