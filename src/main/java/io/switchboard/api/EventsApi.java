package io.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.switchboard.store.EventFeed;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: server-sent events for the web inbox ({@code message}, {@code activity},
 * {@code delivery}, each with a {@code conversationId}). Each reader has its own cursor into the
 * database's {@link EventFeed}, polled on one timer thread, so it sees what any instance wrote; the
 * event id is the cursor, and a browser that reconnects sends it back as {@code Last-Event-ID} and
 * misses nothing.
 */
public final class EventsApi implements ApiFeature, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventsApi.class);
  private static final long HEARTBEAT_MS = 15_000;

  private final EventFeed feed;
  private final Duration every;
  private final ObjectMapper json = ApiServer.jsonMapper();
  private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "switchboard-events");
            t.setDaemon(true);
            return t;
          });

  private static final class Reader {
    final SseClient client;
    final EventFeed.Cursor cursor;
    long lastSent = System.currentTimeMillis();

    Reader(SseClient client, EventFeed.Cursor cursor) {
      this.client = client;
      this.cursor = cursor;
    }
  }

  public EventsApi(EventFeed feed, Duration every) {
    this.feed = feed;
    this.every = every;
    timer.scheduleWithFixedDelay(this::pollAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.sse(
        "/api/events",
        client -> {
          client.keepAlive();
          String last = client.ctx().header("Last-Event-ID");
          if (last == null) {
            last = client.ctx().queryParam("since");
          }
          Reader reader = new Reader(client, feed.resume(last));
          client.onClose(() -> readers.remove(reader));
          // tells the page where it starts, so it can reconnect from here
          client.sendEvent("ready", "{\"pollMs\":" + every.toMillis() + "}", reader.cursor.toString());
          readers.add(reader);
        });
  }

  private void pollAll() {
    for (Reader r : readers) {
      if (r.client.terminated()) {
        readers.remove(r);
        continue;
      }
      try {
        for (EventFeed.Event e : feed.poll(r.cursor)) {
          r.client.sendEvent(e.type(), json(e), r.cursor.toString());
          r.lastSent = System.currentTimeMillis();
        }
        if (System.currentTimeMillis() - r.lastSent > HEARTBEAT_MS) {
          r.client.sendComment("still here");
          r.lastSent = System.currentTimeMillis();
        }
      } catch (RuntimeException e) {
        LOG.warn("live events: {}", e.toString());
      }
    }
  }

  private String json(EventFeed.Event e) {
    try {
      return json.writeValueAsString(e.data());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    readers.forEach(r -> r.client.close());
    readers.clear();
  }
}
