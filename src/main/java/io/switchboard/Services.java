package io.switchboard;

import io.switchboard.api.ApiServer;
import io.switchboard.api.ConversationActionsApi;
import io.switchboard.api.EventsApi;
import io.switchboard.api.MessageApi;
import io.switchboard.api.VoiceApi;
import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelModules;
import io.switchboard.channel.Inbound;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.Outbound;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.OutboundVoiceCheck;
import io.switchboard.conversation.Replies;
import io.switchboard.conversation.ReplyVoice;
import io.switchboard.nlp.ConversationFacts;
import io.switchboard.nlp.NlpTagger;
import io.switchboard.nlp.Tagger;
import io.switchboard.store.ApiTokenStore;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.CorrectionStore;
import io.switchboard.store.CursorStore;
import io.switchboard.store.Database;
import io.switchboard.store.EventFeed;
import io.switchboard.store.FactsQueries;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.PollerLeases;
import io.switchboard.store.QuarantineStore;
import io.switchboard.store.SessionStore;
import io.switchboard.store.UserAccounts;
import io.switchboard.store.UserStore;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.voice.VoiceGuide;
import io.switchboard.web.WebPages;
import io.switchboard.workflow.WorkflowReactions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.Jdbi;

/** The object graph of one Switchboard instance: plain Java, no Camel. */
public final class Services implements AutoCloseable {
  final Database database;
  final UserStore users;
  final List<ChannelModule> channels;
  final Ingest ingest;
  final Inbound inbound;
  final Outbound outbound;
  final ApiServer api;
  final io.switchboard.workflow.sla.Sla sla;
  final io.switchboard.workflow.csat.Csat csat;
  final Replies replies;
  final WorkflowReactions reactions;
  final io.switchboard.workflow.contacts.Contacts contacts;
  final io.switchboard.workflow.nps.Nps nps;
  final io.switchboard.webhook.Webhooks webhooks;
  final io.switchboard.metrics.Metrics metrics;
  final io.switchboard.metrics.ChannelAlerts alerts;
  private final PollerLeases leases;

  Services(Settings settings, Path dataDir, Clock clock) {
    PropertiesFile app = settings.app();
    // the NLP models load on a thread of their own while the database opens; ingest has them
    // before any route starts (ADR 0065)
    CompletableFuture<NlpTagger> models = loadModels(dataDir);
    this.database = Database.embeddedOr(app, dataDir);
    Jdbi jdbi = database.jdbi();
    this.users = new UserStore(jdbi, clock);
    String instance = settings.instanceName();
    this.leases = pollerLeases(app, database, clock, instance);
    ChannelHealth health = new ChannelHealth(jdbi, clock, instance, leases != null);
    CursorStore cursors = new CursorStore(jdbi, clock);
    ChannelContext ctx = new ChannelContext(app, cursors, health, clock);
    this.channels = ChannelModules.create(settings.accounts(), ctx);

    this.ingest =
        new Ingest(
            channels.stream().map(ChannelModule::normalizer).toList(),
            new MessageStore(database.jdbi(), clock),
            Tagger.NONE);
    // a poll batch's cursor commits with its last stored messages (ADR 0073)
    ingest.setCursors(cursors);
    java.util.function.Predicate<String> skip =
        leases == null ? health::paused : account -> health.paused(account) || !leases.holds(account);
    this.inbound = new Inbound(channels.stream().flatMap(c -> c.pollers().stream()).toList(), skip);
    OutboxStore outbox = new OutboxStore(jdbi, clock);
    this.outbound =
        new Outbound(
            outbox,
            channels.stream().map(ChannelModule::sender).toList(),
            clock,
            instance,
            app.getDuration("switchboard.outbox.retryBase", Duration.ofSeconds(5)),
            app.getInt("switchboard.outbox.maxAttempts", 10),
            app.getDuration("switchboard.outbox.lease", Outbound.DEFAULT_LEASE));
    InboxQueries inbox = new InboxQueries(jdbi, database.search());
    ReplyVoice voice = new ReplyVoice(VoiceGuide.loadOrPackaged(settings.configDir().resolve("voice")));
    outbound.setVoiceGate(new OutboundVoiceCheck(inbox, voice));
    Replies replies = new Replies(inbox, outbox, outbound, voice);
    ConversationActions actions = new ConversationActions(jdbi, clock);
    // each change workflow reacts to writes an event row in its transaction; the workflow-events
    // route hands the rows to the reactions, in this order (ADR 0030)
    WorkflowEventStore events = new WorkflowEventStore(jdbi, clock);
    this.reactions = new WorkflowReactions(events, reactionSettings(app, instance), clock);
    reactions.add(new io.switchboard.reliability.BounceRecorder(jdbi));
    io.switchboard.reliability.LoopGuard loopGuard =
        new io.switchboard.reliability.LoopGuard(
            jdbi, clock, app.getInt("switchboard.auto.maxPerConversation", 3), Duration.ofDays(1));
    reactions.add(loopGuard);
    replies.setAutoReplyPolicy(loopGuard);
    this.replies = replies;
    io.switchboard.workflow.Workflow workflow =
        io.switchboard.workflow.Workflow.create(settings, jdbi, clock, inbox, actions);
    reactions.addAll(workflow.listeners());
    this.sla = io.switchboard.workflow.sla.Sla.create(settings, jdbi, clock, inbox, replies, voice.guide(), workflow::teamLead);
    reactions.addAll(sla.listeners());
    String httpHost = app.get("switchboard.http.host", "127.0.0.1");
    this.csat =
        io.switchboard.workflow.csat.Csat.create(
            settings, jdbi, outbound, () -> localUrl(httpHost), clock);
    reactions.add(csat.invitations());
    this.nps = io.switchboard.workflow.nps.Nps.create(settings, jdbi, outbound, () -> localUrl(httpHost), clock);
    reactions.add(nps.invitations());
    // webhooks hear of the same durable events, after the reactions (ADR 0039)
    this.webhooks = io.switchboard.webhook.Webhooks.create(app, jdbi, clock, instance);
    reactions.add(webhooks.fanout());
    outbox.setEvents(events);
    csat.store().setEvents(events);
    workflow.setEvents(events);
    sla.setEvents(events);
    ingest.setIntercept(workflow.intercept());
    ingest.setEvents(events);
    replies.setEvents(events);
    actions.setEvents(events);
    ApiServer server =
        new ApiServer(inbox, replies, health, users, new QuarantineStore(jdbi))
            .withSignIn(new SessionStore(jdbi, clock), new ApiTokenStore(jdbi, clock), new UserAccounts(jdbi))
            .with(new io.switchboard.api.WorkflowEventsApi(events))
            .with(webhooks.api());
    // GET /metrics (ADR 0039): ingest counts its outcomes; gauges are read at each scrape
    this.metrics = new io.switchboard.metrics.Metrics(new io.switchboard.store.MetricsQueries(jdbi), health, clock);
    ingest.setObserver(metrics);
    // channel alerts (ADR 0045): the alerts route's bean, GET /api/alerts, the health page's alert
    io.switchboard.store.AlertStore alertStore = new io.switchboard.store.AlertStore(jdbi, clock);
    this.alerts =
        new io.switchboard.metrics.ChannelAlerts(
            io.switchboard.metrics.AlertSettings.load(settings, System::getenv), health, alertStore, settings.accounts(), instance, clock);
    metrics.countAlerts(alertStore);
    server.withAlerts(alertStore).with(new io.switchboard.metrics.AlertsApi(alerts));
    server.with(new io.switchboard.metrics.MetricsApi(metrics, server.authenticator()));
    workflow.apis().forEach(server::with);
    csat.apis().forEach(server::with);
    this.contacts = io.switchboard.workflow.contacts.Contacts.create(jdbi, clock, database.search());
    server.with(contacts.api());
    nps.apis().forEach(server::with);
    this.api =
        server
            .with(new WebPages(server.authenticator()))
            .with(new VoiceApi(inbox, voice, ApiServer.jsonMapper()))
            .with(io.switchboard.api.DigestApi.create(settings, jdbi, clock))
            .with(new io.switchboard.api.ChannelAccountsApi(settings, health, inbound::recheck))
            .with(
                new MessageApi(
                    new CorrectionStore(jdbi, clock),
                    () -> ingest.setTagger(tagger(database, dataDir)),
                    ApiServer.jsonMapper()))
            .with(new ConversationActionsApi(inbox, actions, new UserAccounts(jdbi)))
            .with(sla.api(actions))
            .with(new EventsApi(new EventFeed(jdbi, clock), app.getDuration("switchboard.events.poll", Duration.ofSeconds(1))))
            .with(io.switchboard.workflow.kpi.KpiApi.create(settings, jdbi, clock));
    ingest.setTagger(await(models).withFacts(facts(database)));
  }

  /** The models of {@link #tagger}, without the database's facts, loading on a thread of their own. */
  private static CompletableFuture<NlpTagger> loadModels(Path dataDir) {
    return CompletableFuture.supplyAsync(
        () -> models(dataDir),
        load -> {
          Thread loader = new Thread(load, "nlp-models");
          loader.setDaemon(true);
          loader.start();
        });
  }

  private static NlpTagger await(CompletableFuture<NlpTagger> models) {
    try {
      return models.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw e;
    }
  }

  /** This server's own address, once the HTTP server listens. */
  private String localUrl(String host) {
    return "http://" + host + ":" + api.port();
  }

  /** The inbound routes' bean (tests ask it how often a paused account's route has turned). */
  public Inbound inbound() {
    return inbound;
  }

  public UserStore users() {
    return users;
  }

  /** Queues replies, agents' and automatic ones, for workflow features and tests. */
  public Replies replies() {
    return replies;
  }

  /** The HTTP API, for tests that walk its endpoints. */
  public ApiServer api() {
    return api;
  }

  /** The accounts this instance holds the poller lease of; empty without leases (one instance). */
  public java.util.Set<String> pollerLeasesHeld() {
    return leases == null
        ? java.util.Set.of()
        : leases.held().stream()
            .filter(a -> !a.startsWith(LeaseClusterService.PREFIX))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** The lease table's client, null without leases; also backs the {@code master:} routes. */
  PollerLeases leases() {
    return leases;
  }

  /** Contacts across channels: merges, suggestions and the {@code contacts} route's step. */
  public io.switchboard.workflow.contacts.Contacts contacts() {
    return contacts;
  }

  /** The operators' metrics; the bootstrap adds Camel's route meters to its registry. */
  public io.switchboard.metrics.Metrics metrics() {
    return metrics;
  }

  /** Channel alerts: the {@code alerts} route's bean. */
  public io.switchboard.metrics.ChannelAlerts alerts() {
    return alerts;
  }

  /** Outgoing webhooks: the {@code webhook-deliveries} route's bean, the store and the API. */
  public io.switchboard.webhook.Webhooks webhooks() {
    return webhooks;
  }

  /** The bean of the {@code workflow-events} route: claims workflow events and runs the reactions. */
  public WorkflowReactions reactions() {
    return reactions;
  }

  /**
   * How the {@code workflow-events} route claims, retries and parks ({@code
   * switchboard.workflowEvents.*}; the defaults in {@link WorkflowReactions.Settings#defaults}).
   */
  static WorkflowReactions.Settings reactionSettings(PropertiesFile app, String instance) {
    WorkflowReactions.Settings d = WorkflowReactions.Settings.defaults(instance);
    String p = "switchboard.workflowEvents.";
    return new WorkflowReactions.Settings(
        instance,
        app.getInt(p + "batch", d.batch()),
        app.getDuration(p + "lease", d.lease()),
        app.getDuration(p + "wait", d.idleWait()),
        app.getDuration(p + "retryBase", d.retryBase()),
        app.getDuration(p + "retryMax", d.retryMax()),
        app.getInt(p + "maxAttempts", d.maxAttempts()),
        app.getInt(p + "threads", d.threads()),
        app.getDuration(p + "keepDone", d.keepDone()));
  }

  /** The database, for tools and tests that read it directly. */
  public Jdbi jdbi() {
    return database.jdbi();
  }

  /**
   * The ingest steps over the given normalizers, tagging with the NLP models and what the database
   * knows of the conversation; shared by the daemon and {@code import}.
   */
  public static Ingest newIngest(
      Database database, Clock clock, List<InboundNormalizer> normalizers, Path dataDir) {
    Ingest ingest = new Ingest(normalizers, new MessageStore(database.jdbi(), clock), Tagger.NONE);
    ingest.setTagger(tagger(database, dataDir));
    return ingest;
  }

  /** Where {@code train} writes models; they win over the shipped ones when present. */
  public static Path modelsDir(Path dataDir) {
    return dataDir.resolve("models");
  }

  /** The NLP tagger: what {@code train} wrote into the data folder if anything, else the shipped model. */
  static Tagger tagger(Database database, Path dataDir) {
    return models(dataDir).withFacts(facts(database));
  }

  /** The models {@link #tagger} reads, without the database's facts. */
  private static NlpTagger models(Path dataDir) {
    try {
      return NlpTagger.load(modelsDir(dataDir), ConversationFacts.NONE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot load models from " + modelsDir(dataDir) + ": " + e.getMessage(), e);
    }
  }

  /** What the database knows of a message's conversation and contact, for the tagger. */
  private static ConversationFacts facts(Database database) {
    FactsQueries store = new FactsQueries(database.jdbi());
    return (message, conversationId) -> {
      FactsQueries.Facts f = store.facts(message.channel(), message.contactHandle(), conversationId);
      return new ConversationFacts.Facts(
          f.unanswered(), f.firstUnansweredAt(), f.contactTags(), f.contactLanguage(),
          f.sentiment(), f.sentimentScore());
    };
  }

  /**
   * Poller leases when several instances may share the database: {@code switchboard.poller.leases}
   * {@code auto} (the default: on unless the database is the embedded HSQLDB, which one process
   * opens), {@code on} or {@code off}; {@code switchboard.poller.leaseTtl} (30s) is how long a dead
   * instance's accounts wait before another takes them over.
   */
  private static PollerLeases pollerLeases(PropertiesFile app, Database database, Clock clock, String instance) {
    String mode = app.get("switchboard.poller.leases", "auto").strip().toLowerCase(java.util.Locale.ROOT);
    boolean on =
        switch (mode) {
          case "on", "true" -> true;
          case "off", "false" -> false;
          case "auto" -> !database.embeddedHsqldb();
          default -> throw new IllegalArgumentException("switchboard.poller.leases must be auto, on or off: " + mode);
        };
    return on
        ? new PollerLeases(database.jdbi(), clock, instance, app.getDuration("switchboard.poller.leaseTtl", Duration.ofSeconds(30)))
        : null;
  }

  /** Stops what waits on the network (HTTP, IMAP IDLE) so the routes can stop quickly. */
  void stopListening() {
    webhooks.close(); // a delivery in flight keeps its claim and is sent again after a restart
    api.close();
    inbound.close();
  }

  @Override
  public void close() {
    stopListening();
    if (leases != null) {
      leases.close();
    }
    reactions.close();
    webhooks.close();
    database.close();
  }
}
