package io.switchboard.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.Http;
import io.switchboard.store.AlertStore;
import io.switchboard.store.UserStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/alerts} (anyone signed in): the open channel alerts (ADR 0045), which the inbox
 * shows as a banner until the account is UP again. Admins also get what to do ({@code action})
 * and the latest incidents, open or over ({@code recent}).
 */
public final class AlertsApi implements ApiFeature {
  private final ChannelAlerts alerts;

  public AlertsApi(ChannelAlerts alerts) {
    this.alerts = alerts;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/alerts", this::list, Access.allow(UserStore.PEOPLE_ROLES, "see alerts"));
  }

  private void list(Context ctx) {
    boolean admin = "admin".equals(Http.user(ctx).role());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", alerts.store().open().stream().map(a -> row(a, admin)).toList());
    if (admin) {
      body.put("recent", alerts.store().recent(20).stream().map(a -> row(a, true)).toList());
      body.put("recipients", alerts.settings().recipients());
    }
    ctx.header("Cache-Control", "no-store");
    ctx.json(body);
  }

  private Map<String, Object> row(AlertStore.Alert a, boolean admin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("account", a.account());
    m.put("channel", a.channel());
    m.put("kind", a.kind());
    m.put("reason", a.reason());
    m.put("since", a.openedAt());
    m.put("closedAt", a.closedAt());
    m.put("emailedAt", a.sentAt());
    if (admin) {
      m.put("emailedTo", a.sentTo() == null ? List.of() : List.of(a.sentTo().split(",\\s*")));
      m.put("mailError", a.lastError());
      m.put("action", alerts.advice(a));
    }
    return m;
  }
}
