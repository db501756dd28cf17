package io.switchboard.webhook;

import io.switchboard.config.PropertiesFile;
import io.switchboard.store.WebhookStore;
import io.switchboard.util.Backoff;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Outgoing webhooks wired (ADR 0039): the store, the reaction that turns workflow events into
 * deliveries, the {@code webhook-deliveries} route's bean and the admin API.
 */
public record Webhooks(WebhookStore store, WebhookFanout fanout, WebhookDeliverer deliverer, WebhookApi api)
    implements AutoCloseable {

  /** From {@code switchboard.webhooks.*} (batch, lease, timeout, retryBase, retryMax, maxAttempts, threads, keepDelivered). */
  public static Webhooks create(PropertiesFile app, Jdbi jdbi, Clock clock, String instance) {
    WebhookStore store = new WebhookStore(jdbi, clock);
    WebhookDeliverer.Settings d = WebhookDeliverer.Settings.defaults(instance);
    String p = "switchboard.webhooks.";
    WebhookDeliverer.Settings s =
        new WebhookDeliverer.Settings(
            instance,
            app.getInt(p + "batch", d.batch()),
            app.getDuration(p + "lease", d.lease()),
            app.getDuration(p + "timeout", d.timeout()),
            new Backoff(app.getDuration(p + "retryBase", d.backoff().first()), app.getDuration(p + "retryMax", d.backoff().max())),
            app.getInt(p + "maxAttempts", d.maxAttempts()),
            app.getInt(p + "threads", d.threads()),
            app.getDuration(p + "keepDelivered", d.keepDelivered()));
    return new Webhooks(store, new WebhookFanout(store), new WebhookDeliverer(store, s, clock), new WebhookApi(store));
  }

  @Override
  public void close() {
    deliverer.close();
  }
}
