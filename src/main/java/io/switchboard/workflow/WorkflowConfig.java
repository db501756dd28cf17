package io.switchboard.workflow;

import io.switchboard.config.YamlBinding;
import io.switchboard.workflow.handoff.Department;
import io.switchboard.workflow.routing.Agent;
import io.switchboard.workflow.routing.Rule;
import io.switchboard.workflow.routing.Team;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code config/workflow/teams.yaml}: teams, agents' skills, routing rules, departments. Teams,
 * agents and rules only seed the database on the first start (afterwards the database wins);
 * departments and the hand-off account are read at every start. No file means no routing.
 */
public record WorkflowConfig(
    Integer defaultCapacity,
    List<Team> teams,
    List<AgentEntry> agents,
    List<Rule> rules,
    String defaultTeam,
    String handoffAccount,
    List<Department> departments) {
  public static final String FILE = "workflow/teams.yaml";
  public static final WorkflowConfig EMPTY = new WorkflowConfig(null, null, null, null, null, null, null);

  public WorkflowConfig {
    defaultCapacity = defaultCapacity == null ? 10 : defaultCapacity;
    teams = teams == null ? List.of() : List.copyOf(teams);
    agents = agents == null ? List.of() : List.copyOf(agents);
    rules = rules == null ? List.of() : List.copyOf(rules);
    defaultTeam = defaultTeam == null || defaultTeam.isBlank() ? null : defaultTeam.strip();
    handoffAccount = handoffAccount == null || handoffAccount.isBlank() ? null : handoffAccount.strip();
    departments = departments == null ? List.of() : List.copyOf(departments);
    checkReferences(teams, rules, defaultTeam, departments);
    agents(agents, teams, defaultCapacity);
  }

  /** Rules and the default name existing teams; names are unique. */
  static void checkReferences(List<Team> teams, List<Rule> rules, String defaultTeam, List<Department> departments) {
    Set<String> names = new HashSet<>();
    for (Team t : teams) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("team " + t.name() + " is listed twice");
      }
    }
    for (Rule r : rules) {
      if (!names.contains(r.team())) {
        throw new IllegalArgumentException("rule '" + r.name() + "' names no team: " + r.team());
      }
    }
    if (defaultTeam != null && !names.contains(defaultTeam)) {
      throw new IllegalArgumentException("defaultTeam names no team: " + defaultTeam);
    }
    Set<String> deps = new HashSet<>();
    for (Department d : departments) {
      if (!deps.add(d.name())) {
        throw new IllegalArgumentException("department " + d.name() + " is listed twice");
      }
    }
  }

  /** An agent as the file lists them; capacity and availability may be left to the defaults. */
  public record AgentEntry(
      String username, List<String> languages, List<String> channels, Integer capacity, Boolean available) {}

  /** Agents named in the file with their skills; members not listed get the default profile. */
  public List<Agent> allAgents() {
    return agents(agents, teams, defaultCapacity);
  }

  private static List<Agent> agents(List<AgentEntry> agents, List<Team> teams, int defaultCapacity) {
    List<Agent> out = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (AgentEntry a : agents) {
      Agent agent =
          new Agent(a.username(), a.languages(), a.channels(),
              a.capacity() == null ? defaultCapacity : a.capacity(), a.available() == null || a.available());
      if (!listed.add(agent.username())) {
        throw new IllegalArgumentException("agent " + agent.username() + " is listed twice");
      }
      out.add(agent);
    }
    for (Team t : teams) {
      for (String m : t.members()) {
        if (listed.add(m)) {
          out.add(new Agent(m, List.of(), List.of(), defaultCapacity, true));
        }
      }
    }
    return out;
  }

  public static WorkflowConfig load(Path configDir) {
    Path file = configDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return EMPTY;
    }
    return YamlBinding.read(file, WorkflowConfig.class, EMPTY);
  }
}
