package io.switchboard.workflow.kpi;

import io.switchboard.config.PropertiesFile;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Which team a conversation counts under. When the schema gives conversations a team (a {@code
 * team} column, or {@code team_id} with a {@code team} table that has a {@code name}), that wins;
 * otherwise the team of the agent it is attributed to, from {@code kpi.team.<name> = user, user}
 * in {@code config/kpis.properties}. So the per-team figures work before and after routing adds
 * teams to the schema.
 *
 * @param sqlExpression a SQL expression over {@code c} (the conversation) giving its team name, or
 *     a typed NULL
 */
public record TeamLookup(String sqlExpression, Map<String, String> teamOfAgent) {
  public static final String NO_TEAM = "(no team)";

  /** The team for a conversation given what SQL said and the agent it is attributed to. */
  public String team(String fromSql, String agent) {
    if (fromSql != null && !fromSql.isBlank()) {
      return fromSql;
    }
    return agent == null ? NO_TEAM : teamOfAgent.getOrDefault(agent, NO_TEAM);
  }

  /** @param config {@code config/kpis.properties} */
  public static TeamLookup load(PropertiesFile config, Jdbi jdbi) {
    Map<String, String> members = new HashMap<>();
    {
      config.asMap().forEach((key, value) -> {
        if (key.startsWith("kpi.team.")) {
          String team = key.substring("kpi.team.".length());
          for (String user : value.split(",")) {
            if (!user.isBlank()) {
              members.put(user.strip(), team);
            }
          }
        }
      });
    }
    return new TeamLookup(detect(jdbi), Map.copyOf(members));
  }

  /** What the schema offers, looked up once: routing may add a team per conversation later. */
  static String detect(Jdbi jdbi) {
    return jdbi.withHandle(
        h -> {
          try {
            DatabaseMetaData meta = h.getConnection().getMetaData();
            if (hasColumn(meta, "conversation", "team")) {
              return "c.team";
            }
            if (hasColumn(meta, "conversation", "team_id") && hasColumn(meta, "team", "name")) {
              return "(SELECT t.name FROM team t WHERE t.id = c.team_id)";
            }
          } catch (SQLException e) {
            // no metadata: teams from configuration only
          }
          return "CAST(NULL AS VARCHAR(100))";
        });
  }

  private static boolean hasColumn(DatabaseMetaData meta, String table, String column) throws SQLException {
    for (String[] names : new String[][] {{table.toUpperCase(), column.toUpperCase()}, {table, column}}) {
      try (ResultSet rs = meta.getColumns(null, null, names[0], names[1])) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
