package io.switchboard.workflow.csat;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.ApiFeature;
import io.switchboard.web.WebPages;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The customer's side of a survey, without an account: {@code GET /csat/{token}} records the
 * rating the signed link carries (or, for a DM's link, shows the five ratings to pick from) and
 * offers a comment box; {@code POST /csat/{token}} records the comment. A rating and a comment
 * are each taken once; a second use answers 409, a tampered link 403, an expired one 410. Callers
 * that accept JSON get JSON instead of the page.
 */
public final class CsatPages implements ApiFeature {
  private static final int MAX_COMMENT = 2000;

  private final CsatStore store;
  private final RatingLinks links;

  public CsatPages(CsatStore store, RatingLinks links) {
    this.store = store;
    this.links = links;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/csat/{token}", this::rate);
    routes.post("/csat/{token}", this::comment);
  }

  private void rate(Context ctx) {
    String token = ctx.pathParam("token");
    RatingLinks.Checked checked = links.check(token);
    if (!(checked instanceof RatingLinks.Checked.Valid valid)) {
      refuse(ctx, checked);
      return;
    }
    if (valid.rating() == 0) {
      choose(ctx, valid);
      return;
    }
    switch (store.rate(valid.conversationId(), valid.rating())) {
      case RECORDED -> answer(ctx, 200, "recorded", valid.rating(),
          "Thank you!",
          "<p>We recorded your rating: <strong>" + valid.rating() + " of 5</strong>.</p>" + commentForm(token));
      case ALREADY_RECORDED -> answer(ctx, 409, "already recorded", null,
          "Already recorded",
          "<p>A rating for this conversation was already recorded. Thank you for your feedback.</p>");
      default -> answer(ctx, 404, "no survey for this conversation", null, "Not found", "<p>There is no survey for this link.</p>");
    }
  }

  private void choose(Context ctx, RatingLinks.Checked.Valid valid) {
    var survey = store.find(valid.conversationId());
    if (survey.isEmpty()) {
      answer(ctx, 404, "no survey for this conversation", null, "Not found", "<p>There is no survey for this link.</p>");
      return;
    }
    if (survey.get().rating() != null) {
      answer(ctx, 409, "already recorded", null, "Already recorded",
          "<p>A rating for this conversation was already recorded. Thank you for your feedback.</p>");
      return;
    }
    if (wantsJson(ctx)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", 200);
      body.put("conversationId", valid.conversationId());
      Map<String, String> options = new LinkedHashMap<>();
      for (int r = 1; r <= 5; r++) {
        options.put(String.valueOf(r), "/csat/" + links.token(valid.conversationId(), r, valid.expires()));
      }
      body.put("ratings", options);
      ctx.json(body);
      return;
    }
    StringBuilder choices = new StringBuilder("<p>How did we do? Pick a rating:</p><ol class=\"ratings\">");
    String[] labels = {"", "poor", "fair", "good", "very good", "excellent"};
    for (int r = 1; r <= 5; r++) {
      choices
          .append("<li><a class=\"rating\" href=\"/csat/")
          .append(WebPages.escape(links.token(valid.conversationId(), r, valid.expires())))
          .append("\">")
          .append(r)
          .append(" <span>")
          .append(labels[r])
          .append("</span></a></li>");
    }
    choices.append("</ol>");
    html(ctx, 200, "Rate our help", choices.toString());
  }

  private void comment(Context ctx) {
    String token = ctx.pathParam("token");
    RatingLinks.Checked checked = links.check(token);
    if (!(checked instanceof RatingLinks.Checked.Valid valid)) {
      refuse(ctx, checked);
      return;
    }
    String text = ctx.formParam("comment");
    if (text == null && ctx.body().startsWith("{")) {
      try {
        text = io.switchboard.api.ApiServer.jsonMapper().readTree(ctx.body()).path("comment").asText(null);
      } catch (java.io.IOException e) {
        text = null;
      }
    }
    text = text == null ? "" : text.strip();
    if (text.isEmpty() || text.length() > MAX_COMMENT) {
      answer(ctx, 400, "comment must have 1 to " + MAX_COMMENT + " characters", null, "Comment not saved",
          "<p>Please write between 1 and " + MAX_COMMENT + " characters.</p>" + commentForm(token));
      return;
    }
    switch (store.comment(valid.conversationId(), text)) {
      case RECORDED -> answer(ctx, 200, "recorded", null, "Thank you!", "<p>We received your comment.</p>");
      case ALREADY_RECORDED -> answer(ctx, 409, "already recorded", null, "Already recorded",
          "<p>A comment for this conversation was already recorded.</p>");
      case NOT_RATED -> answer(ctx, 409, "rate first", null, "Rate first", "<p>Please choose a rating first.</p>");
      default -> answer(ctx, 404, "no survey for this conversation", null, "Not found", "<p>There is no survey for this link.</p>");
    }
  }

  private static String commentForm(String token) {
    return "<form method=\"post\" action=\"/csat/" + WebPages.escape(token) + "\" class=\"comment\">"
        + "<label for=\"comment\">Anything you would like to add?</label>"
        + "<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"" + MAX_COMMENT + "\"></textarea>"
        + "<button type=\"submit\">Send comment</button></form>";
  }

  private static void refuse(Context ctx, RatingLinks.Checked checked) {
    if (checked instanceof RatingLinks.Checked.Expired) {
      answer(ctx, 410, "this link has expired", null, "Link expired", "<p>This rating link has expired.</p>");
    } else {
      answer(ctx, 403, "this link is not valid", null, "Link not valid", "<p>This rating link is not valid.</p>");
    }
  }

  private static void answer(Context ctx, int status, String message, Integer rating, String title, String body) {
    if (wantsJson(ctx)) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("status", status);
      json.put(status < 400 ? "result" : "error", message);
      if (rating != null) {
        json.put("rating", rating);
      }
      ctx.status(status).json(json);
      return;
    }
    html(ctx, status, title, body);
  }

  private static void html(Context ctx, int status, String title, String body) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.status(status)
        .html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + WebPages.escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/csat.css\"></head><body><main class=\"csat\">"
                + "<h1>" + WebPages.escape(title) + "</h1>" + body + "</main></body></html>");
  }

  private static boolean wantsJson(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("application/json");
  }
}
