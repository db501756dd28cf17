package io.switchboard.workflow.nps;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.ApiFeature;
import io.switchboard.workflow.csat.SurveyPages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer's side of a Net Promoter survey, without an account: {@code GET /nps/{token}}
 * records the score the signed link carries (or shows 0-10 to pick from) and offers a comment box;
 * {@code POST /nps/{token}} records the comment. Each is taken once (409 after), a tampered link
 * answers 403, an expired one 410. Callers that accept JSON get JSON.
 */
public final class NpsPages implements ApiFeature {
  private static final int MAX_COMMENT = 2000;
  private static final String TEMPLATE = "nps.html.peb";

  private final NpsStore store;
  private final NpsLinks links;
  private final String question;

  public NpsPages(NpsStore store, NpsLinks links, String question) {
    this.store = store;
    this.links = links;
    this.question = question;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/nps/{token}", this::score);
    routes.post("/nps/{token}", this::comment);
  }

  private void score(Context ctx) {
    String token = ctx.pathParam("token");
    if (!(links.check(token) instanceof NpsLinks.Checked.Valid valid)) {
      refuse(ctx, links.check(token));
      return;
    }
    if (valid.value() == NpsLinks.CHOOSE) {
      var survey = store.find(valid.id());
      if (survey.isEmpty()) {
        answer(ctx, 404, "no survey", null, page("Not found", "There is no survey for this link."));
        return;
      }
      if (survey.get().score() != null) {
        answer(ctx, 409, "already recorded", null, page("Already recorded", "Your score was already recorded. Thank you."));
        return;
      }
      List<Choice> choices = new ArrayList<>();
      for (int s = 0; s <= 10; s++) {
        choices.add(new Choice(links.token(valid.id(), s, valid.expires()), s));
      }
      if (SurveyPages.wantsJson(ctx)) {
        Map<String, String> options = new LinkedHashMap<>();
        choices.forEach(c -> options.put(String.valueOf(c.score()), "/nps/" + c.token()));
        ctx.json(Map.of("status", 200, "question", question, "scores", options));
        return;
      }
      Map<String, Object> m = page(question, null);
      m.put("choices", choices);
      html(ctx, 200, m);
      return;
    }
    switch (store.score(valid.id(), valid.value())) {
      case RECORDED -> {
        Map<String, Object> m = page("Thank you!", null);
        m.put("score", valid.value());
        m.put("commentToken", token);
        answer(ctx, 200, "recorded", valid.value(), m);
      }
      case ALREADY_RECORDED -> answer(ctx, 409, "already recorded", null, page("Already recorded", "Your score was already recorded. Thank you."));
      default -> answer(ctx, 404, "no survey", null, page("Not found", "There is no survey for this link."));
    }
  }

  private void comment(Context ctx) {
    String token = ctx.pathParam("token");
    if (!(links.check(token) instanceof NpsLinks.Checked.Valid valid)) {
      refuse(ctx, links.check(token));
      return;
    }
    String text = SurveyPages.commentText(ctx);
    if (text.isEmpty() || text.length() > MAX_COMMENT) {
      answer(ctx, 400, "comment must have 1 to " + MAX_COMMENT + " characters", null,
          page("Comment not saved", "Please write between 1 and " + MAX_COMMENT + " characters."));
      return;
    }
    switch (store.comment(valid.id(), text)) {
      case RECORDED -> answer(ctx, 200, "recorded", null, page("Thank you!", "We received your comment."));
      case ALREADY_RECORDED -> answer(ctx, 409, "already recorded", null, page("Already recorded", "A comment was already recorded."));
      case NOT_SCORED -> answer(ctx, 409, "score first", null, page("Score first", "Please choose a score first."));
      default -> answer(ctx, 404, "no survey", null, page("Not found", "There is no survey for this link."));
    }
  }

  private static void refuse(Context ctx, NpsLinks.Checked checked) {
    if (checked instanceof NpsLinks.Checked.Expired) {
      answer(ctx, 410, "this link has expired", null, page("Link expired", "This link has expired."));
    } else {
      answer(ctx, 403, "this link is not valid", null, page("Link not valid", "This link is not valid."));
    }
  }

  private static void answer(Context ctx, int status, String message, Integer score, Map<String, Object> page) {
    SurveyPages.answer(ctx, status, message, "score", score, TEMPLATE, page);
  }

  private static void html(Context ctx, int status, Map<String, Object> model) {
    SurveyPages.html(ctx, status, TEMPLATE, model);
  }

  private static Map<String, Object> page(String title, String text) {
    Map<String, Object> m = new HashMap<>();
    m.put("title", title);
    m.put("text", text);
    m.put("score", null);
    m.put("choices", List.of());
    m.put("commentToken", null);
    m.put("maxComment", MAX_COMMENT);
    return m;
  }

  /** One score to pick: its signed token and the score. */
  public record Choice(String token, int score) {}
}
