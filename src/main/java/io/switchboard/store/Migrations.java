package io.switchboard.store;

import io.switchboard.config.Settings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Whether a database already has every migration this build packages (ADR 0080). Flyway loads
 * about a thousand classes to find that out at each start; a start that finds the schema current
 * here does not load it at all.
 */
final class Migrations {
  /** A versioned migration as Flyway names it: an SQL file or a Java class, {@code V<version>__<name>}. */
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__[^$]+\\.(?:sql|class)");

  private Migrations() {}

  /**
   * True when Flyway's history lists, as succeeded, exactly the versions packaged in {@code
   * db/migration} and no failed one. False when anything differs or the history cannot be read
   * (a new database): Flyway then migrates and validates as usual.
   */
  static boolean current(DataSource ds) {
    Set<String> packaged = packaged();
    if (packaged.isEmpty()) {
      return false;
    }
    Set<String> applied = new HashSet<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
      while (r.next()) {
        if (!r.getBoolean(2)) {
          return false;
        }
        if (r.getString(1) != null) {
          applied.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      return false; // no history table yet
    }
    return applied.equals(packaged);
  }

  /** The versions of the migrations in the jar (or the build's classes), as Flyway records them. */
  static Set<String> packaged() {
    Set<String> versions = new HashSet<>();
    for (String file : Settings.packagedFiles("db/migration", "V*__*.{sql,class}")) {
      Matcher m = VERSIONED.matcher(file);
      if (m.matches()) {
        versions.add(m.group(1).replace('_', '.'));
      }
    }
    return versions;
  }
}
