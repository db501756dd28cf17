package db.migration;

import io.switchboard.store.SearchTerms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the search term index (V51, ADR 0020) from the conversations, messages, customers' names
 * and handles an upgraded install already holds, with the same tokenizer that writes new messages. SQL cannot
 * split and fold words portably, hence Java. Commits every chunk of conversations, so a large
 * database does not hold one huge transaction; when a run is cut short, the next start goes on
 * after the last chunk committed (Flyway records the migration only once it has finished).
 */
public class V52__Backfill_search_terms extends BaseJavaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(V52__Backfill_search_terms.class);
  private static final int CHUNK = 500;

  @Override
  public boolean canExecuteInTransaction() {
    return false;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      long conversations = conversations(c);
      if (conversations > 0) {
        LOG.info("Search index filled for {} conversations", conversations);
      }
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static long conversations(Connection c) throws SQLException {
    long after = max(c, "SELECT MAX(conversation_id) FROM conversation_term");
    long done = 0;
    try (PreparedStatement next =
            c.prepareStatement(
                "SELECT c.id, c.subject, ct.display_name FROM conversation c JOIN contact ct ON ct.id = c.contact_id"
                    + " WHERE c.id > ? ORDER BY c.id FETCH FIRST " + CHUNK + " ROWS ONLY");
        PreparedStatement handles =
            c.prepareStatement(
                "SELECT c.id, ch.handle FROM conversation c JOIN contact_handle ch"
                    + " ON ch.contact_id = c.contact_id AND ch.channel = c.channel WHERE c.id BETWEEN ? AND ?");
        PreparedStatement texts =
            c.prepareStatement("SELECT conversation_id, text FROM message WHERE conversation_id BETWEEN ? AND ?");
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO conversation_term (term, conversation_id) VALUES (?, ?)")) {
      while (true) {
        Map<Long, Set<String>> terms = new LinkedHashMap<>();
        next.setLong(1, after);
        try (ResultSet rs = next.executeQuery()) {
          while (rs.next()) {
            terms.put(rs.getLong(1), new LinkedHashSet<>(SearchTerms.terms(rs.getString(2), rs.getString(3))));
          }
        }
        if (terms.isEmpty()) {
          return done;
        }
        long first = terms.keySet().iterator().next();
        long last = after = new ArrayList<>(terms.keySet()).get(terms.size() - 1);
        add(handles, first, last, terms);
        add(texts, first, last, terms);
        write(c, insert, terms);
        done += terms.size();
        if (done % 20_000 < CHUNK) {
          LOG.info("Search index: {} conversations filled", done);
        }
      }
    }
  }

  private static void add(PreparedStatement texts, long first, long last, Map<Long, Set<String>> terms)
      throws SQLException {
    texts.setLong(1, first);
    texts.setLong(2, last);
    try (ResultSet rs = texts.executeQuery()) {
      while (rs.next()) {
        Set<String> set = terms.get(rs.getLong(1));
        if (set != null) {
          set.addAll(SearchTerms.terms(rs.getString(2)));
        }
      }
    }
  }

  private static void write(Connection c, PreparedStatement insert, Map<Long, Set<String>> terms)
      throws SQLException {
    int rows = 0;
    for (Map.Entry<Long, Set<String>> e : terms.entrySet()) {
      for (String t : e.getValue()) {
        insert.setString(1, t);
        insert.setLong(2, e.getKey());
        insert.addBatch();
        rows++;
      }
    }
    if (rows > 0) { // HSQLDB refuses an empty batch
      insert.executeBatch();
    }
    c.commit();
  }

  private static long max(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long max = rs.getLong(1);
      return rs.wasNull() ? 0 : max;
    }
  }
}
