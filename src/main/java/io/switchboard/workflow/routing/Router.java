package io.switchboard.workflow.routing;

import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.ConversationActions;
import io.switchboard.workflow.PerBatch;
import io.switchboard.workflow.WorkflowEvents;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each new conversation: the first matching rule (else the default team) picks the team's
 * queue, then round-robin picks an available member who handles the conversation's language and
 * channel and is below capacity. With no such member the conversation waits unassigned in the
 * queue. The round-robin pointer lives in the team's row and moves by a conditional update, so
 * turns are shared fairly across restarts and between instances.
 *
 * <p>Idempotent by state, as a reaction to a durable event must be (ADR 0030): a conversation is
 * placed in a team once; a delivery again after a crash between the placement and the assignment
 * assigns the conversation that routing has not assigned yet, and does nothing more.
 */
public final class Router implements WorkflowEvents {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  /** Who the activity and audit rows name for automatic assignments. */
  public static final String ACTOR = "routing";
  private static final int ATTEMPTS = 20;

  private final Jdbi jdbi;
  private final RoutingStore store;
  private final ConversationActions actions;
  private final PerBatch<Routing> routing;

  public Router(Jdbi jdbi, RoutingStore store, ConversationActions actions) {
    this.jdbi = jdbi;
    this.store = store;
    this.actions = actions;
    this.routing = new PerBatch<>(() -> new Routing(store.rules(), store.defaultTeam()));
  }

  /** The rules and the default team, read once per batch of events (ADR 0074). */
  private record Routing(List<Rule> rules, Optional<String> defaultTeam) {
    /** Whether a rule looks at the words of the conversation: else its text need not be read. */
    boolean readsText() {
      return rules.stream().anyMatch(r -> !r.words().isEmpty());
    }
  }

  /** What routing decided; {@code agent} is empty when the conversation waits in the queue. */
  public record Decision(String team, String rule, Optional<String> agent) {}

  @Override
  public void customerWrote(long conversationId, long messageId, boolean opened, WorkflowEvent.Facts message) {
    if (!opened || message.mentionOr(() -> store.mention(conversationId))) {
      return;
    }
    Routing now = routing.get();
    // the subject and first message are read only when a rule matches on words
    String text = now.readsText() ? store.subjectAndText(messageId) : "";
    route(conversationId, new Rule.Facts(message.channel(), message.language(), message.urgency(), text), now);
  }

  @Override
  public void batchStarts() {
    routing.start();
  }

  @Override
  public void batchEnds() {
    routing.end();
  }

  /**
   * Places the conversation in a team by {@code routing} and assigns it, unless it was routed
   * before.
   */
  private Optional<Decision> route(long conversationId, Rule.Facts facts, Routing routing) {
    Optional<Decision> team = chooseTeam(facts, routing);
    if (team.isEmpty()) {
      return Optional.empty();
    }
    String chosen = team.get().team();
    String rule = team.get().rule();
    String teamName = chosen;
    if (!jdbi.inTransaction(h -> store.placeInTeam(h, conversationId, chosen, rule))) {
      // routed before; unless that routing stopped between the placement and the assignment, done
      Optional<RoutingStore.Placement> placed = store.placement(conversationId);
      if (placed.isEmpty() || !store.placedByRoutingNeverAssigned(conversationId)) {
        return Optional.empty();
      }
      teamName = placed.get().team();
      team = Optional.of(new Decision(teamName, placed.get().rule(), Optional.empty()));
    }
    Optional<String> agent = pick(teamName, facts);
    agent.ifPresent(a -> actions.assign(conversationId, a, ACTOR));
    LOG.debug("conversation {} to team {} ({}), agent {}", conversationId, teamName, team.get().rule(), agent.orElse("none"));
    return Optional.of(new Decision(teamName, team.get().rule(), agent));
  }

  /** The first matching rule's team, else the default team, else none (routing is off). */
  private static Optional<Decision> chooseTeam(Rule.Facts facts, Routing routing) {
    for (Rule r : routing.rules()) {
      if (r.matches(facts)) {
        return Optional.of(new Decision(r.team(), r.name(), Optional.empty()));
      }
    }
    return routing.defaultTeam().map(t -> new Decision(t, "default", Optional.empty()));
  }

  /**
   * The next eligible member after the one who had the team's last turn, by user name, wrapping
   * around. Another instance moving the pointer first makes this one read again.
   */
  Optional<String> pick(String team, Rule.Facts facts) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<Optional<String>> taken;
      try {
        taken = turn(team, facts);
      } catch (org.jdbi.v3.core.JdbiException e) {
        if (!isConflict(e)) {
          throw e;
        }
        continue; // another instance held the team's row: read again
      }
      if (taken.isPresent()) {
        return taken.get();
      }
    }
    LOG.warn("team {}: the round-robin pointer kept moving; conversation left in the queue", team);
    return Optional.empty();
  }

  /** One attempt: empty when another instance moved the pointer first. */
  private Optional<Optional<String>> turn(String team, Rule.Facts facts) {
    return jdbi.inTransaction(
              h -> {
                Optional<RoutingStore.Pointer> pointer = store.pointer(h, team);
                if (pointer.isEmpty()) {
                  return Optional.of(Optional.<String>empty());
                }
                List<String> eligible =
                    store.candidates(h, team).stream()
                        .filter(c -> c.agent().available())
                        .filter(c -> c.load() < c.agent().capacity())
                        .filter(c -> c.agent().handles(facts.language(), facts.channel()))
                        .map(c -> c.agent().username())
                        .toList();
                if (eligible.isEmpty()) {
                  return Optional.of(Optional.<String>empty());
                }
                String last = pointer.get().last();
                String next =
                    eligible.stream().filter(u -> last == null || u.compareTo(last) > 0).findFirst().orElse(eligible.get(0));
                return store.movePointer(h, team, pointer.get(), next)
                    ? Optional.of(Optional.of(next))
                    : Optional.<Optional<String>>empty();
              });
  }

  /** A serialization failure or deadlock (SQLSTATE class 40): the transaction may be retried. */
  private static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("40")) {
        return true;
      }
    }
    return false;
  }
}
