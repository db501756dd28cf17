package db.migration;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.Context;

/** Which database a Java migration runs on; not a migration itself. */
final class Dialect {
  private Dialect() {}

  /** Statements a migration runs on one {@link Statement}. */
  @FunctionalInterface
  interface Statements {
    void run(Statement s) throws SQLException;
  }

  static boolean isPostgres(Context context) throws SQLException {
    return context
        .getConnection()
        .getMetaData()
        .getDatabaseProductName()
        .toLowerCase(Locale.ROOT)
        .contains("postgres");
  }

  /** Runs {@code statements} on PostgreSQL only; on HSQLDB the migration changes nothing. */
  static void onPostgres(Context context, Statements statements) throws SQLException {
    if (!isPostgres(context)) {
      return;
    }
    try (Statement s = context.getConnection().createStatement()) {
      statements.run(s);
    }
  }
}
