package io.switchboard.api;

import io.javalin.config.RoutesConfig;
import io.switchboard.store.AlertStore;
import io.switchboard.store.ChannelHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/health}, without sign-in: each channel account's status, last poll and error,
 * and which instance reads it (with its lease's expiry where instances share the database); an
 * account with an open alert (ADR 0045) carries {@code alert}: its kind, since when, when mailed.
 */
final class HealthApi implements ApiFeature {
  private final ChannelHealth health;
  /** The open alerts, shown with their accounts; null without alerting. */
  volatile AlertStore alerts;

  HealthApi(ChannelHealth health) {
    this.health = health;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        "/api/health",
        ctx -> {
          AlertStore store = alerts;
          Map<String, AlertStore.Alert> open =
              store == null
                  ? Map.of()
                  : store.open().stream().collect(java.util.stream.Collectors.toMap(AlertStore.Alert::account, a -> a, (a, b) -> a));
          List<Map<String, Object>> channels =
              health.all().stream()
                  .map(
                      s -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("account", s.account());
                        m.put("channel", s.channel());
                        m.put("status", s.status());
                        m.put("lastSuccessfulPoll", s.lastSuccessAt());
                        m.put("lastError", s.lastError());
                        m.put("lastErrorAt", s.lastErrorAt());
                        m.put("readBy", s.readBy());
                        if (s.leased()) {
                          m.put("leaseExpiresAt", s.leaseExpiresAt());
                        }
                        AlertStore.Alert a = open.get(s.account());
                        if (a != null) {
                          Map<String, Object> alert = new LinkedHashMap<>();
                          alert.put("kind", a.kind());
                          alert.put("since", a.openedAt());
                          alert.put("emailedAt", a.sentAt());
                          m.put("alert", alert);
                        }
                        return m;
                      })
                  .toList();
          ctx.json(Map.of("status", "UP", "channels", channels));
        });
  }
}
