package io.switchboard.channel.facebook;

import com.restfb.Parameter;
import com.restfb.json.JsonObject;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.SendException;
import io.switchboard.model.OutboundMessage;
import io.switchboard.store.ChannelHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies through the Graph API. On a public comment thread the reply is a comment under the
 * thread's top-level comment ({@code POST /{comment-id}/comments}, on Instagram {@code
 * /{comment-id}/replies}); in a private conversation it is a Send API message to the person
 * ({@code POST /{page-id}/messages}, {@code messaging_type=RESPONSE}).
 *
 * <p>Refusals that sending again cannot change (outside the messaging window, the person cannot be
 * reached, missing permission, too long) fail at once with Graph's reason; rate limits, transient
 * errors and a rejected token are retried by the outbox, which first asks {@link #findSent}
 * whether the reply is already there. Thread-safe.
 */
public final class FacebookSender implements ChannelSender {
  private static final Logger LOG = LoggerFactory.getLogger(FacebookSender.class);
  /** Messenger's limit on a text message, and Instagram's; comments allow 8,000. */
  static final int MESSENGER_MAX = 2000;
  static final int INSTAGRAM_DM_MAX = 1000;
  static final int COMMENT_MAX = 8000;
  /** Send API: outside the window in which the Page may answer (24 h after the person wrote). */
  private static final Set<Integer> WINDOW_SUBCODES = Set.of(2018278, 2534022);
  /** Send API: this person cannot get messages from the Page (blocked, deleted, unavailable). */
  private static final Set<Integer> UNREACHABLE_SUBCODES = Set.of(2018001, 2018108, 2018109, 1545041);

  private final String channel;
  private final Map<String, FacebookAccount> accounts;
  private final Map<String, Graph> graphs;
  private final ChannelHealth health;

  public FacebookSender(String channel, List<FacebookAccount> accounts, ChannelHealth health) {
    this.channel = channel;
    this.accounts = accounts.stream().collect(Collectors.toMap(FacebookAccount::id, Function.identity()));
    this.graphs =
        accounts.stream().collect(Collectors.toMap(FacebookAccount::id, a -> new Graph(a, Graph::plainSleep)));
    this.health = health;
  }

  @Override
  public String channel() {
    return channel;
  }

  /** Graph chooses the ids; nothing to assign before sending. */
  @Override
  public Optional<String> assignExternalId(String account) {
    return Optional.empty();
  }

  @Override
  public String send(OutboundMessage m) throws SendException {
    FacebookAccount a = account(m);
    String text = m.text() == null ? "" : m.text().strip();
    if (text.isEmpty()) {
      throw new SendException("empty reply", false, null);
    }
    try {
      String id = m.isPublic() ? comment(a, m, text) : message(a, m, text);
      if (id == null || id.isBlank()) {
        // it may have gone out: the retry asks findSent first
        throw new SendException("Graph API answered without an id", true, null);
      }
      return id;
    } catch (GraphError e) {
      throw refused(a, m, e);
    }
  }

  private String comment(FacebookAccount a, OutboundMessage m, String text) throws GraphError, SendException {
    String parent = parent(m);
    if (text.length() > COMMENT_MAX) {
      throw new SendException("a comment takes at most " + COMMENT_MAX + " characters, this reply has " + text.length(), false, null);
    }
    JsonObject r = graph(a).publish(parent + "/" + repliesEdge(), Parameter.with("message", text));
    return Items.str(r, "id");
  }

  private String message(FacebookAccount a, OutboundMessage m, String text) throws GraphError, SendException {
    int max = channel.equals("instagram") ? INSTAGRAM_DM_MAX : MESSENGER_MAX;
    if (text.length() > max) {
      throw new SendException(platformName() + " takes at most " + max + " characters in a message, this reply has " + text.length(), false, null);
    }
    if (m.recipientHandle() == null || m.recipientHandle().isBlank()) {
      throw new SendException("no recipient id for this conversation", false, null);
    }
    JsonObject r =
        graph(a)
            .publish(
                a.pageId() + "/messages",
                Parameter.with("recipient", new JsonObject().add("id", m.recipientHandle()).toString()),
                Parameter.with("messaging_type", "RESPONSE"),
                Parameter.with("message", new JsonObject().add("text", text).toString()));
    return Items.str(r, "message_id");
  }

  /** The top-level comment a reply goes under: the thread's, wherever the last customer wrote. */
  private static String parent(OutboundMessage m) throws SendException {
    if (!m.references().isEmpty()) {
      return m.references().get(0);
    }
    if (m.inReplyTo() == null) {
      throw new SendException("no customer comment to reply to in this conversation", false, null);
    }
    return m.inReplyTo();
  }

  private String repliesEdge() {
    return channel.equals("instagram") ? "replies" : "comments";
  }

  private String platformName() {
    return channel.equals("instagram") ? "Instagram Direct" : "Messenger";
  }

  private SendException refused(FacebookAccount a, OutboundMessage m, GraphError e) {
    String reason = e.getMessage();
    switch (e.kind()) {
      case AUTH -> {
        health.credentialsRefused(a.id(), "access token rejected while replying (renew the Page token): " + reason);
        return new SendException("access token rejected (renew the Page token): " + reason, true, null);
      }
      case RATE_LIMIT, TRANSIENT, MALFORMED -> {
        return new SendException(reason, true, null);
      }
      default -> {
        if (!m.isPublic() && e.is(10) && (e.subcode() == null || WINDOW_SUBCODES.contains(e.subcode()))) {
          return new SendException(
              platformName() + " refused the reply: outside the messaging window (the Page may answer within 24 hours"
                  + " of the person's last message): " + reason,
              false,
              null);
        }
        if (!m.isPublic() && (e.is(551) || (e.subcode() != null && UNREACHABLE_SUBCODES.contains(e.subcode())))) {
          return new SendException(platformName() + " refused the reply: this person cannot be reached: " + reason, false, null);
        }
        return new SendException("Graph API refused the reply: " + reason, false, null);
      }
    }
  }

  /**
   * Our reply, if it is already there: a comment (or message) by us with the same text, written
   * after the customer message being answered.
   */
  @Override
  public Optional<String> findSent(OutboundMessage m) {
    FacebookAccount a = accounts.get(m.account());
    if (a == null || m.text() == null) {
      return Optional.empty();
    }
    try {
      return m.isPublic() ? findComment(a, m) : findMessage(a, m);
    } catch (GraphError | SendException e) {
      LOG.warn("{}: cannot look for an earlier copy of reply {}: {}", a.id(), m.messageId(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<String> findComment(FacebookAccount a, OutboundMessage m) throws GraphError, SendException {
    String parent = parent(m);
    boolean instagram = channel.equals("instagram");
    String textField = instagram ? "text" : "message";
    String timeField = instagram ? "timestamp" : "created_time";
    List<JsonObject> replies = new ArrayList<>();
    Graph.Page page =
        graph(a).list(parent + "/" + repliesEdge(), Parameter.withFields("id,from," + textField + "," + timeField), Parameter.withLimit(100));
    while (true) {
      replies.addAll(page.data());
      if (!page.hasNext()) {
        break;
      }
      page = graph(a).next(page);
    }
    // replies to the answered comment count; older ones answered something else
    Instant after = null;
    if (m.inReplyTo() != null && !m.inReplyTo().equals(parent)) {
      for (JsonObject r : replies) {
        if (m.inReplyTo().equals(Items.str(r, "id"))) {
          after = GraphTime.parse(Items.str(r, timeField));
        }
      }
    }
    for (JsonObject r : replies) {
      Instant t = GraphTime.parse(Items.str(r, timeField));
      if (isOurs(a, r) && sameText(Items.str(r, textField), m.text()) && (after == null || (t != null && !t.isBefore(after)))) {
        return Optional.ofNullable(Items.str(r, "id"));
      }
    }
    return Optional.empty();
  }

  private Optional<String> findMessage(FacebookAccount a, OutboundMessage m) throws GraphError {
    Graph.Page conversations =
        graph(a)
            .list(
                a.pageId() + "/conversations",
                Parameter.with("platform", channel.equals("instagram") ? "instagram" : "messenger"),
                Parameter.with("user_id", m.recipientHandle()),
                Parameter.withFields("id"));
    for (JsonObject c : conversations.data()) {
      Graph.Page page = graph(a).list(Items.str(c, "id") + "/messages", Parameter.withFields("id,message,from,created_time"), Parameter.withLimit(25));
      // newest first: ours must come before the message it answers
      for (int pages = 0; pages < 5; pages++) {
        for (JsonObject msg : page.data()) {
          String id = Items.str(msg, "id");
          if (id != null && id.equals(m.inReplyTo())) {
            return Optional.empty();
          }
          if (isOurs(a, msg) && sameText(Items.str(msg, "message"), m.text())) {
            return Optional.ofNullable(id);
          }
        }
        if (!page.hasNext()) {
          break;
        }
        page = graph(a).next(page);
      }
    }
    return Optional.empty();
  }

  private static boolean isOurs(FacebookAccount a, JsonObject o) {
    return a.ownId().equals(Items.str(Items.obj(o, "from"), "id"));
  }

  private static boolean sameText(String posted, String reply) {
    return posted != null && posted.strip().equals(reply.strip());
  }

  private FacebookAccount account(OutboundMessage m) throws SendException {
    FacebookAccount a = accounts.get(m.account());
    if (a == null) {
      throw new SendException("no " + channel + " account '" + m.account() + "' is configured", false, null);
    }
    return a;
  }

  private Graph graph(FacebookAccount a) {
    return graphs.get(a.id());
  }
}
