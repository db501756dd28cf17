package io.switchboard.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.store.WebhookStore;
import io.switchboard.webhook.WebhookDeliverer;
import io.switchboard.webhook.WebhookFanout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --demo-webhook}: a webhook receiver on 127.0.0.1 (the JDK's HTTP server) that checks each
 * delivery's signature and prints one line for it, and a webhook to it for every event, allowed to
 * reach loopback. A demo webhook of an earlier start (its receiver gone) is removed first.
 */
public final class DemoWebhook implements AutoCloseable {
  private static final String CREATED_BY = "demo-webhook";

  private final HttpServer server;
  private final String secret;
  private final PrintStream out;
  private final AtomicInteger received = new AtomicInteger();

  private DemoWebhook(PrintStream out) {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    this.secret = "whsec_" + HexFormat.of().formatHex(b);
    this.out = out;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "demo-webhook");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/hooks/switchboard", this::handle);
    server.start();
  }

  /** Starts the receiver and registers its webhook in {@code store}. */
  public static DemoWebhook start(WebhookStore store, PrintStream out) {
    DemoWebhook d = new DemoWebhook(out);
    store.all().stream().filter(w -> CREATED_BY.equals(w.createdBy())).forEach(w -> store.delete(w.id()));
    WebhookStore.Webhook w = store.create(d.url(), WebhookFanout.EVENTS, d.secret, true, CREATED_BY);
    out.println("Demo mode: webhook " + w.id() + " posts every event to the local receiver " + d.url()
        + " (deliveries: GET /api/admin/webhooks/deliveries)");
    return d;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/switchboard";
  }

  /** How many deliveries arrived with a good signature. */
  public int received() {
    return received.get();
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readAllBytes();
    }
    String expected = "sha256=" + WebhookDeliverer.sign(secret, body);
    String got = x.getRequestHeaders().getFirst(WebhookDeliverer.SIGNATURE_HEADER);
    boolean ok =
        got != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), got.getBytes(StandardCharsets.US_ASCII));
    if (ok) {
      received.incrementAndGet();
    }
    out.println("Demo webhook: " + x.getRequestHeaders().getFirst(WebhookDeliverer.EVENT_HEADER) + " "
        + x.getRequestHeaders().getFirst(WebhookDeliverer.DELIVERY_HEADER) + (ok ? " (signature ok)" : " (BAD SIGNATURE)"));
    x.sendResponseHeaders(ok ? 204 : 401, -1);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
