package io.switchboard.workflow.csat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the customer's survey pages (CSAT and NPS) share: reading the comment from a form or a JSON
 * body, and answering either JSON (to callers that accept it) or the page, never cached and sent
 * without a referrer (the link in the address bar is a bearer token).
 */
public final class SurveyPages {
  private SurveyPages() {}

  /** The comment of a {@code POST}, from the form or a JSON body, stripped; empty when none. */
  public static String commentText(Context ctx) {
    String text = ctx.formParam("comment");
    if (text == null && ctx.body().startsWith("{")) {
      try {
        text = ctx.bodyAsClass(JsonNode.class).path("comment").asText(null);
      } catch (RuntimeException e) {
        text = null;
      }
    }
    return text == null ? "" : text.strip();
  }

  /**
   * Answers JSON ({@code status}, {@code result} or {@code error}, and {@code valueName} when
   * {@code value} is set) to callers that accept it, else renders {@code template} with the model.
   */
  public static void answer(
      Context ctx, int status, String message, String valueName, Integer value, String template, Map<String, Object> model) {
    if (wantsJson(ctx)) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("status", status);
      json.put(status < 400 ? "result" : "error", message);
      if (value != null) {
        json.put(valueName, value);
      }
      ctx.status(status).json(json);
      return;
    }
    html(ctx, status, template, model);
  }

  /** Renders the page, not to be cached nor to leak its address as a referrer. */
  public static void html(Context ctx, int status, String template, Map<String, Object> model) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.status(status).render(template, model);
  }

  public static boolean wantsJson(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("application/json");
  }
}
