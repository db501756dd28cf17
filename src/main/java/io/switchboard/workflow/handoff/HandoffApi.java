package io.switchboard.workflow.handoff;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.ApiServer;
import io.switchboard.api.Http;
import io.switchboard.store.UserStore;
import java.util.Map;

/**
 * {@code POST /api/conversations/{id}/handoff} with {@code {"department": "billing", "note":
 * "..."}} forwards a conversation to a department; {@code GET} lists its hand-offs; {@code GET
 * /api/departments} lists the departments. Those who work conversations hand off.
 */
public final class HandoffApi implements ApiFeature {
  private final Handoffs handoffs;
  private final ObjectMapper json = ApiServer.jsonMapper();

  public HandoffApi(Handoffs handoffs) {
    this.handoffs = handoffs;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/departments", ctx -> ctx.json(Map.of("items", handoffs.departments())));
    routes.get("/api/conversations/{id}/handoff", ctx -> ctx.json(Map.of("items", handoffs.forConversation(idParam(ctx)).stream().map(HandoffApi::view).toList())));
    routes.post("/api/conversations/{id}/handoff", this::handOff, Access.allow(Http.WORKERS, "hand off conversations"));
  }

  private void handOff(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    JsonNode body = jsonBody(ctx, "{\"department\": \"billing\", \"note\": \"...\"}");
    String department = body.path("department").asText("").strip();
    String note = body.path("note").isTextual() ? body.get("note").asText() : null;
    if (note != null && note.length() > 2000) {
      throw new ApiException(422, "note is longer than 2000 characters");
    }
    try {
      ctx.status(201).json(view(handoffs.handOff(id, department, note, user.username())));
    } catch (Handoffs.Refused e) {
      throw new ApiException(e.status(), e.getMessage());
    }
  }

  /** A hand-off without its token: the token is what lets an email become a note. */
  private static Map<String, Object> view(HandoffStore.Handoff h) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", h.id());
    m.put("conversationId", h.conversationId());
    m.put("department", h.department());
    m.put("address", h.address());
    m.put("note", h.note());
    m.put("requestedBy", h.requestedBy());
    m.put("requestedAt", h.requestedAt());
    m.put("answeredAt", h.answeredAt());
    m.put("waiting", h.answeredAt() == null);
    return m;
  }
}
