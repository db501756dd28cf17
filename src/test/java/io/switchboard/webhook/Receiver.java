package io.switchboard.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 (the JDK's HTTP server): records every request as it arrives,
 * answers 200 unless told to answer other statuses first, and can hold the next request until
 * released (a delivery in flight when the daemon stops).
 */
final class Receiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  record Hit(String path, String delivery, String event, String signature, String body, JsonNode json) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Hit> hits = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch hold;
  private volatile CountDownLatch held;
  private volatile String holdPath;
  private volatile String statusPath;

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next requests to {@code path} are answered with these statuses, in order; 200 after them. */
  void answer(String path, Integer... next) {
    statusPath = path;
    statuses.addAll(List.of(next));
  }

  /** The next request to {@code path} is recorded and then held until {@link #release}. */
  void holdNext(String path) {
    CountDownLatch latch = new CountDownLatch(1);
    holdPath = path;
    held = latch;
    hold = latch;
  }

  void release() {
    hold = null;
    CountDownLatch h = held;
    if (h != null) {
      h.countDown();
    }
  }

  List<Hit> hits() {
    return new ArrayList<>(hits);
  }

  List<Hit> hits(String path) {
    return hits.stream().filter(h -> h.path().equals(path)).toList();
  }

  private void handle(HttpExchange x) throws IOException {
    String body;
    try (InputStream in = x.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var h = x.getRequestHeaders();
    hits.add(
        new Hit(
            x.getRequestURI().getPath(), h.getFirst("X-Switchboard-Delivery"), h.getFirst("X-Switchboard-Event"),
            h.getFirst("X-Switchboard-Signature"), body, JSON.readTree(body)));
    CountDownLatch latch = hold;
    if (latch != null && x.getRequestURI().getPath().equals(holdPath)) {
      hold = null;
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Integer status = x.getRequestURI().getPath().equals(statusPath) ? statuses.poll() : null;
    x.sendResponseHeaders(status == null ? 200 : status, -1);
    x.close();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
