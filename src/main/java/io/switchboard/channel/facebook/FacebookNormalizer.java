package io.switchboard.channel.facebook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.MalformedInputException;
import io.switchboard.model.RawInbound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Graph items (as wrapped by {@link Items#wrap}) to the conversation model.
 *
 * <ul>
 *   <li>A comment thread under a post or Instagram media is one public conversation: the thread
 *       key is the top-level comment's id, and a reply names it in its thread refs too.
 *   <li>A Messenger or Instagram Direct conversation with one person is one private conversation,
 *       keyed by the Graph conversation id.
 *   <li>The contact is the author's page- or Instagram-scoped id; in a private conversation it is
 *       always the customer, also for a message our Page wrote.
 * </ul>
 *
 * Anything else, or an item without id, time or author, is malformed and goes to quarantine.
 * Stateless and thread-safe.
 */
public final class FacebookNormalizer implements InboundNormalizer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SUBJECT_EXCERPT = 60;

  private final String channel;

  /** @param channel {@code facebook} or {@code instagram} */
  public FacebookNormalizer(String channel) {
    this.channel = channel;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public InboundMessage normalize(RawInbound raw) throws MalformedInputException {
    JsonNode e;
    try {
      e = JSON.readTree(raw.bytes());
    } catch (java.io.IOException ex) {
      String why = ex instanceof JacksonException j ? j.getOriginalMessage() : ex.getMessage();
      throw new MalformedInputException("Graph API answered with malformed JSON: " + firstLine(why), ex);
    }
    if (e == null || !e.isObject() || !e.path("item").isObject()) {
      throw new MalformedInputException("not a Graph item: no \"item\" object in " + excerpt(new String(raw.bytes(), java.nio.charset.StandardCharsets.UTF_8), 80));
    }
    JsonNode item = e.get("item");
    String id = text(item, "id");
    if (id == null) {
      throw new MalformedInputException("Graph item without an id");
    }
    return switch (e.path("kind").asText()) {
      case "comment" -> comment(raw, e, item, id);
      case "message" -> message(raw, e, item, id);
      case "mention" -> mention(raw, e, item, id);
      default -> throw new MalformedInputException("unknown Graph item kind '" + e.path("kind").asText() + "'");
    };
  }

  private InboundMessage comment(RawInbound raw, JsonNode e, JsonNode item, String id) throws MalformedInputException {
    boolean instagram = channel.equals("instagram");
    Instant sentAt = time(item, instagram ? "timestamp" : "created_time", id);
    JsonNode from = item.path("from");
    String handle = text(from, "id");
    String username = text(item, "username") != null ? text(item, "username") : text(from, "username");
    String name = instagram ? (username == null ? null : "@" + username) : text(from, "name");
    if (handle == null && username != null) {
      handle = "@" + username; // older Instagram comments carry only the username
    }
    if (handle == null) {
      throw new MalformedInputException("comment " + id + " has no author (the token may lack pages_read_user_content)");
    }
    String parent = text(e, "parent") != null ? text(e, "parent") : text(item.path("parent"), "id");
    String threadKey = parent != null ? parent : id;
    JsonNode context = e.path("context");
    String about = instagram ? text(context, "caption") : text(context, "message");
    String subject =
        (instagram ? "Instagram comment" : "Comment")
            + (about == null || about.isBlank() ? "" : " on “" + excerpt(about, SUBJECT_EXCERPT) + "”");
    String body = withAttachments(text(item, instagram ? "text" : "message"), item);
    return new InboundMessage(
        channel,
        raw.account(),
        id,
        parent == null ? List.of() : List.of(parent),
        threadKey,
        true,
        handle,
        name,
        subject,
        body,
        body,
        null,
        sentAt,
        List.of(),
        List.of(),
        false);
  }

  private InboundMessage message(RawInbound raw, JsonNode e, JsonNode item, String id) throws MalformedInputException {
    Instant sentAt = time(item, "created_time", id);
    String own = text(e, "own");
    JsonNode context = e.path("context");
    String conversation = text(context, "id");
    if (conversation == null) {
      throw new MalformedInputException("message " + id + " has no conversation");
    }
    JsonNode from = item.path("from");
    String fromId = text(from, "id");
    if (fromId == null) {
      throw new MalformedInputException("message " + id + " has no sender");
    }
    String handle = fromId;
    String name = name(from);
    if (fromId.equals(own)) {
      // our Page wrote it: the conversation's contact is still the other person
      JsonNode to = item.path("to").path("data").path(0);
      JsonNode other = to.isMissingNode() ? otherParticipant(context, own) : to;
      if (text(other, "id") != null) {
        handle = text(other, "id");
        name = name(other);
      }
    }
    boolean instagram = "instagram".equals(text(context, "platform"));
    String body = withAttachments(text(item, "message"), item);
    String subject = (instagram ? "Instagram Direct" : "Messenger") + (name == null ? "" : " with " + name);
    return new InboundMessage(
        channel,
        raw.account(),
        id,
        List.of(),
        conversation,
        false,
        handle,
        name,
        subject,
        body,
        body,
        null,
        sentAt,
        List.of(),
        List.of(),
        false);
  }

  /**
   * A post found by listening (ADR 0041): a post tagging the Page, a visitor's post on it, or
   * Instagram media the account is tagged in. One public conversation per post, of kind {@code
   * mention}; a reply is a comment under the post.
   */
  private InboundMessage mention(RawInbound raw, JsonNode e, JsonNode item, String id) throws MalformedInputException {
    boolean instagram = channel.equals("instagram");
    Instant sentAt = time(item, instagram ? "timestamp" : "created_time", id);
    JsonNode from = item.path("from");
    String handle = text(from, "id");
    String name = text(from, "name");
    if (handle == null && text(item, "username") != null) {
      handle = "@" + text(item, "username"); // Instagram's tags edge names the author by username only
      name = handle;
    }
    if (handle == null) {
      throw new MalformedInputException("post " + id + " has no author");
    }
    String edge = text(e.path("context"), "type");
    String subject =
        switch (edge == null ? "" : edge) {
          case "visitor_posts" -> "Visitor post";
          case "tags" -> "Instagram post tagging us";
          default -> "Post tagging the Page";
        };
    String body = withAttachments(text(item, instagram ? "caption" : "message"), item);
    return new InboundMessage(
            channel, raw.account(), id, List.of(), id, true, handle, name,
            subject + (name == null ? "" : " by " + name), body, body, null, sentAt, List.of(), List.of(), false)
        .asMention(null);
  }

  private static JsonNode otherParticipant(JsonNode context, String own) {
    for (JsonNode p : context.path("participants").path("data")) {
      if (!own.equals(text(p, "id"))) {
        return p;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String name(JsonNode person) {
    String name = text(person, "name");
    if (name == null && text(person, "username") != null) {
      name = "@" + text(person, "username");
    }
    return name;
  }

  /** The text with a line per attachment (photos, stickers, files are not downloaded). */
  private static String withAttachments(String text, JsonNode item) {
    List<String> lines = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      lines.add(text);
    }
    JsonNode single = item.path("attachment");
    if (single.isObject()) {
      lines.add(attachmentLine(text(single, "type"), firstNonNull(text(single.path("media").path("image"), "src"), text(single, "url"))));
    }
    for (JsonNode a : item.path("attachments").path("data")) {
      lines.add(attachmentLine(text(a, "mime_type"), firstNonNull(text(a.path("image_data"), "url"), text(a, "file_url"))));
    }
    return lines.isEmpty() ? "(no text)" : String.join("\n", lines);
  }

  private static String attachmentLine(String type, String url) {
    return "[" + (type == null ? "attachment" : type) + (url == null ? "" : ": " + url) + "]";
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static Instant time(JsonNode item, String field, String id) throws MalformedInputException {
    Instant t = GraphTime.parse(text(item, field));
    if (t == null) {
      throw new MalformedInputException("Graph item " + id + " has no valid " + field + " ('" + text(item, field) + "')");
    }
    return t;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }

  private static String excerpt(String s, int max) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
