package io.switchboard.demo;

import io.switchboard.store.UserStore;
import io.switchboard.workflow.routing.Agent;
import io.switchboard.workflow.routing.RoutingStore;
import io.switchboard.workflow.routing.Team;
import java.util.List;
import java.util.Optional;

/**
 * The demo's people, so a newcomer sees routing at work: two agents in the default team (one for
 * Spanish and English, one for English, German and French), a team lead and a marketing reader,
 * all signing in with the admin's password. Created on the first start only, before any channel
 * is polled, so the seeded conversations are assigned as they arrive.
 */
public final class DemoTeam {
  /** A demo user: name, display name, role, and for agents the languages they handle. */
  record Person(String username, String displayName, String role, List<String> languages) {}

  static final List<Person> PEOPLE =
      List.of(
          new Person("ana", "Ana Ortega", "agent", List.of("es", "en", "pt")),
          new Person("ben", "Ben Fischer", "agent", List.of("en", "de", "fr", "it")),
          new Person("lee", "Lee Park", "lead", List.of()),
          new Person("mia", "Mia Laurent", "marketing", List.of()));

  private DemoTeam() {}

  /**
   * Adds the demo people to the default team (created when the configuration has none); does
   * nothing once they exist or when the team already has members (a configured installation).
   *
   * @return the user names created, empty when nothing was done
   */
  public static List<String> seed(UserStore users, RoutingStore routing, String password) {
    if (password == null || password.isBlank() || routing.agent("ana").isPresent()) {
      return List.of();
    }
    if (routing.defaultTeam().isEmpty()) {
      // a configuration without teams: the demo brings its own
      routing.putTeam(new Team("support", "Customer support", null, List.of()), "demo");
      routing.putRules(routing.rules(), "support", "demo");
    }
    Optional<Team> team = routing.defaultTeam().flatMap(routing::team);
    if (team.isEmpty() || !team.get().members().isEmpty()) {
      return List.of();
    }
    for (Person p : PEOPLE) {
      users.create(p.username(), p.displayName(), password, p.role());
      if (p.role().equals("agent")) {
        // room for every demo conversation, the listening posts (ADR 0041) included
        routing.putAgent(new Agent(p.username(), p.languages(), List.of(), 30, true), "demo", "agent.create");
      }
    }
    List<String> agents = PEOPLE.stream().filter(p -> p.role().equals("agent")).map(Person::username).toList();
    Team t = team.get();
    routing.putTeam(new Team(t.name(), t.displayName(), "lee", agents), "demo");
    return PEOPLE.stream().map(Person::username).toList();
  }
}
