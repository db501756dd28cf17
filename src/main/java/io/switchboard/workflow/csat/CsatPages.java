package io.switchboard.workflow.csat;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.ApiFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
  private static final String TEMPLATE = "csat.html.peb";
  private static final String[] LABELS = {"", "poor", "fair", "good", "very good", "excellent"};
  private static final Page NOT_FOUND = Page.saying("Not found", "There is no survey for this link.");
  private static final Page ALREADY_RATED =
      Page.saying("Already recorded", "A rating for this conversation was already recorded. Thank you for your feedback.");

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
    if (valid.value() == RatingLinks.CHOOSE) {
      choose(ctx, valid);
      return;
    }
    switch (store.rate(valid.id(), valid.value())) {
      case RECORDED -> answer(ctx, 200, "recorded", valid.value(),
          new Page("Thank you!", valid.value(), null, List.of(), token));
      case ALREADY_RECORDED -> answer(ctx, 409, "already recorded", null, ALREADY_RATED);
      default -> answer(ctx, 404, "no survey for this conversation", null, NOT_FOUND);
    }
  }

  private void choose(Context ctx, RatingLinks.Checked.Valid valid) {
    var survey = store.find(valid.id());
    if (survey.isEmpty()) {
      answer(ctx, 404, "no survey for this conversation", null, NOT_FOUND);
      return;
    }
    if (survey.get().rating() != null) {
      answer(ctx, 409, "already recorded", null, ALREADY_RATED);
      return;
    }
    List<Choice> choices = new ArrayList<>();
    for (int r = 1; r <= 5; r++) {
      choices.add(new Choice(links.token(valid.id(), r, valid.expires()), r, LABELS[r]));
    }
    if (SurveyPages.wantsJson(ctx)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", 200);
      body.put("conversationId", valid.id());
      Map<String, String> options = new LinkedHashMap<>();
      choices.forEach(c -> options.put(String.valueOf(c.rating()), "/csat/" + c.token()));
      body.put("ratings", options);
      ctx.json(body);
      return;
    }
    html(ctx, 200, new Page("Rate our help", null, null, choices, null));
  }

  private void comment(Context ctx) {
    String token = ctx.pathParam("token");
    RatingLinks.Checked checked = links.check(token);
    if (!(checked instanceof RatingLinks.Checked.Valid valid)) {
      refuse(ctx, checked);
      return;
    }
    String text = SurveyPages.commentText(ctx);
    if (text.isEmpty() || text.length() > MAX_COMMENT) {
      answer(ctx, 400, "comment must have 1 to " + MAX_COMMENT + " characters", null,
          new Page("Comment not saved", null, "Please write between 1 and " + MAX_COMMENT + " characters.", List.of(), token));
      return;
    }
    switch (store.comment(valid.id(), text)) {
      case RECORDED -> answer(ctx, 200, "recorded", null, Page.saying("Thank you!", "We received your comment."));
      case ALREADY_RECORDED -> answer(ctx, 409, "already recorded", null,
          Page.saying("Already recorded", "A comment for this conversation was already recorded."));
      case NOT_RATED -> answer(ctx, 409, "rate first", null, Page.saying("Rate first", "Please choose a rating first."));
      default -> answer(ctx, 404, "no survey for this conversation", null, NOT_FOUND);
    }
  }

  private static void refuse(Context ctx, RatingLinks.Checked checked) {
    if (checked instanceof RatingLinks.Checked.Expired) {
      answer(ctx, 410, "this link has expired", null, Page.saying("Link expired", "This rating link has expired."));
    } else {
      answer(ctx, 403, "this link is not valid", null, Page.saying("Link not valid", "This rating link is not valid."));
    }
  }

  private static void answer(Context ctx, int status, String message, Integer rating, Page page) {
    SurveyPages.answer(ctx, status, message, "rating", rating, TEMPLATE, page.model());
  }

  private static void html(Context ctx, int status, Page page) {
    SurveyPages.html(ctx, status, TEMPLATE, page.model());
  }

  /** One rating the customer can pick: the signed link's token, 1-5, and its word. */
  public record Choice(String token, int rating, String label) {}

  /**
   * What the page shows: a title, the recorded rating, a sentence, the ratings to pick from, and
   * the comment form when {@code commentToken} is set. Values only; the template escapes them.
   */
  private record Page(String title, Integer rating, String text, List<Choice> choices, String commentToken) {
    static Page saying(String title, String text) {
      return new Page(title, null, text, List.of(), null);
    }

    Map<String, Object> model() {
      Map<String, Object> m = new HashMap<>();
      m.put("title", title);
      m.put("rating", rating);
      m.put("text", text);
      m.put("choices", choices);
      m.put("commentToken", commentToken);
      m.put("maxComment", MAX_COMMENT);
      return m;
    }
  }
}
