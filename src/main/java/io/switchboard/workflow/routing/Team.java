package io.switchboard.workflow.routing;

import java.util.List;

/**
 * A team: a queue of conversations and the agents who work it.
 *
 * @param lead the team lead's user name, or null
 * @param members user names, in no particular order (round-robin goes by name)
 */
public record Team(String name, String displayName, String lead, List<String> members) {
  public Team {
    name = Skills.name(name, "team name");
    displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
    lead = lead == null || lead.isBlank() ? null : lead.strip();
    members = members == null ? List.of() : members.stream().map(String::strip).distinct().sorted().toList();
    for (String m : members) {
      Skills.username(m);
    }
  }
}
