package io.switchboard.api;

import io.javalin.config.RoutesConfig;
import io.switchboard.store.UserStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/me}: the caller, and for a browser session the CSRF token its changes carry. */
final class SessionApi implements ApiFeature {
  @Override
  public void register(RoutesConfig routes) {
    routes.get(
        "/api/me",
        ctx -> {
          UserStore.User user = Http.user(ctx);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("username", user.username());
          body.put("displayName", user.displayName());
          body.put("role", user.role());
          body.put("canReply", Http.WORKERS.contains(user.role()));
          body.put("canAssignAnyone", user.role().equals("lead") || user.role().equals("admin"));
          body.put("isAdmin", user.role().equals("admin"));
          body.put("csrfToken", Http.csrfToken(ctx));
          ctx.json(body);
        });
  }
}
