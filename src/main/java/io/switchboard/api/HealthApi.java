package io.switchboard.api;

import io.javalin.config.RoutesConfig;
import io.switchboard.store.ChannelHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/health}, without sign-in: each channel account's status, last poll and error,
 * and which instance reads it (with its lease's expiry where instances share the database).
 */
final class HealthApi implements ApiFeature {
  private final ChannelHealth health;

  HealthApi(ChannelHealth health) {
    this.health = health;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        "/api/health",
        ctx -> {
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
                        return m;
                      })
                  .toList();
          ctx.json(Map.of("status", "UP", "channels", channels));
        });
  }
}
