package io.switchboard.workflow.routing;

import io.switchboard.store.AuditLog;
import io.switchboard.store.ConversationActions;
import io.switchboard.workflow.WorkflowConfig;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Teams, agents' skills and routing rules in the database, where every instance reads them and
 * admins change them. The configuration file seeds them once (the first start finds no {@code
 * seeded} setting); after that the database wins. Every change is written to the audit log in the
 * same transaction.
 */
public final class RoutingStore {
  static final String SEEDED = "routing.seeded";
  static final String DEFAULT_TEAM = "routing.default_team";
  static final String DEFAULT_CAPACITY = "routing.default_capacity";

  private final Jdbi jdbi;
  private final Clock clock;

  public RoutingStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A team with the state round-robin needs. */
  record Pointer(String last, long version) {}

  /**
   * Writes the file's teams, agents and rules unless the database was seeded before.
   *
   * @return whether this call seeded
   */
  public boolean seedIfFirst(WorkflowConfig config) {
    return jdbi.inTransaction(
        h -> {
          if (setting(h, SEEDED).isPresent()) {
            return false;
          }
          // a second instance starting at the same moment fails on the key and seeds nothing
          h.createUpdate("INSERT INTO workflow_setting (name, setting_value, updated_at) VALUES (:n, :v, :now)")
              .bind("n", SEEDED)
              .bind("v", clock.instant().toString())
              .bind("now", now())
              .execute();
          putSetting(h, DEFAULT_CAPACITY, String.valueOf(config.defaultCapacity()));
          for (Team t : config.teams()) {
            writeTeam(h, t);
          }
          for (Agent a : config.allAgents()) {
            writeAgent(h, a);
          }
          writeRules(h, config.rules(), config.defaultTeam());
          AuditLog.record(
              h, clock, "config", "routing.seed", "routing", null,
              config.teams().size() + " teams, " + config.allAgents().size() + " agents, "
                  + config.rules().size() + " rules from " + WorkflowConfig.FILE);
          return true;
        });
  }

  /** Whether the configuration file was read into the database before. */
  public boolean seeded() {
    return jdbi.withHandle(h -> setting(h, SEEDED).isPresent());
  }

  public List<Team> teams() {
    return jdbi.withHandle(
        h -> {
          Map<String, List<String>> members = new LinkedHashMap<>();
          h.createQuery("SELECT team, username FROM team_member ORDER BY team, username")
              .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
              .forEach(r -> members.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]));
          return h.createQuery("SELECT name, display_name, lead_username FROM team ORDER BY name")
              .map((rs, ctx) -> new Team(rs.getString(1), rs.getString(2), rs.getString(3),
                  members.getOrDefault(rs.getString(1), List.of())))
              .list();
        });
  }

  public Optional<Team> team(String name) {
    return teams().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Creates or replaces a team; members without a profile get the default one. */
  public void putTeam(Team team, String actor) {
    jdbi.useTransaction(
        h -> {
          boolean exists = teamExists(h, team.name());
          writeTeam(h, team);
          int capacity = defaultCapacity(h);
          for (String m : team.members()) {
            if (findAgent(h, m).isEmpty()) {
              writeAgent(h, new Agent(m, List.of(), List.of(), capacity, true));
            }
          }
          AuditLog.record(h, clock, actor, exists ? "team.update" : "team.create", "team", null,
              team.name() + ": members " + team.members() + ", lead " + team.lead());
        });
  }

  /**
   * Deletes a team and its memberships; refused while a rule or the default names it. Conversations
   * queued in it keep the name until a lead moves them.
   *
   * @return false when there is no such team
   */
  public boolean deleteTeam(String name, String actor) {
    return jdbi.inTransaction(
        h -> {
          if (!teamExists(h, name)) {
            return false;
          }
          boolean used =
              h.createQuery("SELECT COUNT(*) FROM routing_rule WHERE team = :t").bind("t", name).mapTo(Integer.class).one() > 0
                  || name.equals(setting(h, DEFAULT_TEAM).orElse(null));
          if (used) {
            throw new IllegalArgumentException("team " + name + " is used by the routing rules");
          }
          h.createUpdate("DELETE FROM team_member WHERE team = :t").bind("t", name).execute();
          h.createUpdate("DELETE FROM team WHERE name = :t").bind("t", name).execute();
          AuditLog.record(h, clock, actor, "team.delete", "team", null, name);
          return true;
        });
  }

  public List<Agent> agents() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT username, languages, channels, capacity, available FROM agent_profile ORDER BY username")
            .map((rs, ctx) -> agent(rs))
            .list());
  }

  public Optional<Agent> agent(String username) {
    return jdbi.withHandle(h -> findAgent(h, username));
  }

  /** Creates or replaces an agent's profile; {@code action} names the change in the audit log. */
  public void putAgent(Agent agent, String actor, String action) {
    jdbi.useTransaction(
        h -> {
          Optional<Agent> before = findAgent(h, agent.username());
          writeAgent(h, agent);
          AuditLog.record(h, clock, actor, action, "agent", null,
              agent.username() + ": " + describe(before.orElse(null)) + " -> " + describe(agent));
        });
  }

  /** The profile of an agent routing has not heard of: any language and channel, available. */
  public Agent defaultAgent(String username) {
    return new Agent(username, List.of(), List.of(), jdbi.withHandle(RoutingStore::defaultCapacity), true);
  }

  public List<Rule> rules() {
    return jdbi.withHandle(RoutingStore::readRules);
  }

  public Optional<String> defaultTeam() {
    return jdbi.withHandle(h -> setting(h, DEFAULT_TEAM));
  }

  /** Replaces every rule and the default team; they must name existing teams. */
  public void putRules(List<Rule> rules, String defaultTeam, String actor) {
    jdbi.useTransaction(
        h -> {
          List<String> names = h.createQuery("SELECT name FROM team").mapTo(String.class).list();
          for (Rule r : rules) {
            if (!names.contains(r.team())) {
              throw new IllegalArgumentException("rule '" + r.name() + "' names no team: " + r.team());
            }
          }
          if (defaultTeam != null && !names.contains(defaultTeam)) {
            throw new IllegalArgumentException("defaultTeam names no team: " + defaultTeam);
          }
          writeRules(h, rules, defaultTeam);
          AuditLog.record(h, clock, actor, "routing.rules", "routing", null,
              rules.size() + " rules " + rules.stream().map(r -> r.name() + "->" + r.team()).toList()
                  + ", default " + defaultTeam);
        });
  }

  // --- what the router reads and moves

  /** The team's round-robin pointer; rules and skills are read per conversation, so edits apply at once. */
  Optional<Pointer> pointer(Handle h, String team) {
    return h.createQuery("SELECT rr_last, rr_version FROM team WHERE name = :t")
        .bind("t", team)
        .map((rs, ctx) -> new Pointer(rs.getString(1), rs.getLong(2)))
        .findOne();
  }

  /** Moves the pointer only if no one moved it since {@code seen} was read. */
  boolean movePointer(Handle h, String team, Pointer seen, String to) {
    return h.createUpdate(
                "UPDATE team SET rr_last = :to, rr_version = rr_version + 1 WHERE name = :t AND rr_version = :v")
            .bind("to", to)
            .bind("t", team)
            .bind("v", seen.version())
            .execute()
        == 1;
  }

  /** A team member who may work conversations, with their profile and current load. */
  record Candidate(Agent agent, int load) {}

  List<Candidate> candidates(Handle h, String team) {
    int capacity = defaultCapacity(h);
    return h.createQuery(
            "SELECT m.username, p.languages, p.channels, p.capacity, p.available,"
                + " (SELECT COUNT(*) FROM conversation c WHERE c.assignee = m.username"
                + "   AND c.status IN ('open', 'pending')) AS open_count"
                + " FROM team_member m JOIN app_user u ON u.username = m.username"
                + " LEFT JOIN agent_profile p ON p.username = m.username"
                + " WHERE m.team = :t AND u.disabled = FALSE AND u.role IN ('agent', 'lead', 'admin')"
                + " ORDER BY m.username")
        .bind("t", team)
        .map(
            (rs, ctx) -> {
              boolean hasProfile = rs.getString(2) != null;
              Agent a =
                  hasProfile
                      ? new Agent(rs.getString(1), Skills.split(rs.getString(2)), Skills.split(rs.getString(3)),
                          rs.getInt(4), rs.getBoolean(5))
                      : new Agent(rs.getString(1), List.of(), List.of(), capacity, true);
              return new Candidate(a, rs.getInt(6));
            })
        .list();
  }

  /**
   * Whether routing placed the conversation (not a person moving it) and nobody ever assigned it:
   * what a delivery again of its first message finds when routing stopped after the placement.
   */
  public boolean placedByRoutingNeverAssigned(long conversationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM conversation_team t JOIN conversation c ON c.id = t.conversation_id"
                        + " WHERE t.conversation_id = :c AND t.rule_name NOT LIKE 'moved by %' AND c.assignee IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM conversation_activity a WHERE a.conversation_id = :c"
                        + " AND a.kind = 'assignee')")
                .bind("c", conversationId)
                .mapTo(Integer.class)
                .one()
            > 0);
  }

  /** What routing rules match on: the conversation's subject and the message's text. */
  /**
   * Whether the conversation is a post found by listening (kind {@code mention}, ADR 0041): it
   * waits in the Listening view, not in a team's queue (ADR 0045).
   */
  public boolean mention(long conversationId) {
    return ConversationActions.isMention(jdbi, conversationId);
  }

  public String subjectAndText(long messageId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.subject, m.text FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = :m")
                .bind("m", messageId)
                .map((rs, ctx) -> (rs.getString(1) == null ? "" : rs.getString(1)) + "\n" + (rs.getString(2) == null ? "" : rs.getString(2)))
                .findOne()
                .orElse("\n"));
  }

  /** Puts a conversation in a team's queue; the first routing of a conversation wins. */
  boolean placeInTeam(Handle h, long conversationId, String team, String rule) {
    return h.createUpdate(
                "INSERT INTO conversation_team (conversation_id, team, rule_name, routed_at)"
                    + " SELECT :c, :t, :r, :now FROM (VALUES(0)) AS x(n)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM conversation_team WHERE conversation_id = :c)")
            .bind("c", conversationId)
            .bind("t", team)
            .bind("r", rule)
            .bind("now", now())
            .execute()
        == 1;
  }

  /** The team a conversation is queued in and the rule that put it there. */
  public record Placement(long conversationId, String team, String rule, java.time.Instant routedAt) {}

  public Optional<Placement> placement(long conversationId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT conversation_id, team, rule_name, routed_at FROM conversation_team WHERE conversation_id = :c")
            .bind("c", conversationId)
            .map((rs, ctx) -> new Placement(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
            .findOne());
  }

  /** Moves a conversation to another team's queue (a lead's decision), audited. */
  public void moveToTeam(long conversationId, String team, String actor) {
    jdbi.useTransaction(
        h -> {
          if (!teamExists(h, team)) {
            throw new IllegalArgumentException("no team " + team);
          }
          int n = h.createUpdate("UPDATE conversation_team SET team = :t, rule_name = :r, routed_at = :now WHERE conversation_id = :c")
              .bind("t", team).bind("r", "moved by " + actor).bind("now", now()).bind("c", conversationId).execute();
          if (n == 0) {
            placeInTeam(h, conversationId, team, "moved by " + actor);
          }
          AuditLog.record(h, clock, actor, "conversation.team", "conversation", conversationId, team);
        });
  }

  /** Open conversations in the team's queue that nobody has taken, oldest first. */
  public List<Long> unassigned(String team) {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT c.id FROM conversation_team t JOIN conversation c ON c.id = t.conversation_id"
                    + " WHERE t.team = :t AND c.assignee IS NULL AND c.status IN ('open', 'pending') ORDER BY c.id")
            .bind("t", team)
            .mapTo(Long.class)
            .list());
  }

  // --- rows

  private void writeTeam(Handle h, Team t) {
    int n = h.createUpdate("UPDATE team SET display_name = :d, lead_username = :l, updated_at = :now WHERE name = :n")
        .bind("d", t.displayName()).bind("l", t.lead()).bind("now", now()).bind("n", t.name()).execute();
    if (n == 0) {
      h.createUpdate("INSERT INTO team (name, display_name, lead_username, rr_version, updated_at) VALUES (:n, :d, :l, 0, :now)")
          .bind("n", t.name()).bind("d", t.displayName()).bind("l", t.lead()).bind("now", now()).execute();
    }
    h.createUpdate("DELETE FROM team_member WHERE team = :n").bind("n", t.name()).execute();
    for (String m : t.members()) {
      h.createUpdate("INSERT INTO team_member (team, username) VALUES (:n, :u)").bind("n", t.name()).bind("u", m).execute();
    }
  }

  private void writeAgent(Handle h, Agent a) {
    int n = h.createUpdate(
            "UPDATE agent_profile SET languages = :l, channels = :c, capacity = :cap, available = :av,"
                + " updated_at = :now WHERE username = :u")
        .bind("l", Skills.join(a.languages())).bind("c", Skills.join(a.channels())).bind("cap", a.capacity())
        .bind("av", a.available()).bind("now", now()).bind("u", a.username()).execute();
    if (n == 0) {
      h.createUpdate(
              "INSERT INTO agent_profile (username, languages, channels, capacity, available, updated_at)"
                  + " VALUES (:u, :l, :c, :cap, :av, :now)")
          .bind("u", a.username()).bind("l", Skills.join(a.languages())).bind("c", Skills.join(a.channels()))
          .bind("cap", a.capacity()).bind("av", a.available()).bind("now", now()).execute();
    }
  }

  private void writeRules(Handle h, List<Rule> rules, String defaultTeam) {
    h.createUpdate("DELETE FROM routing_rule").execute();
    int order = 1;
    for (Rule r : rules) {
      h.createUpdate(
              "INSERT INTO routing_rule (rule_order, name, team, channels, languages, urgencies, words)"
                  + " VALUES (:o, :n, :t, :c, :l, :u, :w)")
          .bind("o", order++).bind("n", r.name()).bind("t", r.team()).bind("c", Skills.join(r.channels()))
          .bind("l", Skills.join(r.languages())).bind("u", Skills.join(r.urgencies())).bind("w", Skills.join(r.words()))
          .execute();
    }
    putSetting(h, DEFAULT_TEAM, defaultTeam);
  }

  static List<Rule> readRules(Handle h) {
    return h.createQuery("SELECT name, team, channels, languages, urgencies, words FROM routing_rule ORDER BY rule_order")
        .map((rs, ctx) -> new Rule(rs.getString(1), rs.getString(2), Skills.split(rs.getString(3)),
            Skills.split(rs.getString(4)), Skills.split(rs.getString(5)), Skills.split(rs.getString(6))))
        .list();
  }

  static Optional<String> setting(Handle h, String name) {
    return h.createQuery("SELECT setting_value FROM workflow_setting WHERE name = :n")
        .bind("n", name)
        .map((rs, ctx) -> rs.getString(1))
        .findOne()
        .filter(v -> v != null && !v.isEmpty());
  }

  private void putSetting(Handle h, String name, String value) {
    int n = h.createUpdate("UPDATE workflow_setting SET setting_value = :v, updated_at = :now WHERE name = :n")
        .bind("v", value).bind("now", now()).bind("n", name).execute();
    if (n == 0) {
      h.createUpdate("INSERT INTO workflow_setting (name, setting_value, updated_at) VALUES (:n, :v, :now)")
          .bind("n", name).bind("v", value).bind("now", now()).execute();
    }
  }

  private static int defaultCapacity(Handle h) {
    return setting(h, DEFAULT_CAPACITY).map(Integer::parseInt).orElse(10);
  }

  private static boolean teamExists(Handle h, String name) {
    return h.createQuery("SELECT COUNT(*) FROM team WHERE name = :n").bind("n", name).mapTo(Integer.class).one() > 0;
  }

  private static Optional<Agent> findAgent(Handle h, String username) {
    return h.createQuery("SELECT username, languages, channels, capacity, available FROM agent_profile WHERE username = :u")
        .bind("u", username)
        .map((rs, ctx) -> agent(rs))
        .findOne();
  }

  private static Agent agent(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Agent(rs.getString(1), Skills.split(rs.getString(2)), Skills.split(rs.getString(3)), rs.getInt(4), rs.getBoolean(5));
  }

  private static String describe(Agent a) {
    return a == null
        ? "none"
        : "languages " + a.languages() + ", channels " + a.channels() + ", capacity " + a.capacity()
            + (a.available() ? ", available" : ", unavailable");
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
