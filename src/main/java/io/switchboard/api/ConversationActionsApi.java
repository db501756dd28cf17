package io.switchboard.api;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.conversation.Replies;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.UserAccounts;
import io.switchboard.store.UserStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Working a conversation besides replying: status (open → pending → resolved, or closed), assignee,
 * tags and internal notes, and who did what. Agents, leads and admins work conversations; an agent
 * assigns only themselves (take, or give back), leads and admins assign anyone. Marketing reads.
 */
public final class ConversationActionsApi implements ApiFeature {
  private static final Set<String> STATUSES = Set.of("open", "pending", "resolved", "closed");
  private static final Set<String> ASSIGN_ANYONE = Set.of("lead", "admin");
  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:-]{0,59}");

  private final InboxQueries inbox;
  private final ConversationActions actions;
  private final UserAccounts accounts;
  private final ObjectMapper json = ApiServer.jsonMapper();

  public ConversationActionsApi(InboxQueries inbox, ConversationActions actions, UserAccounts accounts) {
    this.inbox = inbox;
    this.actions = actions;
    this.accounts = accounts;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/api/conversations/{id}/status", this::status, Access.allow(Http.WORKERS, "change the status"));
    routes.post("/api/conversations/{id}/assignee", this::assign, Access.allow(Http.WORKERS, "assign conversations"));
    routes.post("/api/conversations/{id}/notes", this::note, Access.allow(Http.WORKERS, "write notes"));
    routes.post("/api/conversations/{id}/tags", this::addTag, Access.allow(Http.WORKERS, "tag conversations"));
    routes.delete("/api/conversations/{id}/tags/{tag}", this::removeTag, Access.allow(Http.WORKERS, "tag conversations"));
    routes.post("/api/conversations/{id}/dismiss", this::dismiss, Access.allow(Http.WORKERS, "dismiss mentions"));
    routes.get("/api/conversations/{id}/activity", this::activity);
    routes.get("/api/assignees", this::assignees);
  }

  private ConversationActions.State existing(long id) {
    return actions.state(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
  }

  private void status(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    String status = jsonBody(ctx, "{\"status\": \"resolved\"}").path("status").asText("");
    if (!STATUSES.contains(status)) {
      throw new ApiException(422, "status must be one of " + STATUSES);
    }
    existing(id);
    boolean changed = actions.setStatus(id, status, user.username());
    ctx.json(Map.of("id", id, "status", status, "changed", changed));
  }

  private void assign(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    JsonNode body = jsonBody(ctx, "{\"assignee\": \"username\"} or {\"assignee\": null}");
    if (!body.has("assignee")) {
      throw new ApiException(400, "body must be JSON like {\"assignee\": \"username\"} or {\"assignee\": null}");
    }
    String assignee = body.get("assignee").isNull() ? null : body.get("assignee").asText().strip();
    if (assignee != null && assignee.isEmpty()) {
      assignee = null;
    }
    ConversationActions.State state = existing(id);
    if (!ASSIGN_ANYONE.contains(user.role())) {
      boolean takes = user.username().equals(assignee);
      boolean givesBack = assignee == null && user.username().equals(state.assignee());
      if (!takes && !givesBack) {
        throw new ApiException(403, "role " + user.role() + " can assign only themselves");
      }
    }
    if (assignee != null) {
      String name = assignee;
      UserAccounts.Account account =
          accounts.find(name).orElseThrow(() -> new ApiException(422, "no user " + name));
      if (account.disabled() || !Http.WORKERS.contains(account.role())) {
        throw new ApiException(422, name + " cannot work conversations");
      }
    }
    boolean changed = actions.assign(id, assignee, user.username());
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("id", id);
    out.put("assignee", assignee);
    out.put("changed", changed);
    ctx.json(out);
  }

  private void note(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    JsonNode body = jsonBody(ctx, "{\"text\": \"...\"}");
    String text = body.path("text").asText("").strip();
    if (text.isEmpty()) {
      throw new ApiException(422, "text must not be empty");
    }
    if (text.length() > Replies.MAX_LENGTH) {
      throw new ApiException(422, "text is longer than " + Replies.MAX_LENGTH + " characters");
    }
    existing(id);
    long messageId = actions.addNote(id, user.username(), text);
    ctx.status(201)
        .json(inbox.messages(id).stream().filter(m -> m.id() == messageId).findFirst().orElseThrow());
  }

  private void addTag(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    String tag = tag(jsonBody(ctx, "{\"tag\": \"refund\"}").path("tag").asText(""));
    existing(id);
    boolean changed = actions.addTag(id, tag, user.username());
    ctx.json(Map.of("id", id, "tag", tag, "changed", changed));
  }

  private void removeTag(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    String tag = tag(ctx.pathParam("tag"));
    existing(id);
    boolean changed = actions.removeTag(id, tag, user.username());
    ctx.json(Map.of("id", id, "tag", tag, "changed", changed));
  }

  /**
   * Dismisses a post found by listening that needs no answer (ADR 0041): tagged {@code dismissed}
   * and closed, both in its activity log. Only conversations of kind {@code mention}: a customer
   * who wrote to us is answered or resolved, not dismissed.
   */
  private void dismiss(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    InboxQueries.ConversationRow c = inbox.conversation(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
    if (!"mention".equals(c.kind())) {
      throw new ApiException(409, "conversation " + id + " is not a listening mention; resolve or close it instead");
    }
    boolean tagged = actions.addTag(id, "dismissed", user.username());
    boolean closed = actions.setStatus(id, "closed", user.username());
    ctx.json(Map.of("id", id, "status", "closed", "changed", tagged || closed));
  }

  private void activity(Context ctx) {
    long id = idParam(ctx);
    existing(id);
    ctx.json(Map.of("items", actions.activity(id)));
  }

  /** Who conversations can be assigned to. */
  private void assignees(Context ctx) {
    List<Map<String, String>> people =
        accounts.list().stream()
            .filter(a -> !a.disabled() && Http.WORKERS.contains(a.role()))
            .map(a -> Map.of("username", a.username(), "displayName", a.displayName() == null ? a.username() : a.displayName(), "role", a.role()))
            .toList();
    ctx.json(Map.of("items", people));
  }

  private static String tag(String raw) {
    String tag = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!TAG.matcher(tag).matches()) {
      throw new ApiException(422, "a tag is 1 to 60 letters, digits, spaces, '.', ':', '_' or '-'");
    }
    return tag;
  }
}
