package io.switchboard.workflow.contacts;

import static io.switchboard.api.Http.idParam;
import static io.switchboard.api.Http.jsonBody;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.api.Access;
import io.switchboard.api.ApiException;
import io.switchboard.api.ApiFeature;
import io.switchboard.api.Http;
import io.switchboard.store.ContactStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One customer across channels: {@code GET /api/contacts/{id}} (identities and conversations on
 * every channel), {@code GET /api/contacts/{id}/suggestions}, {@code POST /api/contacts/{id}/merge
 * {"other": id}}, {@code POST /api/contacts/{id}/merges/{merge}/undo} and {@code POST
 * /api/contacts/{id}/split {"identity": {"channel": …, "handle": …}}}. Anyone signed in reads;
 * agents, leads and admins merge and split. A contact id that was merged answers for the person
 * it belongs to.
 */
public final class ContactsApi implements ApiFeature {
  private final ContactStore store;
  private final ContactMatcher matcher;

  public ContactsApi(ContactStore store, ContactMatcher matcher) {
    this.store = store;
    this.matcher = matcher;
  }

  @Override
  public void register(RoutesConfig routes) {
    Access workers = Access.allow(Http.WORKERS, "merge or split contacts");
    routes.get("/api/contacts/{id}", ctx -> ctx.json(person(idParam(ctx))));
    routes.get("/api/contacts/{id}/suggestions", this::suggestions);
    routes.post("/api/contacts/{id}/merge", this::merge, workers);
    routes.post("/api/contacts/{id}/merges/{merge}/undo", this::undo, workers);
    routes.post("/api/contacts/{id}/split", this::split, workers);
  }

  private Map<String, Object> person(long id) {
    ContactStore.Person p = store.person(id).orElseThrow(() -> new ApiException(404, "no contact " + id));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("requestedId", id);
    out.put("name", p.displayName());
    out.put("names", p.names());
    out.put("language", p.language());
    out.put("contactIds", p.contactIds());
    out.put("identities", identities(p));
    List<Map<String, Object>> conversations = new ArrayList<>();
    for (ContactStore.ConversationRow c : p.conversations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("contactId", c.contactId());
      m.put("channel", c.channel());
      m.put("subject", c.subject());
      m.put("status", c.status());
      m.put("public", c.isPublic());
      m.put("sentiment", c.sentiment());
      m.put("sentimentScore", c.sentimentScore());
      m.put("messageCount", c.messageCount());
      m.put("lastMessageAt", c.lastMessageAt());
      conversations.add(m);
    }
    out.put("conversations", conversations);
    List<Map<String, Object>> merges = new ArrayList<>();
    for (ContactStore.Merge m : p.merges()) {
      merges.add(merge(m));
    }
    out.put("merges", merges);
    return out;
  }

  /** The stored identities, and the X username the X profile name carries. */
  static List<Map<String, Object>> identities(ContactStore.Person p) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ContactStore.Identity i : p.identities()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channel", i.channel());
      m.put("kind", kind(i));
      m.put("handle", i.handle());
      m.put("contactId", i.contactId());
      m.put("verified", i.verified());
      out.add(m);
    }
    for (String name : p.names()) {
      Matcher u = ContactMatcher.X_USERNAME.matcher(name);
      if (u.find()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", "x");
        m.put("kind", "x-handle");
        m.put("handle", "@" + u.group(1));
        m.put("verified", false);
        out.add(m);
      }
    }
    return out;
  }

  private static String kind(ContactStore.Identity i) {
    return switch (i.channel()) {
      case "email" -> "email";
      case "x" -> "x-user-id";
      // Messenger speaks with page-scoped ids, Page comments carry app-scoped ones
      case "facebook" -> i.privateConversation() ? "facebook-psid" : "facebook-asid";
      case "instagram" -> "instagram-id";
      default -> i.channel();
    };
  }

  private static Map<String, Object> merge(ContactStore.Merge m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("survivorId", m.survivorId());
    out.put("absorbedId", m.absorbedId());
    out.put("absorbedName", m.absorbedName());
    out.put("reason", m.reason());
    out.put("mergedBy", m.mergedBy());
    out.put("mergedAt", m.mergedAt());
    return out;
  }

  private void suggestions(Context ctx) {
    long id = idParam(ctx);
    long person = store.personOf(id).orElseThrow(() -> new ApiException(404, "no contact " + id));
    List<Map<String, Object>> out = new ArrayList<>();
    for (ContactMatcher.Suggestion s : matcher.suggestions(person)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("contactId", s.contactId());
      m.put("name", s.name());
      m.put("reasons", s.reasons());
      m.put("proven", s.proven());
      out.add(m);
    }
    ctx.json(Map.of("contactId", person, "suggestions", out));
  }

  private void merge(Context ctx) {
    long id = idParam(ctx);
    JsonNode body = jsonBody(ctx, "{\"other\": 12}");
    JsonNode other = body.get("other");
    if (other == null || !other.canConvertToLong() || !other.isIntegralNumber()) {
      throw new ApiException(400, "other must be a contact id, like {\"other\": 12}");
    }
    String reason = body.path("reason").asText(null);
    if (reason != null && reason.length() > 500) {
      throw new ApiException(400, "reason must have at most 500 characters");
    }
    ContactStore.Merge m = refusing(() -> store.merge(id, other.asLong(), Http.user(ctx).username(), reason));
    ctx.json(Map.of("merge", merge(m), "contact", person(m.survivorId())));
  }

  private void undo(Context ctx) {
    long id = idParam(ctx);
    long mergeId = Http.valid(ctx.pathParamAsClass("merge", Long.class), "merge must be a number");
    ContactStore.Merge m = refusing(() -> store.undo(id, mergeId, Http.user(ctx).username()));
    ctx.json(Map.of("undone", merge(m), "contact", person(m.survivorId()), "restored", person(m.absorbedId())));
  }

  private void split(Context ctx) {
    long id = idParam(ctx);
    JsonNode identity = jsonBody(ctx, "{\"identity\": {\"channel\": \"email\", \"handle\": \"ana@example.com\"}}").get("identity");
    String channel;
    String handle;
    if (identity != null && identity.isObject()) {
      channel = identity.path("channel").asText("");
      handle = identity.path("handle").asText("");
    } else if (identity != null && identity.isTextual() && identity.asText().indexOf(':') > 0) {
      channel = identity.asText().substring(0, identity.asText().indexOf(':'));
      handle = identity.asText().substring(identity.asText().indexOf(':') + 1);
    } else {
      throw new ApiException(400, "identity must be {\"channel\": …, \"handle\": …} or \"channel:handle\"");
    }
    if (channel.isBlank() || handle.isBlank()) {
      throw new ApiException(400, "identity needs a channel and a handle");
    }
    long target = refusing(() -> store.split(id, channel, handle, Http.user(ctx).username()));
    ctx.json(Map.of("contact", person(id), "split", person(target)));
  }

  private static <T> T refusing(java.util.function.Supplier<T> change) {
    try {
      return change.get();
    } catch (ContactStore.Refused e) {
      throw new ApiException(e.status(), e.getMessage());
    }
  }
}
