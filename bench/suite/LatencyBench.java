import io.switchboard.Daemon;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Delivery latency: from the moment a message exists on the channel (appended to the IMAP folder;
 * posted on the X or Graph API simulator) to the moment {@code GET /api/conversations?q=...}
 * lists it. One message at a time, with a random pause between them so arrivals do not line up
 * with the poller's rhythm.
 */
final class LatencyBench {
  record Result(String label, int count, double p50, double p95) {}

  private LatencyBench() {}

  static Result email(MailServer server, Path work, int count) throws Exception {
    Path dir = work.resolve("latency-email");
    Bench.deleteTree(dir);
    try (Store store = IngestBench.connect(IngestBench.session(server.imapPort()))) {
      Folder f = store.getFolder("Latency");
      if (!f.exists()) {
        f.create(Folder.HOLDS_MESSAGES);
      }
    }
    // the shipped account settings (IDLE, default waits); only the folder is the benchmark's
    Path config = Bench.config(dir, server.imapPort(), MailServer.freePort(), "Latency");
    Daemon d = Bench.daemon(config, dir.resolve("data"));
    Session session = IngestBench.session(server.imapPort());
    try (Store store = IngestBench.connect(session)) {
      Folder folder = store.getFolder("Latency");
      Api api = new Api(d.port(), "admin", Bench.ADMIN_PASSWORD);
      return measure("Email (IMAP IDLE)", count, api, 400, token -> {
        try {
          String mail = "From: Latency <latency-" + token + "@customer.test>\r\nTo: " + MailServer.USER
              + "\r\nSubject: Parcel " + token + "\r\nMessage-ID: <" + token + "@customer.test>\r\n"
              + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nWhere is my parcel " + token + "?\r\n";
          folder.appendMessages(new Message[] {new MimeMessage(session, new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8)))});
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    } finally {
      d.stop();
      Bench.deleteTree(dir);
    }
  }

  /** X mentions and Facebook Messenger through their simulators, at the demo poll interval. */
  static List<Result> social(Path work, int count) throws Exception {
    List<Result> out = new ArrayList<>();
    String interval = "2s";
    try (XApiSimulator x = XApiSimulator.builder().bearerToken("bench-token").start()) {
      Path dir = work.resolve("latency-x");
      Bench.deleteTree(dir);
      Path config = Bench.config(dir, 1, 1, "INBOX", "enabled = false");
      Files.writeString(config.resolve("channels/x-bench.properties"), String.join("\n",
          "channel = x", "user.id = " + x.brand().id(), "handle = " + x.brand().username(),
          "display.name = Brand", "bearer.token = bench-token", "api.base = " + x.baseUrl(),
          "streams = mentions", "poll.interval = " + interval, ""));
      Daemon d = Bench.daemon(config, dir.resolve("data"));
      try {
        Api api = new Api(d.port(), "admin", Bench.ADMIN_PASSWORD);
        out.add(measure("X mentions (poll.interval " + interval + ")", count, api, 2000,
            token -> x.mention(x.user("cust" + token.replace("-", ""), "Customer"), "@" + x.brand().username() + " where is my parcel " + token + "?")));
      } finally {
        d.stop();
        Bench.deleteTree(dir);
      }
    }
    GraphApiSimulator fb = GraphApiSimulator.start("bench-token", "1001", "Bench Page", "2002", "benchgram");
    try {
      Path dir = work.resolve("latency-facebook");
      Bench.deleteTree(dir);
      Path config = Bench.config(dir, 1, 1, "INBOX", "enabled = false");
      Files.writeString(config.resolve("channels/facebook-bench.properties"), String.join("\n",
          "channel = facebook", "page.id = " + fb.pageId(), "access.token = " + fb.token(),
          "graph.url = " + fb.baseUrl(), "streams = messenger", "poll.interval = " + interval, ""));
      Daemon d = Bench.daemon(config, dir.resolve("data"));
      try {
        Api api = new Api(d.port(), "admin", Bench.ADMIN_PASSWORD);
        out.add(measure("Facebook Messenger (poll.interval " + interval + ")", count, api, 2000,
            token -> fb.message("psid" + token.replace("-", ""), "Customer", "Where is my parcel " + token + "?")));
      } finally {
        d.stop();
        Bench.deleteTree(dir);
      }
    } finally {
      fb.close();
    }
    return out;
  }

  private static Result measure(String label, int count, Api api, int maxPauseMs, Consumer<String> arrive) {
    Random rnd = new Random(7);
    List<Double> ms = new ArrayList<>();
    String run = Long.toHexString(System.nanoTime());
    for (int i = 0; i < count; i++) {
      String token = "lat" + run + "x" + i;
      long t0 = System.nanoTime();
      arrive.accept(token);
      Bench.await(label + " message " + i, 120, () -> api.ok("/api/conversations?limit=1&q=" + token).path("total").asLong() > 0);
      ms.add((System.nanoTime() - t0) / 1e6);
      LockSupport.parkNanos(rnd.nextInt(maxPauseMs) * 1_000_000L);
    }
    Result r = new Result(label, count, Bench.percentile(ms, 50), Bench.percentile(ms, 95));
    System.out.printf("  %s: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n", label, r.p50(), r.p95(), Bench.percentile(ms, 100));
    return r;
  }
}
