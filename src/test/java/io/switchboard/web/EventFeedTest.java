package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import io.switchboard.store.EventFeed;
import io.switchboard.support.HsqldbTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live feed reads rows past its cursor; a row whose smaller id commits after a larger one (two
 * instances, or two transactions) is still told.
 */
class EventFeedTest {
  @TempDir Path dir;
  Database db;
  Jdbi jdbi;
  EventFeed feed;

  @BeforeEach
  void open() {
    db = HsqldbTemplate.open(dir);
    jdbi = db.jdbi();
    feed = new EventFeed(jdbi, Clock.systemUTC());
    jdbi.useHandle(h -> {
      h.execute("INSERT INTO contact (id, display_name, created_at) VALUES (1, 'C', CURRENT_TIMESTAMP)");
      h.execute("INSERT INTO conversation (id, channel, account, contact_id, status, is_public, message_count,"
          + " created_at, updated_at, last_message_at) VALUES (1, 'email', 'a', 1, 'open', FALSE, 0,"
          + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
    });
  }

  @AfterEach
  void close() {
    db.close();
  }

  void message(long id) {
    jdbi.useHandle(h -> h.execute("INSERT INTO message (id, conversation_id, direction, author, text, sent_at, created_at)"
        + " VALUES (?, 1, 'in', 'c', 't', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", id));
  }

  List<Object> ids(List<EventFeed.Event> events) {
    return events.stream().map(e -> e.data().get("messageId")).toList();
  }

  @Test
  void aSmallerIdThatCommitsLateShouldStillBeTold() {
    EventFeed.Cursor cursor = feed.head();
    message(1);
    message(3); // 2 is still in another transaction
    assertThat(ids(feed.poll(cursor))).containsExactly(1L, 3L);
    assertThat(feed.poll(cursor)).isEmpty();
    message(2);
    assertThat(ids(feed.poll(cursor))).containsExactly(2L);
    assertThat(feed.poll(cursor)).as("told once").isEmpty();
  }

  @Test
  void aCursorShouldSurviveAsTextAndOnlyMoveForward() {
    message(1);
    EventFeed.Cursor cursor = feed.head();
    String saved = cursor.toString();
    message(2);
    assertThat(ids(feed.poll(feed.resume(saved)))).containsExactly(2L);
    assertThat(feed.resume("garbage").toString()).startsWith("m2.");
  }
}
