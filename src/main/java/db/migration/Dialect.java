package db.migration;

import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.api.migration.Context;

/** Which database a Java migration runs on; not a migration itself. */
final class Dialect {
  private Dialect() {}

  static boolean isPostgres(Context context) throws SQLException {
    return context
        .getConnection()
        .getMetaData()
        .getDatabaseProductName()
        .toLowerCase(Locale.ROOT)
        .contains("postgres");
  }
}
