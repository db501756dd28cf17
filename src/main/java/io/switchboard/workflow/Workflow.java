package io.switchboard.workflow;

import io.switchboard.api.ApiFeature;
import io.switchboard.channel.email.EmailAccount;
import io.switchboard.config.Settings;
import io.switchboard.conversation.InboundIntercept;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.UserAccounts;
import io.switchboard.workflow.collision.PresenceApi;
import io.switchboard.workflow.collision.PresenceStore;
import io.switchboard.workflow.handoff.HandoffApi;
import io.switchboard.workflow.handoff.HandoffMailer;
import io.switchboard.workflow.handoff.HandoffStore;
import io.switchboard.workflow.handoff.Handoffs;
import io.switchboard.workflow.routing.Router;
import io.switchboard.workflow.routing.RoutingApi;
import io.switchboard.workflow.routing.RoutingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing, collision detection and hand-off, built from {@code config/workflow/teams.yaml} and the
 * database: the reaction that routes new conversations, the intercept that turns departments'
 * answers into notes, and their API endpoints. Plain Java; {@code Services} wires it in.
 */
public final class Workflow {
  private static final Logger LOG = LoggerFactory.getLogger(Workflow.class);

  private final Router router;
  private final RoutingStore routing;
  private final Handoffs handoffs;
  private final List<ApiFeature> apis;

  private Workflow(Router router, RoutingStore routing, Handoffs handoffs, List<ApiFeature> apis) {
    this.router = router;
    this.routing = routing;
    this.handoffs = handoffs;
    this.apis = apis;
  }

  public static Workflow create(
      Settings settings, Jdbi jdbi, Clock clock, InboxQueries inbox, ConversationActions actions) {
    WorkflowConfig config = WorkflowConfig.load(settings.configDir());
    RoutingStore routing = new RoutingStore(jdbi, clock);
    seed(routing, config);
    Router router = new Router(jdbi, routing, actions);
    List<EmailAccount> mailboxes =
        settings.accounts().stream().filter(a -> a.channel().equals("email")).map(EmailAccount::from).toList();
    Handoffs handoffs =
        new Handoffs(config.departments(), mailboxes, config.handoffAccount(), new HandoffStore(jdbi, clock),
            inbox, actions, new HandoffMailer());
    PresenceStore presence =
        new PresenceStore(jdbi, clock, settings.app().getDuration("switchboard.presence.ttl", Duration.ofSeconds(30)));
    return new Workflow(
        router,
        routing,
        handoffs,
        List.of(new RoutingApi(routing, new UserAccounts(jdbi)), new PresenceApi(presence, actions), new HandoffApi(handoffs)));
  }

  /** The file seeds the database once; a second instance starting at the same time seeds nothing. */
  private static void seed(RoutingStore routing, WorkflowConfig config) {
    try {
      if (routing.seedIfFirst(config)) {
        LOG.info("routing seeded from {}: {} teams", WorkflowConfig.FILE, config.teams().size());
      }
    } catch (JdbiException e) {
      if (!routing.seeded()) {
        throw e;
      }
    }
  }

  /** The reactions to workflow events: the router. */
  public List<WorkflowEvents> listeners() {
    return List.of(router);
  }

  /** Takes departments' answers out of the customer flow. */
  public InboundIntercept intercept() {
    return handoffs;
  }

  /** Endpoint groups for the API server. */
  public List<ApiFeature> apis() {
    return apis;
  }

  /** Where the notes this feature writes itself (departments' answers) write their events. */
  public void setEvents(io.switchboard.store.WorkflowEventStore events) {
    handoffs.setEvents(events);
  }

  /** The lead of the team the conversation was routed to, if it has one: who takes escalations. */
  public java.util.Optional<String> teamLead(long conversationId) {
    return routing.placement(conversationId).flatMap(p -> routing.team(p.team())).map(t -> t.lead())
        .filter(lead -> !lead.isBlank());
  }

  public Router router() {
    return router;
  }
}
