package io.switchboard.workflow.kpi;

import io.switchboard.config.PropertiesFile;
import java.util.HashMap;
import java.util.Map;

/**
 * Which team a conversation counts under: the team routing placed it in ({@code
 * conversation_team}); for conversations routing never placed, the team of the agent it is
 * attributed to, from {@code kpi.team.<name> = user, user} in {@code config/kpis.properties}.
 *
 * @param sqlExpression a SQL expression over {@code c} (the conversation) giving its team name, or
 *     a typed NULL
 */
public record TeamLookup(String sqlExpression, Map<String, String> teamOfAgent) {
  public static final String NO_TEAM = "(no team)";

  /** The team routing placed the conversation in ({@code conversation_team}), if any. */
  public static final String ROUTED_TEAM =
      "(SELECT ct.team FROM conversation_team ct WHERE ct.conversation_id = c.id)";

  /** The team for a conversation given what SQL said and the agent it is attributed to. */
  public String team(String fromSql, String agent) {
    if (fromSql != null && !fromSql.isBlank()) {
      return fromSql;
    }
    return agent == null ? NO_TEAM : teamOfAgent.getOrDefault(agent, NO_TEAM);
  }

  /** @param config {@code config/kpis.properties} */
  public static TeamLookup load(PropertiesFile config) {
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
    return new TeamLookup(ROUTED_TEAM, Map.copyOf(members));
  }
}
