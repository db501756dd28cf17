package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.conversation.IngestItem;
import io.switchboard.conversation.IngestObserver;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.MetricsQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' metrics (ADR 0039): one Prometheus registry with the JVM's meters, Camel's route
 * meters (bound by the bootstrap), ingest counters and latency (an {@link IngestObserver}), and
 * gauges read from the database at each scrape ({@link #scrape}): channel account state, poll lag,
 * poller lease holders, outbox depth, retries and failures, SLA breaches, workflow events and
 * webhook deliveries by state. Thread-safe.
 */
public final class Metrics implements IngestObserver {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  /** Every state {@link ChannelHealth.State#status} can show. */
  static final List<String> STATES = List.of("UP", "DOWN", "PAUSED", "STARTING", "NO_READER");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MetricsQueries queries;
  private final ChannelHealth health;
  private final Clock clock;
  private final MultiGauge channelState;
  private final MultiGauge pollLag;
  private final MultiGauge lastPoll;
  private final MultiGauge leaseHolder;
  private final MultiGauge outbox;
  private final MultiGauge outboxRetrying;
  private final MultiGauge workflowEvents;
  private final MultiGauge webhookDeliveries;

  public Metrics(MetricsQueries queries, ChannelHealth health, Clock clock) {
    this.queries = queries;
    this.health = health;
    this.clock = clock;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    channelState = gauge("switchboard.channel.state", "1 for the account's current state (UP, DOWN, PAUSED, STARTING, NO_READER), 0 for the others", null);
    pollLag = gauge("switchboard.poll.lag", "Now minus the newest customer message seen on the account", "seconds");
    lastPoll = gauge("switchboard.poll.last.success.age", "Now minus the account's last successful poll", "seconds");
    leaseHolder = gauge("switchboard.poller.lease", "1 per account and the instance holding its live poller lease (several instances on PostgreSQL)", null);
    outbox = gauge("switchboard.outbox.messages", "Reply outbox rows by channel and status (queued, sending, sent, failed)", null);
    outboxRetrying = gauge("switchboard.outbox.retrying", "Queued replies that failed at least once and wait for their next attempt, by channel", null);
    workflowEvents = gauge("switchboard.workflow.events", "Workflow events by state (pending, done, parked)", null);
    webhookDeliveries = gauge("switchboard.webhook.deliveries", "Webhook deliveries by state (pending, delivered, dead)", null);
    FunctionCounter.builder("switchboard.sla.breaches", queries, q -> safely(q::slaBreaches))
        .description("SLA targets missed, all conversations")
        .register(registry);
  }

  private MultiGauge gauge(String name, String description, String baseUnit) {
    return MultiGauge.builder(name).description(description).baseUnit(baseUnit).register(registry);
  }

  /** Counts the channel alerts mailed (ADR 0045), by kind, read from the database at each scrape. */
  public void countAlerts(io.switchboard.store.AlertStore alerts) {
    for (String kind : List.of("token", "down")) {
      FunctionCounter.builder("switchboard.alerts.sent", alerts, a -> safely(() -> a.sent(kind)))
          .description("Channel alerts mailed to the admins (once per incident), all instances, by kind (token, down)")
          .tags("kind", kind)
          .register(registry);
    }
    io.micrometer.core.instrument.Gauge.builder("switchboard.alerts.open", alerts, a -> safely(() -> a.open().size()))
        .description("Channel accounts with an open alert: DOWN, or credentials refused, until UP again")
        .register(registry);
  }

  /** The registry, for Camel's route meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void finished(String channel, IngestItem.Outcome outcome, long nanos) {
    String o = outcome == IngestItem.Outcome.QUARANTINED_BEFORE ? "quarantined" : outcome.name().toLowerCase(Locale.ROOT);
    Counter.builder("switchboard.messages.ingested")
        .description("Input ingested, by channel and outcome (stored, duplicate, quarantined)")
        .tags("channel", channel, "outcome", o)
        .register(registry)
        .increment();
    Timer.builder("switchboard.ingest.latency")
        .description("From receipt by ingest to its outcome")
        .tags("channel", channel)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Reads the database's gauges and writes every meter in Prometheus' text format. */
  public synchronized String scrape() {
    refresh();
    return registry.scrape();
  }

  private void refresh() {
    Instant now = clock.instant();
    try {
      List<ChannelHealth.State> accounts = health.all();
      List<MultiGauge.Row<?>> states = new ArrayList<>();
      List<MultiGauge.Row<?>> polls = new ArrayList<>();
      for (ChannelHealth.State a : accounts) {
        String status = a.status();
        for (String s : STATES) {
          states.add(MultiGauge.Row.of(Tags.of("account", a.account(), "channel", a.channel(), "state", s), s.equals(status) ? 1 : 0));
        }
        if (a.lastSuccessAt() != null) {
          polls.add(MultiGauge.Row.of(Tags.of("account", a.account(), "channel", a.channel()), seconds(a.lastSuccessAt(), now)));
        }
      }
      channelState.register(states, true);
      lastPoll.register(polls, true);
      pollLag.register(
          queries.newestInbound(accounts.stream().map(ChannelHealth.State::account).toList()).stream()
              .filter(n -> n.at() != null)
              .map(n -> (MultiGauge.Row<?>) MultiGauge.Row.of(Tags.of("account", n.account()), seconds(n.at(), now)))
              .toList(),
          true);
      leaseHolder.register(
          queries.leases().stream()
              .filter(l -> l.expiresAt().isAfter(now))
              .map(l -> (MultiGauge.Row<?>) MultiGauge.Row.of(Tags.of("account", l.account(), "holder", l.holder()), 1))
              .toList(),
          true);
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      List<MultiGauge.Row<?>> retrying = new ArrayList<>();
      for (MetricsQueries.OutboxCount c : queries.outbox()) {
        rows.add(MultiGauge.Row.of(Tags.of("channel", c.channel(), "status", c.status()), c.rows()));
        if (c.status().equals("queued")) {
          retrying.add(MultiGauge.Row.of(Tags.of("channel", c.channel()), c.retrying()));
        }
      }
      outbox.register(rows, true);
      outboxRetrying.register(retrying, true);
      workflowEvents.register(byState("workflow_event"), true);
      webhookDeliveries.register(byState("webhook_delivery"), true);
    } catch (RuntimeException e) {
      // the database is down: the JVM and route meters still answer, the gauges keep their last values
      LOG.warn("metrics: cannot read the database: {}", e.toString());
    }
  }

  private List<MultiGauge.Row<?>> byState(String table) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    queries.states(table).forEach((state, n) -> rows.add(MultiGauge.Row.of(Tags.of("state", state), n)));
    return rows;
  }

  private static double seconds(Instant then, Instant now) {
    return Math.max(0, Duration.between(then, now).toMillis() / 1000.0);
  }

  private static double safely(java.util.function.LongSupplier f) {
    try {
      return f.getAsLong();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
