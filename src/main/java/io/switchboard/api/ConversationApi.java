package io.switchboard.api;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.intParam;
import static io.switchboard.api.Http.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.conversation.Replies;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.UserStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The inbox: conversation lists with filters, one conversation with its thread, replies. */
final class ConversationApi implements ApiFeature {
  private static final Set<String> STATUSES = Set.of("open", "pending", "resolved", "closed");
  private static final Set<String> KINDS = Set.of("message", "mention");
  static final Set<String> REPLY_ROLES = Set.of("agent", "lead", "admin");

  private final InboxQueries inbox;
  private final Replies replies;
  private final ObjectMapper json;

  ConversationApi(InboxQueries inbox, Replies replies, ObjectMapper json) {
    this.inbox = inbox;
    this.replies = replies;
    this.json = json;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/conversations", this::list);
    routes.get("/api/conversations/{id}", this::conversation);
    routes.post("/api/conversations/{id}/replies", this::reply, Access.allow(REPLY_ROLES, "reply"));
  }

  /**
   * Filters: channel, status, sentiment, urgency, language (each may list values separated by
   * commas), assignee (a user name, {@code me} or {@code none}), tag, contact (a contact id), q
   * (full text); kind {@code message} or {@code mention} (posts found by listening, ADR 0041; the
   * {@code listening} view); view {@code mine}, {@code unassigned} or {@code urgent}; sort {@code recent}
   * (default), {@code urgency} or {@code waiting}; limit and offset.
   */
  private void list(Context ctx) {
    String status = text(ctx, "status");
    if (status != null && !Arrays.stream(status.split(",")).map(String::strip).allMatch(STATUSES::contains)) {
      throw new ApiException(400, "status must be one of " + STATUSES);
    }
    int limit = intParam(ctx, "limit", 50, 1, 500);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    String assignee = text(ctx, "assignee");
    boolean unassigned = false;
    String urgency = text(ctx, "urgency");
    InboxQueries.Sort sort = sort(text(ctx, "sort"));
    String view = text(ctx, "view");
    String kind = text(ctx, "kind");
    if (kind != null && !KINDS.contains(kind)) {
      throw new ApiException(400, "kind must be one of [message, mention]");
    }
    if (view != null) {
      switch (view) {
        case "listening" -> kind = "mention";
        case "mine" -> assignee = "me";
        case "unassigned" -> {
          // customer conversations waiting for an owner; listening posts are in no queue
          assignee = "none";
          kind = kind == null ? "message" : kind;
        }
        case "urgent" -> {
          urgency = urgency == null ? "urgent,high" : urgency;
          sort = text(ctx, "sort") == null ? InboxQueries.Sort.URGENCY : sort;
        }
        case "all" -> {}
        default -> throw new ApiException(400, "view must be one of [all, mine, unassigned, urgent, listening]");
      }
    }
    if ("me".equals(assignee)) {
      assignee = Http.user(ctx).username();
    } else if ("none".equals(assignee)) {
      assignee = null;
      unassigned = true;
    }
    Long contact = null;
    if (text(ctx, "contact") != null) {
      contact = (long) intParam(ctx, "contact", 0, 1, Integer.MAX_VALUE);
    }
    ctx.json(
        inbox.list(
            new InboxQueries.Filter(
                text(ctx, "channel"),
                status,
                text(ctx, "q"),
                text(ctx, "sentiment"),
                urgency,
                text(ctx, "language"),
                assignee,
                unassigned,
                text(ctx, "tag") == null ? null : text(ctx, "tag").toLowerCase(Locale.ROOT),
                contact,
                sort,
                limit,
                offset,
                kind)));
  }

  private static InboxQueries.Sort sort(String s) {
    if (s == null) {
      return InboxQueries.Sort.RECENT;
    }
    try {
      return InboxQueries.Sort.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "sort must be one of [recent, urgency, waiting]");
    }
  }

  private void conversation(Context ctx) {
    long id = idParam(ctx);
    InboxQueries.ConversationRow c =
        inbox.conversation(id).orElseThrow(() -> new ApiException(404, "no conversation " + id));
    @SuppressWarnings("unchecked")
    Map<String, Object> body = json.convertValue(c, LinkedHashMap.class);
    body.put("sentimentTrend", inbox.sentimentTrend(id).orElse(null));
    body.put("messages", inbox.messages(id));
    ctx.json(body);
  }

  /**
   * Why a post that tags our Instagram account cannot be answered from here (ADR 0045): the Graph
   * API comments only on the account's own media ({@code POST /{media-id}/comments}) or, through
   * {@code POST /{ig-user-id}/mentions}, on media whose caption or comment @mentions it; a photo tag
   * is neither, and the media belongs to someone else.
   */
  static final String INSTAGRAM_TAG =
      "Instagram does not let a business account comment on someone else's media it is tagged in through the"
          + " Graph API (only on its own media, or where a caption or comment @mentions it); answer in the Instagram"
          + " app, or dismiss the post";

  private static boolean instagramTag(InboxQueries.ConversationRow c) {
    return "instagram".equals(c.channel()) && "mention".equals(c.kind());
  }

  private void reply(Context ctx) {
    UserStore.User user = Http.user(ctx);
    long id = idParam(ctx);
    String malformed = "body must be JSON like {\"text\": \"...\"}";
    JsonNode body = Http.valid(ctx.bodyValidator(JsonNode.class).check(b -> b.path("text").isTextual(), malformed), malformed);
    inbox.conversation(id).filter(ConversationApi::instagramTag).ifPresent(c -> {
      throw new ApiException(409, INSTAGRAM_TAG);
    });
    Optional<OutboxStore.Queued> queued;
    try {
      String override = body.path("override").isTextual() ? body.get("override").asText() : null;
      String agent = user.displayName() == null ? user.username() : user.displayName();
      // the last message the agent saw: a reply on a stale view is refused unless forced
      Long lastSeen =
          body.path("lastSeenMessageId").canConvertToLong() && !body.path("force").asBoolean(false)
              ? body.get("lastSeenMessageId").asLong()
              : null;
      queued = replies.queue(id, user.username(), agent, body.get("text").asText(), override, lastSeen);
    } catch (Replies.Stale e) {
      throw new ApiException(409, e.getMessage(), Map.of("messages", e.newer()));
    } catch (Replies.Rejected e) {
      throw new ApiException(
          422, e.getMessage(), e.voice() == null ? Map.of() : VoiceApi.body(e.voice()));
    }
    long messageId = queued.orElseThrow(() -> new ApiException(404, "no conversation " + id)).messageId();
    InboxQueries.MessageRow message =
        inbox.messages(id).stream().filter(m -> m.id() == messageId).findFirst().orElseThrow();
    ctx.status(202).json(message);
  }
}
