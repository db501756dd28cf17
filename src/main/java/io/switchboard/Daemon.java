package io.switchboard;

import io.switchboard.channel.InboundPoller;
import io.switchboard.config.Settings;
import io.switchboard.conversation.IngestBatch;
import io.switchboard.conversation.IngestGateway;
import io.switchboard.demo.Demo;
import io.switchboard.demo.DemoTeam;
import io.switchboard.store.UserStore;
import io.switchboard.workflow.routing.RoutingStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Switchboard: Camel Main with the routes from {@code routes/}, the beans they call, and
 * the HTTP API. {@link #stop} is idempotent and safe from a shutdown hook.
 */
public final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final Main main;
  private final Services services;
  private final Demo demo;
  private final int port;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile io.switchboard.demo.DemoWebhook demoWebhook;

  private Daemon(Main main, Services services, Demo demo, int port) {
    this.main = main;
    this.services = services;
    this.demo = demo;
    this.port = port;
  }

  public static Daemon start(Options options, UnaryOperator<String> env) {
    return start(options, env, System.out);
  }

  public static Daemon start(Options options, UnaryOperator<String> env, PrintStream out) {
    Map<String, String> overrides = new HashMap<>();
    if (options.httpPort() != null) {
      overrides.put("switchboard.http.port", String.valueOf(options.httpPort()));
    }
    Demo demo = null;
    Path dataDir = options.dataFolder();
    if (options.demo()) {
      demo = Demo.start();
      overrides.putAll(demo.settingsOverrides());
    }
    Settings settings = Settings.load(options.configDir(), overrides, env).withInstanceName(options.instance(), dataDir);
    if (demo != null) {
      settings = demo.withDemoAccounts(settings);
    }
    Services services = new Services(settings, dataDir, Clock.systemUTC());
    boolean firstStart = services.users.isEmpty();
    String password = ensureAdmin(services.users, env, out);
    if (demo != null && firstStart) {
      String shared = password != null ? password : env.apply("SWITCHBOARD_ADMIN_PASSWORD");
      List<String> people =
          DemoTeam.seed(services.users, new RoutingStore(services.jdbi(), Clock.systemUTC()), shared);
      io.switchboard.demo.DemoNps.seedWhenReady(services.jdbi(), Clock.systemUTC());
      if (!people.isEmpty()) {
        out.println("Demo mode: created users " + String.join(", ", people)
            + " (agents ana and ben in the default team, lead lee, marketing mia), with the admin's password");
      }
    }

    Main main = CamelMain.create(settings, "switchboard", "*");
    main.bind("ingest", services.ingest);
    main.bind("inbound", services.inbound);
    main.bind("outbound", services.outbound);
    main.bind("workflowEvents", services.reactions);
    // opens the search index; the search-index route's first poll catches it up (ADR 0037)
    main.bind("searchIndex", services.database.search());
    main.bind("webhooks", services.webhooks.deliverer());
    main.addMainListener(routeMetrics(services)); // Camel's route meters in GET /metrics
    main.bind("sla", services.sla);
    services.sla.routeProperties().forEach(main::addInitialProperty);
    main.bind("csat", services.csat.invitations());
    main.bind("contacts", services.contacts);
    main.bind("alerts", services.alerts);
    main.addInitialProperty("alerts.periodMs", String.valueOf(Math.max(100, services.alerts.settings().period().toMillis())));
    main.bind("nps", services.nps.invitations());
    services.nps.routeProperties().forEach(main::addInitialProperty);
    services.csat.routeProperties().forEach(main::addInitialProperty);
    main.bind("digest", io.switchboard.digest.DigestJob.create(settings, services.jdbi(), env, main::addInitialProperty));
    clusterService(settings, services, main);
    try {
      main.start();
      for (InboundPoller poller : services.inbound.pollers()) {
        String template = poller.channel() + "-inbound";
        TemplatedRouteBuilder.builder(main.getCamelContext(), template)
            .routeId(template + "-" + poller.accountId())
            .parameter("account", poller.accountId())
            .add();
      }
      ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
      services.api.start(
          settings.app().get("switchboard.http.host", "127.0.0.1"),
          settings.app().getInt("switchboard.http.port", 8080),
          IngestGateway.over(b -> producer.requestBody("direct:ingest", b, IngestBatch.class)));
    } catch (Exception e) {
      services.close();
      if (demo != null) {
        demo.close();
      }
      throw new IllegalStateException("cannot start: " + e.getMessage(), e);
    }
    Daemon d = new Daemon(main, services, demo, services.api.port());
    if (demo != null) {
      demo.printWelcome(out, d.port, password);
      if (options.demoWebhook()) {
        d.demoWebhook = io.switchboard.demo.DemoWebhook.start(services.webhooks.store(), out);
      }
    }
    out.println("Switchboard ready on http://127.0.0.1:" + d.port);
    out.flush();
    return d;
  }

  /** Camel's per-route meters (exchanges, failures, durations) in the registry of {@code GET /metrics}. */
  private static org.apache.camel.main.MainListener routeMetrics(Services services) {
    var factory = new org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory();
    factory.setMeterRegistry(services.metrics.registry());
    return new org.apache.camel.main.MainListenerSupport() {
      @Override
      public void beforeConfigure(org.apache.camel.main.BaseMainSupport main) {
        main.getCamelContext().addRoutePolicyFactory(factory);
      }
    };
  }

  /** Creates the admin on first start; returns a generated password to show, or null. */
  private static String ensureAdmin(UserStore users, UnaryOperator<String> env, PrintStream out) {
    if (!users.isEmpty()) {
      return null;
    }
    String password = env.apply("SWITCHBOARD_ADMIN_PASSWORD");
    boolean generated = password == null || password.isBlank();
    if (generated) {
      byte[] bytes = new byte[12];
      new SecureRandom().nextBytes(bytes);
      password = java.util.HexFormat.of().formatHex(bytes);
    }
    users.create("admin", "Administrator", password, "admin");
    if (generated) {
      out.println("Created user 'admin' with password " + password + " (shown once; change it)");
      return password;
    }
    out.println("Created user 'admin' with the password from SWITCHBOARD_ADMIN_PASSWORD");
    return null;
  }

  public int port() {
    return port;
  }

  public Services services() {
    return services;
  }

  /**
   * Exchanges under way in route {@code routeId}, redeliveries included: 0 once the route has
   * finished all it started (a test waits on it before asserting that nothing more was sent).
   */
  public int inflight(String routeId) {
    return main.getCamelContext().getInflightRepository().size(routeId);
  }

  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info("stopping");
    try {
      services.stopListening();
      main.stop();
    } catch (Exception e) {
      LOG.warn("stopping routes: {}", e.toString());
    } finally {
      services.close();
      if (demo != null) {
        demo.close();
      }
      if (demoWebhook != null) {
        demoWebhook.close();
      }
      stopped.countDown();
      LOG.info("stopped");
    }
  }

  public void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The cluster service behind the {@code master:} routes (ADR 0038): the lease table unless
   * {@code switchboard.cluster.service = camel}, where Camel Main's {@code camel.cluster.*}
   * configuration provides one (Kubernetes, ZooKeeper, a file lock) instead.
   */
  private static void clusterService(Settings settings, Services services, Main main) {
    String kind = settings.app().get("switchboard.cluster.service", "leases").strip();
    switch (kind) {
      case "camel" -> { }
      case "leases" -> {
        LeaseClusterService service = new LeaseClusterService(services.leases(), settings.instanceName());
        main.addMainListener(
            new org.apache.camel.main.MainListenerSupport() {
              @Override
              public void beforeConfigure(org.apache.camel.main.BaseMainSupport m) {
                try {
                  m.getCamelContext().addService(service, true, true);
                } catch (Exception e) {
                  throw new IllegalStateException("cannot add the cluster service: " + e.getMessage(), e);
                }
              }
            });
      }
      default -> throw new IllegalArgumentException("switchboard.cluster.service must be leases or camel: " + kind);
    }
  }
}
