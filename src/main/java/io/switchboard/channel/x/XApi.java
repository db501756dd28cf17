package io.switchboard.channel.x;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import twitter4j.CreateTweetResponse;
import twitter4j.HttpClient;
import twitter4j.HttpClientFactory;
import twitter4j.HttpParameter;
import twitter4j.HttpResponse;
import twitter4j.JSONException;
import twitter4j.JSONObject;
import twitter4j.PaginationToken;
import twitter4j.Tweet;
import twitter4j.TweetsResponse;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.TwitterFactory;
import twitter4j.TwitterV2;
import twitter4j.TwitterV2ExKt;
import twitter4j.V2ConfigurationKt;
import twitter4j.auth.Authorization;
import twitter4j.conf.Configuration;
import twitter4j.conf.ConfigurationBuilder;

/**
 * The X API v2 calls of one account, through Twitter4J 4.0.7 and the takke v2 extension.
 *
 * <p>Posting ({@code POST /2/tweets}) and reading our own timeline ({@code GET
 * /2/users/:id/tweets}) go through the extension. The extension has no DM endpoints, so those are
 * called through Twitter4J's own HTTP client with the same signing. Mentions go that way too, although
 * the extension has them: its {@code getUserMentions} drops the response body when the JSON does not
 * parse, and that body must reach quarantine whole.
 *
 * <p>Twitter4J's own retrying is off ({@code httpRetryCount=0}): it would repeat a {@code POST} that
 * timed out after X had taken it. Callers retry, and the sender looks before posting again.
 * Thread-safe.
 */
final class XApi {
  static final String TWEET_FIELDS =
      "author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,entities,lang,note_tweet,attachments";
  static final String USER_FIELDS = "name,username";
  static final String DM_FIELDS = "id,event_type,text,sender_id,dm_conversation_id,created_at,participant_ids,attachments";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private final XAccount account;
  private final Authorization auth;
  private final HttpClient http;
  private final TwitterV2 v2;

  XApi(XAccount account) {
    this.account = account;
    int timeout = (int) Math.min(Integer.MAX_VALUE, account.httpTimeout().toMillis());
    ConfigurationBuilder cb =
        new ConfigurationBuilder()
            .setRestBaseURL(account.apiBase() + "/1.1/")
            .setHttpConnectionTimeout(timeout)
            .setHttpReadTimeout(timeout)
            .setHttpRetryCount(0)
            .setJSONStoreEnabled(false)
            .setGZIPEnabled(true);
    XAccount.Credentials c = account.credentials();
    if (!c.isBearer()) {
      cb.setOAuthConsumerKey(c.consumerKey())
          .setOAuthConsumerSecret(c.consumerSecret())
          .setOAuthAccessToken(c.accessToken())
          .setOAuthAccessTokenSecret(c.accessTokenSecret());
    }
    Configuration conf = cb.build();
    this.auth = XAuth.of(c, conf);
    Twitter twitter = new TwitterFactory(conf).getInstance(auth);
    this.v2 = TwitterV2ExKt.getV2(twitter);
    V2ConfigurationKt.getV2Configuration(twitter.getConfiguration()).setBaseURL(account.v2Url());
    this.http = HttpClientFactory.getInstance(conf.getHttpClientConfiguration());
  }

  /**
   * One page of a v2 list response.
   *
   * @param items the {@code data} elements, oldest first
   * @param newestId the highest id on the page, or null when it is empty
   * @param nextToken {@code meta.next_token}: older items are on the next page
   */
  record Page(List<JsonNode> items, Map<String, JsonNode> users, String newestId, String nextToken) {
    /** One item as a document of its own, shaped like a v2 single-object response. */
    byte[] document(JsonNode item) {
      ObjectNode doc = JSON.createObjectNode();
      doc.set("data", item);
      ArrayNode included = doc.putObject("includes").putArray("users");
      Set<String> ids = new LinkedHashSet<>();
      for (String field : List.of("author_id", "sender_id", "in_reply_to_user_id")) {
        if (item.hasNonNull(field)) {
          ids.add(item.get(field).asText());
        }
      }
      item.path("participant_ids").forEach(p -> ids.add(p.asText()));
      ids.stream().map(users::get).filter(u -> u != null).forEach(included::add);
      try {
        return JSON.writeValueAsBytes(doc);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** {@code GET /2/users/:id/mentions}: posts mentioning the brand, newer than {@code sinceId}. */
  Page mentions(String sinceId, String paginationToken) throws XApiException {
    List<HttpParameter> p = new ArrayList<>();
    p.add(new HttpParameter("max_results", account.pageSize()));
    p.add(new HttpParameter("tweet.fields", TWEET_FIELDS));
    p.add(new HttpParameter("expansions", "author_id"));
    p.add(new HttpParameter("user.fields", USER_FIELDS));
    if (sinceId != null) {
      p.add(new HttpParameter("since_id", sinceId));
    }
    if (paginationToken != null) {
      p.add(new HttpParameter("pagination_token", paginationToken));
    }
    String call = "GET /2/users/:id/mentions";
    return page(call, get(call, "users/" + account.userId() + "/mentions", p));
  }

  /**
   * {@code GET /2/tweets/search/recent}: posts of the last seven days matching the account's
   * listening query, newer than {@code sinceId}. Through the HTTP client, not the extension's {@code
   * searchRecent}, for the reason mentions are: an unreadable body must reach quarantine whole. The
   * authors come with their {@code public_metrics}, the reach the digest ranks posts by.
   */
  Page searchRecent(String sinceId, String nextToken) throws XApiException {
    List<HttpParameter> p = new ArrayList<>();
    p.add(new HttpParameter("query", account.listenQuery()));
    // search takes 10 to 100 results a page
    p.add(new HttpParameter("max_results", Math.max(10, account.pageSize())));
    p.add(new HttpParameter("tweet.fields", TWEET_FIELDS));
    p.add(new HttpParameter("expansions", "author_id"));
    p.add(new HttpParameter("user.fields", USER_FIELDS + ",public_metrics"));
    if (sinceId != null) {
      p.add(new HttpParameter("since_id", sinceId));
    }
    if (nextToken != null) {
      p.add(new HttpParameter("next_token", nextToken));
    }
    String call = "GET /2/tweets/search/recent";
    return page(call, get(call, "tweets/search/recent", p));
  }

  /** {@code GET /2/dm_events}: the account's DM events of every conversation, newest first. */
  Page dmEvents(String paginationToken) throws XApiException {
    String call = "GET /2/dm_events";
    return page(call, get(call, "dm_events", dmParams(paginationToken)));
  }

  /** {@code GET /2/dm_conversations/with/:participant_id/dm_events}: one 1:1 conversation. */
  Page dmEventsWith(String participantId, String paginationToken) throws XApiException {
    String call = "GET /2/dm_conversations/with/:participant_id/dm_events";
    return page(call, get(call, "dm_conversations/with/" + participantId + "/dm_events", dmParams(paginationToken)));
  }

  private List<HttpParameter> dmParams(String paginationToken) {
    List<HttpParameter> p = new ArrayList<>();
    p.add(new HttpParameter("max_results", account.pageSize()));
    p.add(new HttpParameter("event_types", "MessageCreate"));
    p.add(new HttpParameter("dm_event.fields", DM_FIELDS));
    p.add(new HttpParameter("expansions", "sender_id,participant_ids"));
    p.add(new HttpParameter("user.fields", USER_FIELDS));
    if (paginationToken != null) {
      p.add(new HttpParameter("pagination_token", paginationToken));
    }
    return p;
  }

  /** One of our own posts, as {@link #ownPosts} reads them. */
  record OwnPost(String id, String text, String inReplyTo) {}

  /** A page of our own recent posts, newest first. */
  record OwnPosts(List<OwnPost> posts, String nextToken) {}

  /** {@code GET /2/users/:id/tweets} through the v2 extension: our posts newer than {@code sinceId}. */
  OwnPosts ownPosts(String sinceId, String paginationToken) throws XApiException {
    try {
      TweetsResponse r =
          v2.getUserTweets(
              Long.parseLong(account.userId()),
              null,
              "retweets",
              null,
              100,
              null,
              paginationToken == null ? null : new PaginationToken(paginationToken),
              null,
              null,
              sinceId == null ? null : Long.parseLong(sinceId),
              null,
              "referenced_tweets,conversation_id,created_at",
              null,
              null);
      List<OwnPost> posts = new ArrayList<>();
      for (Tweet t : r.getTweets()) {
        Long replied = t.getRepliedToTweetId();
        posts.add(new OwnPost(Long.toString(t.getId()), t.getText(), replied == null ? null : replied.toString()));
      }
      PaginationToken next = r.getMeta() == null ? null : r.getMeta().getNextToken();
      return new OwnPosts(posts, next == null ? null : next.getValue());
    } catch (TwitterException e) {
      throw XApiException.from("GET /2/users/:id/tweets", e);
    }
  }

  /** {@code POST /2/tweets} through the v2 extension; returns the new post's id. */
  String createPost(String text, String inReplyTo) throws XApiException {
    try {
      CreateTweetResponse r =
          v2.createTweet(
              null, null, null, null, null, null, null, null, null,
              inReplyTo == null ? null : Long.parseLong(inReplyTo), null, text);
      return Long.toString(r.getId());
    } catch (TwitterException e) {
      throw XApiException.from("POST /2/tweets", e);
    }
  }

  /** {@code POST /2/dm_conversations/with/:participant_id/messages}; returns the DM event id. */
  String sendDm(String participantId, String text) throws XApiException {
    String call = "POST /2/dm_conversations/with/:participant_id/messages";
    HttpResponse res;
    try {
      JSONObject body = new JSONObject().put("text", text);
      res =
          http.post(
              account.v2Url() + "dm_conversations/with/" + participantId + "/messages",
              new HttpParameter[] {new HttpParameter(body)},
              auth,
              null);
    } catch (JSONException e) {
      throw new IllegalStateException(e);
    } catch (TwitterException e) {
      throw XApiException.from(call, e);
    }
    byte[] raw = read(call, res);
    try {
      JsonNode id = JSON.readTree(raw).path("data").path("dm_event_id");
      if (id.isTextual() && !id.asText().isBlank()) {
        return id.asText();
      }
    } catch (IOException e) {
      // fall through
    }
    // X took the DM but its answer cannot be read: retrying looks for it before sending again
    throw new XApiException(
        XApiException.Kind.TRANSIENT, res.getStatusCode(), call + ": no dm_event_id in X's answer", null, raw, null);
  }

  private byte[] get(String call, String path, List<HttpParameter> params) throws XApiException {
    HttpResponse res;
    try {
      res = http.get(account.v2Url() + path, params.toArray(new HttpParameter[0]), auth, null);
    } catch (TwitterException e) {
      throw XApiException.from(call, e);
    }
    return read(call, res);
  }

  private static byte[] read(String call, HttpResponse res) throws XApiException {
    try (InputStream in = res.asStream()) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new XApiException(XApiException.Kind.TRANSIENT, res.getStatusCode(), call + ": reading X's answer: " + e, null, null, e);
    } finally {
      try {
        res.disconnect();
      } catch (IOException e) {
        // the body is read; nothing else to release
      }
    }
  }

  private static Page page(String call, byte[] body) throws XApiException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      String problem = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw XApiException.malformed(call, problem, body);
    }
    if (root == null || !root.isObject()) {
      throw XApiException.malformed(call, "the body is not a JSON object", body);
    }
    JsonNode data = root.path("data");
    if (!data.isMissingNode() && !data.isArray()) {
      throw XApiException.malformed(call, "data is not an array", body);
    }
    Map<String, JsonNode> users = new LinkedHashMap<>();
    for (JsonNode u : root.path("includes").path("users")) {
      if (u.hasNonNull("id")) {
        users.put(u.get("id").asText(), u);
      }
    }
    List<JsonNode> items = new ArrayList<>();
    data.forEach(items::add);
    // oldest first, so a conversation starts with its first post; items without a numeric id last
    items.sort(Comparator.comparing(XApi::numericId, Comparator.nullsLast(Comparator.naturalOrder())));
    String newest = items.stream().map(XApi::numericId).filter(i -> i != null).max(Comparator.naturalOrder()).map(BigInteger::toString).orElse(null);
    JsonNode next = root.path("meta").path("next_token");
    return new Page(List.copyOf(items), Map.copyOf(users), newest, next.isTextual() ? next.asText() : null);
  }

  static BigInteger numericId(JsonNode item) {
    JsonNode id = item.path("id");
    String s = id.isTextual() || id.isNumber() ? id.asText() : "";
    return s.matches("[0-9]{1,25}") ? new BigInteger(s) : null;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
