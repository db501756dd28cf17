package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.conversation.ReplyVoice;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.UserStore;
import io.switchboard.voice.Placeholders;
import io.switchboard.voice.RankedTemplate;
import io.switchboard.voice.Violation;
import io.switchboard.voice.VoiceResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The brand-voice check on a draft, and the canned responses that fit a conversation. */
public final class VoiceApi implements ApiFeature {
  private final InboxQueries inbox;
  private final ReplyVoice voice;
  private final ObjectMapper json;

  public VoiceApi(InboxQueries inbox, ReplyVoice voice, ObjectMapper json) {
    this.inbox = inbox;
    this.voice = voice;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/voice/check", this::check);
    routes.get("/api/templates", this::templates);
  }

  private InboxQueries.ConversationRow conversation(long id) {
    return inbox.conversation(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
  }

  private static String agentName(Context ctx) {
    UserStore.User user = Http.user(ctx);
    return user.displayName() == null ? user.username() : user.displayName();
  }

  private void check(Context ctx) {
    String example = "{\"conversationId\": 1, \"text\": \"...\"}";
    JsonNode body = Http.jsonBody(ctx, example);
    if (!body.path("conversationId").canConvertToLong() || !body.path("text").isTextual()) {
      throw new ApiException(400, "body must be JSON like " + example);
    }
    InboxQueries.ConversationRow c = conversation(body.get("conversationId").asLong());
    ctx.json(body(voice.check(c, agentName(ctx), body.get("text").asText())));
  }

  /** The JSON shape of a check: fixed text, violations, score, fixes, blocked. */
  static Map<String, Object> body(VoiceResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("text", r.text());
    out.put("violations", r.violations().stream().map(VoiceApi::violation).toList());
    out.put("score", r.score());
    out.put("fixes", r.fixes().stream().map(f -> Map.of("rule", f.rule(), "message", f.message())).toList());
    out.put("language", r.language());
    out.put("blocked", r.blocked());
    return out;
  }

  private static Map<String, Object> violation(Violation v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", v.rule());
    m.put("severity", v.severity().name().toLowerCase(Locale.ROOT));
    m.put("message", v.message());
    m.put("start", v.start());
    m.put("end", v.end());
    m.put("suggestion", v.suggestion());
    return m;
  }

  private void templates(Context ctx) {
    if (Http.text(ctx, "conversation") == null) {
      throw new ApiException(400, "conversation is required: /api/templates?conversation=ID");
    }
    long id = Http.valid(ctx.queryParamAsClass("conversation", Long.class), "conversation must be a number");
    InboxQueries.ConversationRow c = conversation(id);
    List<InboxQueries.MessageRow> messages = inbox.messages(id);
    String customerText =
        messages.stream()
            .filter(m -> m.direction().equals("in"))
            .reduce((a, b) -> b)
            .map(m -> m.displayText() != null ? m.displayText() : m.text())
            .orElse("");
    Map<String, String> values =
        Placeholders.values(
            voice.guide().brand(), ReplyVoice.firstName(c.contact().name()), ReplyVoice.firstName(agentName(ctx)));
    List<Map<String, Object>> out =
        voice.templates(c, customerText).stream().map(r -> template(r, values)).toList();
    ctx.json(out);
  }

  private static Map<String, Object> template(RankedTemplate r, Map<String, String> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.template().id());
    m.put("title", r.template().title());
    m.put("language", r.template().language());
    m.put("score", r.score());
    m.put("reasons", r.reasons());
    m.put("body", r.template().render(values));
    return m;
  }
}
