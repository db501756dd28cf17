package io.switchboard.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps each handle's prepared statements for reuse while the handle is open. HSQLDB parses and
 * plans a statement on every {@code prepareStatement}; profiling ingest showed that compiling took
 * a fifth of the CPU of storing a batch, where the same dozen statements run for every message in
 * one handle. A statement is reused for the same SQL text and the same generated-keys request; its
 * parameters are cleared when Jdbi is done with it, and all of them are closed with the handle.
 * At most {@value #MAX} per handle (least recently used closed first), since list bindings make
 * SQL texts that never repeat. Not thread-safe: one per handle, as Jdbi uses it.
 */
final class ReusedStatements implements StatementBuilder {
  static final int MAX = 64;

  private final StatementBuilder plain = new DefaultStatementBuilder();
  /** Statements handed out and not yet closed by Jdbi: never handed out twice at once. */
  private final Set<PreparedStatement> busy = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, PreparedStatement> open =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() > MAX) {
            if (!busy.contains(eldest.getValue())) {
              closeQuietly(eldest.getValue()); // a busy one is closed when Jdbi releases it
            }
            return true;
          }
          return false;
        }
      };

  @Override
  public Statement create(Connection conn, StatementContext ctx) throws SQLException {
    return plain.create(conn, ctx);
  }

  @Override
  public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
    if (ctx.isConcurrentUpdatable()) {
      return plain.create(conn, sql, ctx);
    }
    String key = key(sql, ctx);
    PreparedStatement s = open.get(key);
    if (s != null && busy.contains(s)) {
      // the same SQL again while its result is still being read: a statement of its own
      return plain.create(conn, sql, ctx);
    }
    if (s == null || s.isClosed()) {
      s = plain.create(conn, sql, ctx);
      open.put(key, s);
    }
    busy.add(s);
    return s;
  }

  @Override
  public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
    return plain.createCall(conn, sql, ctx);
  }

  @Override
  public void close(Connection conn, String sql, Statement stmt) throws SQLException {
    if (stmt instanceof PreparedStatement p && busy.remove(p) && open.containsValue(p) && !p.isClosed()) {
      p.clearParameters();
      return;
    }
    stmt.close();
  }

  @Override
  public void close(Connection conn) {
    busy.clear();
    for (Iterator<PreparedStatement> it = open.values().iterator(); it.hasNext(); ) {
      closeQuietly(it.next());
      it.remove();
    }
  }

  private static String key(String sql, StatementContext ctx) {
    if (!ctx.isReturningGeneratedKeys()) {
      return sql;
    }
    String[] columns = ctx.getGeneratedKeysColumnNames();
    return "keys:" + (columns == null ? "" : String.join(",", columns)) + ":" + sql;
  }

  private static void closeQuietly(Statement s) {
    try {
      s.close();
    } catch (SQLException e) {
      // closing with the handle anyway
    }
  }
}
