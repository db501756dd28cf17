package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.support.TestMail;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/events: server-sent events read from the database, resumable by Last-Event-ID. */
class EventsTest {
  @TempDir static Path dir;
  static WebFixture app;

  @BeforeAll
  static void start() throws Exception {
    app = new WebFixture(dir);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  record Event(String id, String type, String data) {}

  /** Reads an event stream on a thread of its own. */
  static final class Stream implements AutoCloseable {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final Thread reader;
    final HttpResponse<java.io.InputStream> response;

    Stream(String lastEventId) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/events"))
              .header("Accept", "text/event-stream")
              .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ada:" + WebFixture.PASSWORD).getBytes(StandardCharsets.UTF_8)));
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      response = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      reader = new Thread(this::read, "sse-test-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
          if (line.isEmpty()) {
            if (type != null) {
              events.add(new Event(id, type, data.toString()));
            }
            id = null;
            type = null;
            data.setLength(0);
          } else if (line.startsWith("id:")) {
            id = line.substring(3).strip();
          } else if (line.startsWith("event:")) {
            type = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          }
        }
      } catch (Exception e) {
        // closed
      }
    }

    /** The next event of this type mentioning {@code text}, within the timeout. */
    Event await(String type, String text) throws InterruptedException {
      long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      List<Event> seen = new ArrayList<>();
      while (System.nanoTime() < end) {
        Event e = events.poll(200, TimeUnit.MILLISECONDS);
        if (e == null) {
          continue;
        }
        seen.add(e);
        if (e.type().equals(type) && e.data().contains(text)) {
          return e;
        }
      }
      throw new AssertionError("no " + type + " event with " + text + "; saw " + seen);
    }

    @Override
    public void close() throws Exception {
      response.body().close();
    }
  }

  @Test
  void newMessagesActivityAndDeliveryShouldBeStreamed() throws Exception {
    try (Stream stream = new Stream(null)) {
      Event ready = stream.await("ready", "pollMs");
      assertThat(ready.id()).matches("m\\d+\\.a\\d+\\.o\\d+");

      long id = app.email("live@customer.test", "Live one", "Anyone there?");
      stream.await("message", "\"conversationId\":" + id);

      WebClient ada = new WebClient(app.port());
      ada.signIn("ada", WebFixture.PASSWORD);
      ada.post("/api/conversations/" + id + "/status", Map.of("status", "pending"));
      Event activity = stream.await("activity", "\"conversationId\":" + id);
      assertThat(activity.data()).contains("\"kind\":\"status\"", "\"detail\":\"pending\"", "\"actor\":\"ada\"");

      ada.post("/api/conversations/" + id + "/replies", Map.of("text", "Yes, we are here."));
      stream.await("message", "\"direction\":\"out\"");
      stream.await("delivery", "\"delivery\":\"sent\"");
    }
  }

  @Test
  void aReaderThatReconnectsShouldGetWhatItMissed() throws Exception {
    String resumeFrom;
    try (Stream first = new Stream(null)) {
      resumeFrom = first.await("ready", "pollMs").id();
    }
    // while nobody listens
    app.mail.deliver(TestMail.email("later@customer.test", "<missed.1@customer.test>", "Missed while away", "Hello?", null));
    long id = app.deliver(TestMail.email("later@customer.test", "<missed.2@customer.test>", "Missed twice", "Hello again?", null), "Missed twice");
    try (Stream again = new Stream(resumeFrom)) {
      again.await("message", "\"conversationId\":" + id);
    }
  }
}
