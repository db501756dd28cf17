package io.switchboard.channel.x;

import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.SendException;
import io.switchboard.model.OutboundMessage;
import io.switchboard.store.ChannelHealth;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies on X. In a public conversation the reply is a post answering the last customer
 * post ({@code reply.in_reply_to_tweet_id}), starting with "@username " of the conversation's
 * contact; in a private one it is a DM to the contact. Nothing is ever cut short: a public reply
 * over 280 characters as X counts them (the "@username " included) is refused, or posted as a
 * numbered thread when the account sets {@code split.long=true}; a DM over 10,000 is refused.
 *
 * <p>X does not let us choose a post's id, so {@link #assignExternalId} is empty and the id X
 * returns is recorded after the send. Before a second attempt, {@link #findSent} looks through our
 * own recent posts (or the DM conversation) for this reply, so a post that went out before a crash
 * or a timeout is not posted again. Thread-safe.
 */
public final class XSender implements ChannelSender {
  private static final Logger LOG = LoggerFactory.getLogger(XSender.class);
  private static final Pattern USERNAME = Pattern.compile("\\(@([A-Za-z0-9_]{1,15})\\)\\s*$");
  private static final int LOOKBACK_PAGES = 3;

  private final Map<String, XAccount> accounts;
  private final Map<String, XApi> apis;
  private final ChannelHealth health;

  XSender(List<XAccount> accounts, Map<String, XApi> apis, ChannelHealth health) {
    this.accounts = accounts.stream().collect(Collectors.toMap(XAccount::id, Function.identity()));
    this.apis = Map.copyOf(apis);
    this.health = health;
  }

  @Override
  public String channel() {
    return "x";
  }

  @Override
  public Optional<String> assignExternalId(String account) {
    account(account);
    return Optional.empty();
  }

  @Override
  public String send(OutboundMessage m) throws SendException {
    XAccount account = account(m.account());
    XApi api = apis.get(account.id());
    try {
      if (!m.isPublic()) {
        return sendDm(api, m);
      }
      List<String> posts = posts(account, m);
      String replyTo = m.inReplyTo();
      // a thread cut short by a failure goes on where it stopped, not from its start
      List<String> done = posts.size() > 1 ? postedChain(api, m, posts) : List.of();
      for (int i = 0; i < posts.size(); i++) {
        replyTo = i < done.size() ? done.get(i) : api.createPost(posts.get(i), replyTo);
      }
      return replyTo;
    } catch (XApiException e) {
      if (m.isPublic() && e.status() == 403 && e.getMessage().contains("duplicate content")) {
        // X refuses the same text twice: an earlier attempt we did not hear back from got through
        Optional<String> sent = findSent(m);
        if (sent.isPresent()) {
          LOG.info("{}: reply {} was already on X as {}", account.id(), m.messageId(), sent.get());
          return sent.get();
        }
      }
      throw sendFailed(account, e);
    }
  }

  private String sendDm(XApi api, OutboundMessage m) throws SendException, XApiException {
    int length = m.text().codePointCount(0, m.text().length());
    if (length > XText.MAX_DM) {
      throw new SendException(
          "direct message is " + length + " characters, over X's limit of " + XText.MAX_DM + "; shorten it", false, null);
    }
    return api.sendDm(recipient(m), m.text());
  }

  /** The reply's posts: one, or a numbered thread; refused when too long and not split. */
  private static List<String> posts(XAccount account, OutboundMessage m) throws SendException {
    if (m.inReplyTo() == null || m.inReplyTo().isBlank()) {
      throw new SendException("no customer post in this conversation to reply to", false, null);
    }
    String prefix = handle(m).map(h -> "@" + h + " ").orElse("");
    String text = m.text().strip();
    if (!prefix.isEmpty() && text.regionMatches(true, 0, prefix, 0, prefix.length())) {
      text = text.substring(prefix.length()).strip();
    }
    String post = prefix + text;
    int length = XText.weightedLength(post);
    if (length <= XText.MAX_POST) {
      return List.of(post);
    }
    if (!account.splitLong()) {
      throw new SendException(
          "reply is " + length + " characters as X counts them" + (prefix.isEmpty() ? "" : " (with \"" + prefix.strip() + " \" in front)")
              + ", over X's limit of " + XText.MAX_POST + "; shorten it, or set split.long=true to post a numbered thread",
          false,
          null);
    }
    List<String> thread = XText.split(prefix, text);
    if (thread.size() > account.maxParts()) {
      throw new SendException(
          "reply would take " + thread.size() + " posts, more than split.max.parts=" + account.maxParts() + "; shorten it",
          false,
          null);
    }
    return thread;
  }

  /** The conversation contact's username, from the name the normalizer gave it: "Name (@username)". */
  private static Optional<String> handle(OutboundMessage m) {
    if (m.recipientName() == null) {
      return Optional.empty();
    }
    Matcher u = USERNAME.matcher(m.recipientName());
    return u.find() ? Optional.of(u.group(1)) : Optional.empty();
  }

  private static String recipient(OutboundMessage m) throws SendException {
    if (m.recipientHandle() == null || !m.recipientHandle().matches("[0-9]{1,25}")) {
      throw new SendException("the contact has no X user id to send a DM to", false, null);
    }
    return m.recipientHandle();
  }

  /**
   * A retried reply that is already on X: a post of ours answering the same post with the same
   * text (and, for a thread, every part of it), or a DM of ours in the conversation after the
   * customer's last one with the same text.
   */
  @Override
  public Optional<String> findSent(OutboundMessage m) {
    XAccount account = account(m.account());
    XApi api = apis.get(account.id());
    try {
      if (!m.isPublic()) {
        return sentDm(api, account, m);
      }
      List<String> posts = posts(account, m);
      List<String> chain = postedChain(api, m, posts);
      return chain.size() == posts.size() ? Optional.of(chain.get(chain.size() - 1)) : Optional.empty();
    } catch (SendException e) {
      return Optional.empty();
    } catch (XApiException e) {
      LOG.warn("{}: cannot look on X for reply {}: {}", account.id(), m.messageId(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Ids of the leading posts of {@code posts} already on X, each answering the one before. */
  private static List<String> postedChain(XApi api, OutboundMessage m, List<String> posts) throws XApiException {
    List<XApi.OwnPost> ours = new ArrayList<>();
    String token = null;
    for (int page = 0; page < LOOKBACK_PAGES; page++) {
      // our reply is newer than the post it answers: since_id bounds the search
      XApi.OwnPosts found = api.ownPosts(m.inReplyTo(), token);
      ours.addAll(found.posts());
      token = found.nextToken();
      if (token == null) {
        break;
      }
    }
    List<String> chain = new ArrayList<>();
    String replyTo = m.inReplyTo();
    for (String text : posts) {
      String want = XText.comparable(text);
      String parent = replyTo;
      Optional<XApi.OwnPost> match =
          ours.stream()
              .filter(p -> parent.equals(p.inReplyTo()) && XText.comparable(p.text()).equals(want))
              .findFirst();
      if (match.isEmpty()) {
        break;
      }
      chain.add(match.get().id());
      replyTo = match.get().id();
    }
    return chain;
  }

  private static Optional<String> sentDm(XApi api, XAccount account, OutboundMessage m) throws XApiException, SendException {
    BigInteger after = m.inReplyTo() != null && m.inReplyTo().matches("[0-9]{1,25}") ? new BigInteger(m.inReplyTo()) : null;
    String want = XText.comparable(m.text());
    String token = null;
    for (int page = 0; page < LOOKBACK_PAGES; page++) {
      XApi.Page found = api.dmEventsWith(recipient(m), token);
      for (var event : found.items()) {
        BigInteger id = XApi.numericId(event);
        boolean ours = account.userId().equals(event.path("sender_id").asText());
        boolean later = after == null || (id != null && id.compareTo(after) > 0);
        if (ours && later && XText.comparable(event.path("text").asText("")).equals(want)) {
          return Optional.of(event.path("id").asText());
        }
      }
      boolean pastCustomerMessage =
          after != null && found.items().stream().map(XApi::numericId).anyMatch(i -> i != null && i.compareTo(after) <= 0);
      token = found.nextToken();
      if (token == null || pastCustomerMessage) {
        break;
      }
    }
    return Optional.empty();
  }

  private SendException sendFailed(XAccount account, XApiException e) {
    switch (e.kind()) {
      case AUTH -> {
        if (e.status() == 401) {
          health.credentialsRefused(account.id(), e.getMessage());
        }
        return new SendException(e.getMessage(), false, e);
      }
      case REJECTED -> {
        return new SendException(e.getMessage(), false, e);
      }
      case RATE_LIMITED -> {
        String until = e.resetAt() == null ? "" : " until " + e.resetAt();
        return new SendException(e.getMessage() + "; rate-limited" + until, true, e);
      }
      default -> {
        // 5xx, timeouts, an unreadable answer: X may have posted it; the retry looks first
        return new SendException(e.getMessage(), true, e);
      }
    }
  }

  private XAccount account(String id) {
    XAccount a = accounts.get(id);
    if (a == null) {
      throw new IllegalArgumentException("no X account " + id);
    }
    return a;
  }
}
