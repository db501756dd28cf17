package io.switchboard.workflow.collision;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.ApiServer;
import io.switchboard.api.Http;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.UserStore;
import java.util.Map;

/**
 * Collision detection: {@code POST /api/conversations/{id}/presence} with {@code {"state":
 * "viewing"|"composing"|"left"}} is a page's heartbeat and answers who else is there; {@code GET}
 * lists them. Anyone signed in may view; composing is for those who reply.
 */
public final class PresenceApi implements ApiFeature {
  private final PresenceStore presence;
  private final ConversationActions actions;
  private final ObjectMapper json = ApiServer.jsonMapper();

  public PresenceApi(PresenceStore presence, ConversationActions actions) {
    this.presence = presence;
    this.actions = actions;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/conversations/{id}/presence", this::list);
    routes.post("/api/conversations/{id}/presence", this::heartbeat);
  }

  private void list(Context ctx) {
    long id = existing(ctx);
    ctx.json(Map.of("items", presence.others(id, Http.user(ctx).username())));
  }

  private void heartbeat(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = existing(ctx);
    String state = jsonBody(ctx, "{\"state\": \"viewing\"}").path("state").asText("");
    if (state.equals("left")) {
      presence.leave(id, user.username());
    } else if (PresenceStore.STATES.contains(state)) {
      if (state.equals("composing")) {
        Http.requireRole(ctx, Http.WORKERS, "compose replies");
      }
      presence.heartbeat(id, user.username(), state);
    } else {
      throw new ApiException(422, "state must be one of [viewing, composing, left]");
    }
    ctx.json(Map.of("items", presence.others(id, user.username())));
  }

  private long existing(Context ctx) {
    long id = idParam(ctx);
    actions.state(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
    return id;
  }
}
