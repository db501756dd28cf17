package io.switchboard.channel.x;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.MalformedInputException;
import io.switchboard.model.RawInbound;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One X post or DM event, as the poller hands it out (a v2 document: {@code data} and the users it
 * names in {@code includes.users}), to the conversation model.
 *
 * <ul>
 *   <li>A post is public; its thread key is X's {@code conversation_id}, so a reply chain is one
 *       conversation whoever writes in it, and the post it replies to is its thread ref.
 *   <li>A post the listening search found (ADR 0041) is a conversation of kind {@code mention},
 *       with the author's followers as its reach.
 *   <li>A DM is private; its thread key is {@code dm:} and the other person's user id, so one
 *       person's DMs are one conversation.
 *   <li>The contact is the author's user id (ids stay when people rename themselves), named "Name
 *       (@username)".
 *   <li>A post or DM of our own brand account comes back when we sent it: dedupe drops it, since the
 *       outbox recorded its id. One sent outside Switchboard (the X app) is not a customer message:
 *       it is kept with a note, marked auto-generated, and never attributed to a customer.
 * </ul>
 */
public final class XNormalizer implements InboundNormalizer {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final Pattern ID = Pattern.compile("[0-9]{1,25}");

  private final Map<String, XAccount> accounts;

  public XNormalizer(List<XAccount> accounts) {
    this.accounts = accounts.stream().collect(Collectors.toMap(XAccount::id, Function.identity()));
  }

  @Override
  public String channel() {
    return "x";
  }

  @Override
  public InboundMessage normalize(RawInbound raw) throws MalformedInputException {
    XAccount account = accounts.get(raw.account());
    if (account == null) {
      throw new MalformedInputException("no X account " + raw.account() + " is configured");
    }
    JsonNode root;
    try {
      root = JSON.readTree(raw.bytes());
    } catch (IOException e) {
      throw new MalformedInputException("not JSON (" + firstLine(e.getMessage()) + ")", e);
    }
    if (root == null || !root.path("data").isObject()) {
      throw new MalformedInputException("not one X post or DM event: no data object");
    }
    JsonNode data = root.get("data");
    Map<String, JsonNode> users = new HashMap<>();
    root.path("includes").path("users").forEach(u -> users.put(u.path("id").asText(), u));
    if (data.has("event_type")) {
      return dm(raw, account, data, users);
    }
    InboundMessage post = post(raw, account, data, users);
    // found by the listening search: a post about the brand that does not tag it (ADR 0041)
    return raw.sourceRef() != null && raw.sourceRef().startsWith(XAccount.Stream.LISTEN.cursorName() + "/")
        ? post.asMention(followers(users.get(post.contactHandle())))
        : post;
  }

  /** The author's followers, X's {@code public_metrics.followers_count}: the post's reach. */
  private static Long followers(JsonNode user) {
    JsonNode n = user == null ? null : user.path("public_metrics").path("followers_count");
    return n != null && n.canConvertToLong() ? n.asLong() : null;
  }

  private static InboundMessage post(RawInbound raw, XAccount account, JsonNode data, Map<String, JsonNode> users)
      throws MalformedInputException {
    String id = id(data, "id");
    String author = id(data, "author_id");
    String text = text(data);
    String conversation = data.hasNonNull("conversation_id") ? id(data, "conversation_id") : id;
    List<String> refs = new ArrayList<>();
    for (JsonNode ref : data.path("referenced_tweets")) {
      if ("replied_to".equals(ref.path("type").asText()) && ID.matcher(ref.path("id").asText()).matches()) {
        refs.add(ref.get("id").asText());
      }
    }
    List<String> notes = new ArrayList<>();
    boolean ours = author.equals(account.userId());
    if (ours) {
      notes.add("posted by our own account @" + account.handle() + " outside Switchboard; not a customer message");
    }
    for (JsonNode ref : data.path("referenced_tweets")) {
      if ("quoted".equals(ref.path("type").asText())) {
        notes.add("quotes post " + ref.path("id").asText());
      }
    }
    media(data, notes);
    String display = XText.withoutLeadingMentions(text);
    return new InboundMessage(
        "x",
        raw.account(),
        id,
        List.copyOf(refs),
        conversation,
        true,
        author,
        name(users.get(author), author),
        XText.subject(text),
        text,
        display,
        null,
        sentAt(data),
        List.of(),
        List.copyOf(notes),
        ours);
  }

  private static InboundMessage dm(RawInbound raw, XAccount account, JsonNode data, Map<String, JsonNode> users)
      throws MalformedInputException {
    String type = data.path("event_type").asText();
    if (!type.equals("MessageCreate")) {
      throw new MalformedInputException("DM event " + data.path("id").asText("?") + " is a " + type + ", not a message");
    }
    String id = id(data, "id");
    String sender = id(data, "sender_id");
    String text = text(data);
    boolean ours = sender.equals(account.userId());
    String other = ours ? otherParticipant(data, account.userId()) : sender;
    List<String> notes = new ArrayList<>();
    if (ours) {
      notes.add("sent by our own account @" + account.handle() + " outside Switchboard; not a customer message");
    }
    media(data, notes);
    return new InboundMessage(
        "x",
        raw.account(),
        id,
        List.of(),
        "dm:" + other,
        false,
        sender,
        name(users.get(sender), sender),
        XText.subject(text),
        text,
        text,
        null,
        sentAt(data),
        List.of(),
        List.copyOf(notes),
        ours);
  }

  /** In a 1:1 conversation, {@code dm_conversation_id} is both user ids joined by "-". */
  private static String otherParticipant(JsonNode data, String us) throws MalformedInputException {
    for (String part : data.path("dm_conversation_id").asText("").split("-")) {
      if (ID.matcher(part).matches() && !part.equals(us)) {
        return part;
      }
    }
    for (JsonNode p : data.path("participant_ids")) {
      if (!p.asText().equals(us)) {
        return p.asText();
      }
    }
    throw new MalformedInputException("DM " + data.path("id").asText("?") + " from us names no other participant");
  }

  private static String id(JsonNode data, String field) throws MalformedInputException {
    String v = data.path(field).asText("");
    if (!ID.matcher(v).matches()) {
      throw new MalformedInputException(
          "X " + (data.has("event_type") ? "DM event " : "post ") + data.path("id").asText("?") + ": "
              + (v.isEmpty() ? "no " + field : field + " '" + v + "' is not an id"));
    }
    return v;
  }

  /** The full text: a long post's {@code note_tweet.text}, else {@code text}, unescaped. */
  private static String text(JsonNode data) throws MalformedInputException {
    JsonNode note = data.path("note_tweet").path("text");
    JsonNode text = note.isTextual() ? note : data.path("text");
    if (!text.isTextual()) {
      throw new MalformedInputException("X item " + data.path("id").asText("?") + ": no text");
    }
    return XText.unescape(text.asText());
  }

  private static void media(JsonNode data, List<String> notes) {
    int n = data.path("attachments").path("media_keys").size();
    if (n > 0) {
      notes.add(n + " media attachment" + (n == 1 ? "" : "s") + " on X, not downloaded");
    }
  }

  private static Instant sentAt(JsonNode data) {
    String at = data.path("created_at").asText("");
    try {
      return at.isEmpty() ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** "Name (@username)", or what of it X sent, or the id. */
  static String name(JsonNode user, String id) {
    if (user == null) {
      return id;
    }
    String name = user.path("name").asText("").strip();
    String username = user.path("username").asText("").strip();
    if (username.isEmpty()) {
      return name.isEmpty() ? id : name;
    }
    return name.isEmpty() ? "@" + username : name + " (@" + username + ")";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
