package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.InboxQueries.Filter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded database written before the term index (V51) finds its old messages after the upgrade. */
class SearchTermsUpgradeTest {
  @TempDir Path dir;
  private Database db;
  private InboxQueries inbox;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private List<Long> search(String q) {
    return inbox.list(new Filter(null, null, q, 50, 0)).items().stream()
        .map(InboxQueries.ConversationRow::id)
        .sorted()
        .toList();
  }

  @Test
  void anUpgradedDatabaseShouldFindItsOldMessages() throws Exception {
    Path old = dir.resolve("old");
    String url = "jdbc:hsqldb:file:" + old.resolve("db").resolve("switchboard")
        + ";hsqldb.write_delay=false;hsqldb.default_table_type=cached;sql.enforce_size=false";
    // the schema as it was before the term index (V48 was the last one then), filled with more than one backfill chunk
    Flyway.configure().dataSource(url, "SA", "").locations("classpath:db/migration")
        .placeholders(Map.of("text", "VARCHAR(16777216)", "blob", "BLOB")).target("48").load().migrate();
    int conversations = 1_234;
    try (Connection c = DriverManager.getConnection(url, "SA", "")) {
      c.setAutoCommit(false);
      Timestamp at = Timestamp.from(Instant.parse("2025-06-01T00:00:00Z"));
      try (PreparedStatement ct = c.prepareStatement("INSERT INTO contact (id, display_name, created_at) VALUES (?, ?, ?)");
          PreparedStatement ch = c.prepareStatement("INSERT INTO contact_handle (channel, handle, contact_id) VALUES ('email', ?, ?)");
          PreparedStatement cv = c.prepareStatement("INSERT INTO conversation (id, channel, account, contact_id, subject,"
              + " status, is_public, message_count, created_at, updated_at, last_message_at)"
              + " VALUES (?, 'email', 'support', ?, ?, 'open', FALSE, 1, ?, ?, ?)");
          PreparedStatement m = c.prepareStatement("INSERT INTO message (conversation_id, direction, author, text,"
              + " sent_at, created_at) VALUES (?, 'in', 'x', ?, ?, ?)")) {
        for (int i = 1; i <= conversations; i++) {
          ct.setLong(1, i);
          ct.setString(2, i == 777 ? "Hiro Tanaka" : "Customer " + i);
          ct.setTimestamp(3, at);
          ct.executeUpdate();
          ch.setString(1, "customer" + i + "@example.com");
          ch.setLong(2, i);
          ch.executeUpdate();
          cv.setLong(1, i);
          cv.setLong(2, i);
          cv.setString(3, i == 1_001 ? "Kaputtes Ladegerät" : "Order " + i);
          for (int k = 4; k <= 6; k++) {
            cv.setTimestamp(k, at);
          }
          cv.executeUpdate();
          m.setLong(1, i);
          m.setString(2, i == 1_200 ? "Mon remboursement, s'il vous plaît" : "Hello " + i);
          m.setTimestamp(3, at);
          m.setTimestamp(4, at);
          m.executeUpdate();
        }
      }
      c.commit();
      c.createStatement().execute("SHUTDOWN");
    }

    db = Database.embedded(old);
    inbox = new InboxQueries(db.jdbi());
    assertThat(search("ladegerat kaputt")).containsExactly(1_001L);
    assertThat(search("rembours")).containsExactly(1_200L);
    assertThat(search("tanaka")).containsExactly(777L);
    assertThat(search("customer1234")).containsExactly(1_234L);
    assertThat(inbox.list(new Filter(null, null, "hello", 1, 0)).total()).isEqualTo(conversations - 1);
  }
}
