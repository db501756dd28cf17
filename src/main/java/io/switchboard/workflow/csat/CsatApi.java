package io.switchboard.workflow.csat;

import static io.switchboard.api.Http.idParam;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.ApiFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/conversations/{id}/csat}: the conversation's satisfaction survey as the inbox
 * shows it (status, rating 1-5, when, comment), or {@code {"survey": null}} when none was planned.
 * Read-only and for anyone signed in, like the conversation itself; the signed rating links stay
 * out of it.
 */
public final class CsatApi implements ApiFeature {
  private final CsatStore store;

  public CsatApi(CsatStore store) {
    this.store = store;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/conversations/{id}/csat", this::survey);
  }

  private void survey(Context ctx) {
    long id = idParam(ctx);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("conversationId", id);
    out.put(
        "survey",
        store
            .find(id)
            .map(
                s -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("status", s.status());
                  m.put("channel", s.channel());
                  m.put("rating", s.rating());
                  m.put("ratedAt", s.ratedAt());
                  m.put("comment", s.comment());
                  return m;
                })
            .orElse(null));
    ctx.json(out);
  }
}
