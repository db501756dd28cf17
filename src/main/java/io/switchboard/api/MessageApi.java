package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.store.CorrectionStore;
import io.switchboard.store.UserStore;
import java.util.Map;
import java.util.Set;

/**
 * Agents correct a message's sentiment or urgency ({@code PATCH /api/messages/{id}}); admins make
 * the daemon load a newly trained model without a restart ({@code POST /api/nlp/reload}).
 */
public final class MessageApi implements ApiFeature {
  private static final Set<String> SENTIMENTS = Set.of("negative", "neutral", "positive");
  private static final Set<String> URGENCIES = Set.of("low", "normal", "high", "urgent");

  private final CorrectionStore corrections;
  private final Runnable reloadModels;
  private final ObjectMapper json;

  public MessageApi(CorrectionStore corrections, Runnable reloadModels, ObjectMapper json) {
    this.corrections = corrections;
    this.reloadModels = reloadModels;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.patch("/api/messages/{id}", this::correct, Access.allow(ConversationApi.REPLY_ROLES, "correct tags"));
    routes.post("/api/nlp/reload", this::reload, Access.allow(Set.of("admin"), "reload models"));
  }

  private void correct(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = Http.idParam(ctx);
    JsonNode body = Http.jsonBody(ctx, "{\"sentiment\": \"negative\", \"urgency\": \"high\"}");
    String sentiment = value(body, "sentiment", SENTIMENTS);
    String urgency = value(body, "urgency", URGENCIES);
    if (sentiment == null && urgency == null) {
      throw new ApiException(400, "give sentiment, urgency or both");
    }
    if (!corrections.correct(id, sentiment, urgency, user.username())) {
      throw new ApiException(404, "no customer message " + id);
    }
    ctx.json(Map.of("id", id, "sentiment", String.valueOf(sentiment), "urgency", String.valueOf(urgency)));
  }

  private static String value(JsonNode body, String field, Set<String> allowed) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || !allowed.contains(v.asText())) {
      throw new ApiException(422, field + " must be one of " + allowed);
    }
    return v.asText();
  }

  private void reload(Context ctx) {
    reloadModels.run();
    ctx.json(Map.of("reloaded", true));
  }
}
