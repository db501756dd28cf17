package io.switchboard.sim.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small X API v2 on loopback for tests and demo mode. It speaks the wire format of exactly the
 * endpoints Switchboard calls: the paths, query parameters ({@code since_id}, {@code
 * pagination_token}, {@code max_results}, {@code *.fields}, {@code expansions}), the {@code
 * data}/{@code includes}/{@code meta} bodies with {@code next_token}, v2 problem-detail error
 * bodies, {@code x-rate-limit-*} headers, OAuth 1.0a signatures (checked) or a bearer token. Posts
 * and DMs live in memory.
 *
 * <p>Tests add customer posts and DMs, read what the brand posted, and script faults: the next N
 * calls of an endpoint answer 429 with a reset time, a 5xx, a body that is not JSON, 401, or come
 * slowly. Thread-safe.
 */
public final class XApiSimulator implements AutoCloseable {
  public static final String MENTIONS = "GET /2/users/:id/mentions";
  public static final String USER_POSTS = "GET /2/users/:id/tweets";
  public static final String LOOKUP = "GET /2/tweets";
  public static final String CREATE_POST = "POST /2/tweets";
  public static final String DM_EVENTS = "GET /2/dm_events";
  public static final String DM_CONVERSATION_EVENTS = "GET /2/dm_conversations/with/:participant_id/dm_events";
  public static final String SEND_DM = "POST /2/dm_conversations/with/:participant_id/messages";
  public static final String SEARCH_RECENT = "GET /2/tweets/search/recent";
  /** The longest query recent search takes. */
  public static final int MAX_QUERY = 512;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
  private static final Set<String> POST_DEFAULTS = Set.of("id", "text", "edit_history_tweet_ids");
  private static final Set<String> DM_DEFAULTS = Set.of("id", "event_type", "text");
  private static final Set<String> USER_DEFAULTS = Set.of("id", "name", "username");
  private static final Pattern LINK = Pattern.compile("(?i)https?://\\S+");
  private static final int WINDOW_LIMIT = 10_000;

  /** An X user. */
  public record User(String id, String name, String username) {}

  /** A post, as stored (text unescaped). */
  public record Post(
      String id, String authorId, String text, String conversationId, String inReplyToId, String inReplyToUserId, Instant createdAt, String lang) {}

  /** A MessageCreate DM event between two users. */
  public record DmEvent(String id, String senderId, String recipientId, String text, Instant createdAt) {
    /** X's id of a 1:1 conversation: both user ids, lower first, joined by "-". */
    public String conversationId() {
      long a = Long.parseLong(senderId);
      long b = Long.parseLong(recipientId);
      return Math.min(a, b) + "-" + Math.max(a, b);
    }
  }

  /** One request the simulator answered, for tests. */
  public record Request(String endpoint, String method, String path, Map<String, List<String>> query, int status, Instant at) {}

  /** A scripted fault for the next calls of an endpoint. */
  public static final class Fault {
    private final int status;
    private final Instant reset;
    private final boolean badJson;
    private final Duration delay;

    private Fault(int status, Instant reset, boolean badJson, Duration delay) {
      this.status = status;
      this.reset = reset;
      this.badJson = badJson;
      this.delay = delay;
    }

    /** 429 Too Many Requests with {@code x-rate-limit-reset} at {@code reset}. */
    public static Fault rateLimited(Instant reset) {
      return new Fault(429, reset, false, null);
    }

    /** An error status with X's problem-detail body (500, 503, 401, 403, ...). */
    public static Fault status(int status) {
      return new Fault(status, null, false, null);
    }

    /** 200 with a body cut off in the middle of the JSON. */
    public static Fault badJson() {
      return new Fault(200, null, true, null);
    }

    /** The normal answer, after {@code delay} (longer than the client's read timeout: a timeout). */
    public static Fault slow(Duration delay) {
      return new Fault(0, null, false, delay);
    }
  }

  private record Scripted(String endpoint, Fault fault, int[] skip, int[] left) {}

  private record Answer(int status, byte[] body) {}

  private final Object lock = new Object();
  private final Clock clock;
  private final User brand;
  private final String bearerToken;
  private final String[] oauth1;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final List<Post> posts = new ArrayList<>();
  private final List<DmEvent> dms = new ArrayList<>();
  private final Set<String> listedAsMentions = new LinkedHashSet<>();
  private final Map<String, Long> followers = new HashMap<>();
  private final Deque<Scripted> faults = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, long[]> windows = new HashMap<>();
  private long lastId;
  /**
   * The gaps between ids, as X's snowflake ids have: seeded by the brand, so a simulator started
   * again gives the same posts the same ids (a demo restarted on its data folder finds its seed
   * posts stored already instead of storing them twice).
   */
  private final Random idGaps;
  private boolean credentialsValid = true;
  private final Javalin app;

  private XApiSimulator(Builder b) {
    this.clock = Clock.systemUTC();
    this.brand = new User(b.brandId, b.brandName, b.brandUsername);
    this.bearerToken = b.bearerToken;
    this.oauth1 = b.oauth1;
    this.lastId = Math.max(1_860_000_000_000_000_000L, Long.parseLong(b.brandId));
    this.idGaps = new Random(lastId);
    users.put(brand.id(), brand);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.routes.get("/2/users/{id}/mentions", ctx -> serve(ctx, MENTIONS, this::mentions));
              config.routes.get("/2/users/{id}/tweets", ctx -> serve(ctx, USER_POSTS, this::userPosts));
              config.routes.get("/2/tweets/search/recent", ctx -> serve(ctx, SEARCH_RECENT, this::searchRecent));
              config.routes.get("/2/tweets", ctx -> serve(ctx, LOOKUP, this::lookup));
              config.routes.post("/2/tweets", ctx -> serve(ctx, CREATE_POST, this::createPost));
              config.routes.get("/2/dm_events", ctx -> serve(ctx, DM_EVENTS, this::dmEvents));
              config.routes.get(
                  "/2/dm_conversations/with/{participant_id}/dm_events", ctx -> serve(ctx, DM_CONVERSATION_EVENTS, this::dmEvents));
              config.routes.post(
                  "/2/dm_conversations/with/{participant_id}/messages", ctx -> serve(ctx, SEND_DM, this::sendDm));
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      problem(ctx, 404, "Not Found Error", "Sorry, that page does not exist.");
                    }
                  });
            });
    app.start("127.0.0.1", b.port);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How the simulator is set up: the brand account and the credentials it accepts. */
  public static final class Builder {
    private String brandId = "1577000000000000001";
    private String brandName = "Northwind Travel Gear";
    private String brandUsername = "NorthwindGear";
    private String bearerToken;
    private String[] oauth1;
    private int port;

    public Builder brand(String id, String name, String username) {
      this.brandId = id;
      this.brandName = name;
      this.brandUsername = username;
      return this;
    }

    /** Accepts {@code Authorization: Bearer token}. */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    /** Accepts OAuth 1.0a requests signed with these, and checks the signature. */
    public Builder oauth1(String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret) {
      this.oauth1 = new String[] {consumerKey, consumerSecret, accessToken, accessTokenSecret};
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public XApiSimulator start() {
      if (bearerToken == null && oauth1 == null) {
        throw new IllegalStateException("give a bearer token or OAuth 1.0a credentials");
      }
      return new XApiSimulator(this);
    }
  }

  public int port() {
    return app.port();
  }

  /** What an account's {@code api.base} should say to reach this simulator. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public User brand() {
    return brand;
  }

  // ---------------------------------------------------------------- what tests and the demo do

  /** The user with this username, created with {@code name} the first time. */
  public User user(String username, String name) {
    synchronized (lock) {
      for (User u : users.values()) {
        if (u.username().equalsIgnoreCase(username)) {
          return u;
        }
      }
      User u = new User(nextId(), name, username);
      users.put(u.id(), u);
      return u;
    }
  }

  /** A new post by {@code author} mentioning the brand (its handle is put in front if missing). */
  public String mention(User author, String text) {
    String handle = "@" + brand.username();
    return post(author, text.toLowerCase(Locale.ROOT).contains(handle.toLowerCase(Locale.ROOT)) ? text : handle + " " + text, null);
  }

  /** A new post by {@code author}, answering {@code inReplyTo} when not null. Returns its id. */
  public String post(User author, String text, String inReplyTo) {
    return post(author, text, inReplyTo, clock.instant(), null);
  }

  private String post(User author, String text, String inReplyTo, Instant at, String lang) {
    synchronized (lock) {
      Post parent = inReplyTo == null ? null : find(inReplyTo);
      if (inReplyTo != null && parent == null) {
        throw new IllegalArgumentException("no post " + inReplyTo);
      }
      String id = nextId();
      posts.add(
          new Post(id, author.id(), text, parent == null ? id : parent.conversationId(), inReplyTo,
              parent == null ? null : parent.authorId(), at, lang));
      return id;
    }
  }

  /** How many followers {@code user} has: {@code public_metrics.followers_count} (0 unless set). */
  public void followers(User user, long count) {
    synchronized (lock) {
      followers.put(user.id(), count);
    }
  }

  /** A DM from {@code sender} to the brand. Returns its event id. */
  public String dmFromCustomer(User sender, String text) {
    return dm(sender.id(), brand.id(), text, clock.instant());
  }

  private String dm(String from, String to, String text, Instant at) {
    synchronized (lock) {
      String id = nextId();
      dms.add(new DmEvent(id, from, to, text, at));
      return id;
    }
  }

  /** Shows a post in the brand's mentions too, as X does when a reply names the brand. */
  public void listInMentions(String postId) {
    synchronized (lock) {
      if (find(postId) == null) {
        throw new IllegalArgumentException("no post " + postId);
      }
      listedAsMentions.add(postId);
    }
  }

  public List<Post> postsBy(String userId) {
    synchronized (lock) {
      return posts.stream().filter(p -> p.authorId().equals(userId)).toList();
    }
  }

  /** What the brand posted, oldest first. */
  public List<Post> brandPosts() {
    return postsBy(brand.id());
  }

  /** DMs the brand sent, oldest first. */
  public List<DmEvent> brandDms() {
    synchronized (lock) {
      return dms.stream().filter(d -> d.senderId().equals(brand.id())).toList();
    }
  }

  /** The next {@code times} calls of {@code endpoint} (one of the constants; null: any) fail so. */
  public void failNext(String endpoint, int times, Fault fault) {
    failLater(endpoint, 0, times, fault);
  }

  /** After {@code skip} normal calls of {@code endpoint}, the next {@code times} fail so. */
  public void failLater(String endpoint, int skip, int times, Fault fault) {
    synchronized (lock) {
      faults.add(new Scripted(endpoint, fault, new int[] {skip}, new int[] {times}));
    }
  }

  /** Drops every scripted fault not used yet: the end of an outage. */
  public void clearFaults() {
    synchronized (lock) {
      faults.clear();
    }
  }

  /** With false, every call answers 401 (revoked tokens) until set back. */
  public void credentialsValid(boolean valid) {
    synchronized (lock) {
      credentialsValid = valid;
    }
  }

  public List<Request> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  public List<Request> requests(String endpoint) {
    synchronized (lock) {
      return requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    }
  }

  /**
   * Loads demo or test data: {@code {"users": [{"key","name","username"}], "posts": [{"key",
   * "author", "text", "minutesAgo", "replyTo", "lang"}], "dms": [{"from", "text", "minutesAgo"}]}}.
   * Authors and senders are user keys, or {@code brand}; posts may answer earlier posts by key.
   * Returns how many posts and DMs were added.
   */
  public int seed(InputStream json) throws IOException {
    JsonNode root = JSON.readTree(json);
    Map<String, User> byKey = new HashMap<>();
    byKey.put("brand", brand);
    for (JsonNode u : root.path("users")) {
      User user = user(u.path("username").asText(), u.path("name").asText());
      byKey.put(u.path("key").asText(), user);
      if (u.has("followers")) {
        followers(user, u.path("followers").asLong());
      }
    }
    record Item(JsonNode node, boolean isPost, long minutesAgo) {}
    List<Item> items = new ArrayList<>();
    root.path("posts").forEach(p -> items.add(new Item(p, true, p.path("minutesAgo").asLong())));
    root.path("dms").forEach(d -> items.add(new Item(d, false, d.path("minutesAgo").asLong())));
    // ids grow with time, as X's do: oldest first
    items.sort(Comparator.comparingLong(Item::minutesAgo).reversed());
    Map<String, String> postIds = new HashMap<>();
    Instant now = clock.instant();
    for (Item item : items) {
      JsonNode n = item.node();
      Instant at = now.minus(item.minutesAgo(), ChronoUnit.MINUTES);
      if (item.isPost()) {
        User author = require(byKey, n.path("author").asText());
        String replyTo = n.hasNonNull("replyTo") ? postIds.get(n.get("replyTo").asText()) : null;
        String id = post(author, n.path("text").asText(), replyTo, at, n.path("lang").asText(null));
        postIds.put(n.path("key").asText(id), id);
      } else {
        User from = require(byKey, n.path("from").asText());
        User to = from.equals(brand) ? require(byKey, n.path("to").asText()) : brand;
        dm(from.id(), to.id(), n.path("text").asText(), at);
      }
    }
    return items.size();
  }

  private static User require(Map<String, User> byKey, String key) {
    User u = byKey.get(key);
    if (u == null) {
      throw new IllegalArgumentException("seed names unknown user '" + key + "'");
    }
    return u;
  }

  @Override
  public void close() {
    app.stop();
  }

  // ---------------------------------------------------------------- the HTTP side

  private interface Handler {
    Answer handle(Context ctx);
  }

  private void serve(Context ctx, String endpoint, Handler handler) {
    Fault fault;
    synchronized (lock) {
      fault = takeFault(endpoint);
    }
    if (fault != null && fault.delay != null) {
      sleep(fault.delay);
    }
    Answer answer;
    Map<String, String> headers = new LinkedHashMap<>();
    synchronized (lock) {
      long[] window = window(endpoint);
      if (!authorized(ctx)) {
        answer = problemAnswer(401, "Unauthorized", "Unauthorized");
      } else if (fault != null && fault.status == 429) {
        window[1] = WINDOW_LIMIT;
        window[0] = fault.reset.getEpochSecond();
        answer = problemAnswer(429, "Too Many Requests", "Too Many Requests");
      } else if (fault != null && fault.status >= 400) {
        answer = problemAnswer(fault.status, title(fault.status), title(fault.status));
      } else if (window[1] >= WINDOW_LIMIT) {
        answer = problemAnswer(429, "Too Many Requests", "Too Many Requests");
      } else {
        window[1]++;
        answer = handler.handle(ctx);
        if (fault != null && fault.badJson && answer.status() < 300) {
          byte[] good = answer.body();
          answer = new Answer(200, Arrays.copyOf(good, Math.max(1, good.length / 2)));
        }
      }
      headers.put("x-rate-limit-limit", String.valueOf(WINDOW_LIMIT));
      headers.put("x-rate-limit-remaining", String.valueOf(Math.max(0, WINDOW_LIMIT - window[1])));
      headers.put("x-rate-limit-reset", String.valueOf(window[0]));
      requests.add(new Request(endpoint, ctx.method().name(), ctx.path(), Map.copyOf(ctx.queryParamMap()), answer.status(), clock.instant()));
    }
    headers.forEach(ctx::header);
    ctx.status(answer.status()).contentType("application/json; charset=utf-8").result(answer.body());
  }

  private Fault takeFault(String endpoint) {
    for (Scripted s : faults) {
      if (s.endpoint() == null || s.endpoint().equals(endpoint)) {
        if (s.skip()[0] > 0) {
          s.skip()[0]--;
          return null;
        }
        if (--s.left()[0] <= 0) {
          faults.remove(s);
        }
        return s.fault();
      }
    }
    return null;
  }

  /** The endpoint's 15-minute window: {reset epoch second, calls used}. */
  private long[] window(String endpoint) {
    long now = clock.instant().getEpochSecond();
    long[] w = windows.computeIfAbsent(endpoint, e -> new long[] {now + 900, 0});
    if (w[0] <= now) {
      w[0] = now + 900;
      w[1] = 0;
    }
    return w;
  }

  private boolean authorized(Context ctx) {
    if (!credentialsValid) {
      return false;
    }
    String header = ctx.header("Authorization");
    if (header == null) {
      return false;
    }
    if (bearerToken != null && header.equals("Bearer " + bearerToken)) {
      return true;
    }
    if (oauth1 == null) {
      return false;
    }
    Map<String, String> oauth = OAuth1Signature.parse(header);
    if (!oauth1[0].equals(oauth.get("oauth_consumer_key")) || !oauth1[2].equals(oauth.get("oauth_token"))) {
      return false;
    }
    String url = "http://" + ctx.host().toLowerCase(Locale.ROOT) + ctx.path();
    return OAuth1Signature.valid(oauth, ctx.method().name(), url, ctx.queryParamMap(), oauth1[1], oauth1[3]);
  }

  private Answer mentions(Context ctx) {
    String userId = ctx.pathParam("id");
    User user = users.get(userId);
    if (user == null) {
      return notFoundUser(userId);
    }
    String handle = "@" + user.username().toLowerCase(Locale.ROOT);
    Pattern mention = Pattern.compile("(?i)(?<![\\w@])" + Pattern.quote(handle) + "(?!\\w)");
    return timeline(ctx, p -> mention.matcher(p.text()).find() || listedAsMentions.contains(p.id()));
  }

  private Answer userPosts(Context ctx) {
    String userId = ctx.pathParam("id");
    if (!users.containsKey(userId)) {
      return notFoundUser(userId);
    }
    return timeline(ctx, p -> p.authorId().equals(userId));
  }

  /**
   * {@code GET /2/tweets/search/recent}: posts matching {@code query}, with X's limits (a query of
   * 1 to {@value #MAX_QUERY} characters, 10 to 100 results a page, {@code next_token} paging). The
   * query language is the subset listening uses ({@link SearchQuery}).
   */
  private Answer searchRecent(Context ctx) {
    String query = ctx.queryParam("query");
    if (query == null || query.isBlank()) {
      return invalid("query", "", "The `query` query parameter can not be empty");
    }
    if (query.length() > MAX_QUERY) {
      return invalid("query", query, "The `query` query parameter value [" + query + "] is not between 1 and " + MAX_QUERY + " characters");
    }
    SearchQuery q;
    try {
      q = SearchQuery.parse(query);
    } catch (IllegalArgumentException e) {
      return invalid("query", query, "There were errors processing your request: " + e.getMessage());
    }
    return timeline(ctx, p -> q.matches(p.text(), users.get(p.authorId()).username()), 10, "next_token");
  }

  /** A reverse-chronological list of posts with since_id, until_id, max_results and paging. */
  private Answer timeline(Context ctx, Predicate<Post> filter) {
    return timeline(ctx, filter, 5, "pagination_token");
  }

  private Answer timeline(Context ctx, Predicate<Post> filter, int minResults, String tokenParam) {
    Integer max = intParam(ctx, "max_results", 10, minResults, 100);
    if (max == null) {
      return invalid("max_results", ctx.queryParam("max_results"), "The `max_results` query parameter value [" + ctx.queryParam("max_results") + "] is not between " + minResults + " and 100");
    }
    Long since = idParam(ctx, "since_id");
    Long until = idParam(ctx, "until_id");
    if (since != null && since < 0 || until != null && until < 0) {
      return invalid("since_id", ctx.queryParam("since_id"), "since_id and until_id must be post ids");
    }
    List<Post> all =
        posts.stream()
            .filter(filter)
            .filter(p -> since == null || Long.parseLong(p.id()) > since)
            .filter(p -> until == null || Long.parseLong(p.id()) < until)
            .sorted(Comparator.comparingLong((Post p) -> Long.parseLong(p.id())).reversed())
            .toList();
    Integer offset = offset(ctx, tokenParam);
    if (offset == null) {
      String t = ctx.queryParam(tokenParam);
      return invalid(tokenParam, t, "The `" + tokenParam + "` query parameter value [" + t + "] is not valid");
    }
    List<Post> page = all.subList(Math.min(offset, all.size()), Math.min(offset + max, all.size()));
    Fields f = new Fields(ctx, "tweet.fields", POST_DEFAULTS);
    ObjectNode body = JSON.createObjectNode();
    if (!page.isEmpty()) {
      ArrayNode data = body.putArray("data");
      page.forEach(p -> data.add(postJson(p, f)));
      includeUsers(body, ctx, page.stream().map(Post::authorId).toList(), Set.of("author_id"));
    }
    ObjectNode meta = body.putObject("meta");
    if (!page.isEmpty()) {
      meta.put("newest_id", page.get(0).id());
      meta.put("oldest_id", page.get(page.size() - 1).id());
    }
    pageTokens(meta, page.size(), offset, max, all.size());
    return ok(200, body);
  }

  /** The count of a page and the tokens of the pages beside it, as X's {@code meta} gives them. */
  private static void pageTokens(ObjectNode meta, int count, int offset, int max, int total) {
    meta.put("result_count", count);
    if (offset + max < total) {
      meta.put("next_token", token(offset + max));
    }
    if (offset > 0) {
      meta.put("previous_token", token(Math.max(0, offset - max)));
    }
  }

  private Answer lookup(Context ctx) {
    String ids = ctx.queryParam("ids");
    if (ids == null || ids.isBlank()) {
      return invalid("ids", "", "The `ids` query parameter can not be empty");
    }
    Fields f = new Fields(ctx, "tweet.fields", POST_DEFAULTS);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = JSON.createArrayNode();
    ArrayNode errors = JSON.createArrayNode();
    List<String> authors = new ArrayList<>();
    for (String id : ids.split(",")) {
      Post p = find(id.strip());
      if (p == null) {
        ObjectNode e = errors.addObject();
        e.put("value", id).put("detail", "Could not find tweet with ids: [" + id + "].").put("title", "Not Found Error")
            .put("resource_type", "tweet").put("parameter", "ids").put("resource_id", id)
            .put("type", "https://api.twitter.com/2/problems/resource-not-found");
      } else {
        data.add(postJson(p, f));
        authors.add(p.authorId());
      }
    }
    if (!data.isEmpty()) {
      body.set("data", data);
      includeUsers(body, ctx, authors, Set.of("author_id"));
    }
    if (!errors.isEmpty()) {
      body.set("errors", errors);
    }
    return ok(200, body);
  }

  private Answer createPost(Context ctx) {
    JsonNode req = jsonBody(ctx);
    if (req == null || !req.path("text").isTextual() || req.path("text").asText().isBlank()) {
      return invalidBody("text is required");
    }
    String text = req.get("text").asText();
    if (weighted(text) > 280) {
      return problemAnswer(403, "Forbidden", "Your post is too long: " + weighted(text) + " characters, the limit is 280.");
    }
    String replyTo = req.path("reply").path("in_reply_to_tweet_id").asText(null);
    if (replyTo != null && find(replyTo) == null) {
      return problemAnswer(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.");
    }
    if (posts.stream().anyMatch(p -> p.authorId().equals(brand.id()) && p.text().equals(text))) {
      return problemAnswer(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
    }
    String id = post(brand, text, replyTo, clock.instant(), null);
    ObjectNode body = JSON.createObjectNode();
    ObjectNode data = body.putObject("data");
    data.put("id", id);
    data.put("text", escape(text));
    data.putArray("edit_history_tweet_ids").add(id);
    return ok(201, body);
  }

  private Answer dmEvents(Context ctx) {
    Integer max = intParam(ctx, "max_results", 100, 1, 100);
    if (max == null) {
      return invalid("max_results", ctx.queryParam("max_results"), "The `max_results` query parameter value [" + ctx.queryParam("max_results") + "] is not between 1 and 100");
    }
    String with = ctx.pathParamMap().get("participant_id");
    if (with != null && !users.containsKey(with)) {
      return notFoundUser(with);
    }
    String types = ctx.queryParam("event_types");
    if (types != null && !Set.of("MessageCreate", "ParticipantsJoin", "ParticipantsLeave").containsAll(Arrays.asList(types.split(",")))) {
      return invalid("event_types", types, "The `event_types` query parameter value [" + types + "] is not one of [MessageCreate, ParticipantsJoin, ParticipantsLeave]");
    }
    List<DmEvent> all =
        dms.stream()
            .filter(d -> d.senderId().equals(brand.id()) || d.recipientId().equals(brand.id()))
            .filter(d -> with == null || d.senderId().equals(with) || d.recipientId().equals(with))
            .filter(d -> types == null || types.contains("MessageCreate"))
            .sorted(Comparator.comparingLong((DmEvent d) -> Long.parseLong(d.id())).reversed())
            .toList();
    Integer offset = offset(ctx);
    if (offset == null) {
      return invalidToken(ctx);
    }
    List<DmEvent> page = all.subList(Math.min(offset, all.size()), Math.min(offset + max, all.size()));
    Fields f = new Fields(ctx, "dm_event.fields", DM_DEFAULTS);
    ObjectNode body = JSON.createObjectNode();
    if (!page.isEmpty()) {
      ArrayNode data = body.putArray("data");
      for (DmEvent d : page) {
        ObjectNode e = data.addObject();
        e.put("id", d.id());
        e.put("event_type", "MessageCreate");
        e.put("text", escape(d.text()));
        f.put(e, "sender_id", d.senderId());
        f.put(e, "dm_conversation_id", d.conversationId());
        f.put(e, "created_at", CREATED_AT.format(d.createdAt()));
      }
      List<String> people = new ArrayList<>();
      page.forEach(d -> people.add(d.senderId()));
      includeUsers(body, ctx, people, Set.of("sender_id"));
    }
    pageTokens(body.putObject("meta"), page.size(), offset, max, all.size());
    return ok(200, body);
  }

  private Answer sendDm(Context ctx) {
    String to = ctx.pathParam("participant_id");
    if (!users.containsKey(to) || to.equals(brand.id())) {
      return problemAnswer(400, "Invalid Request", "One or more parameters to your request was invalid: participant_id " + to);
    }
    JsonNode req = jsonBody(ctx);
    if (req == null || !req.path("text").isTextual() || req.path("text").asText().isEmpty()) {
      return invalidBody("text is required");
    }
    String text = req.get("text").asText();
    if (text.codePointCount(0, text.length()) > 10_000) {
      return invalidBody("text is longer than 10000 characters");
    }
    String id = dm(brand.id(), to, text, clock.instant());
    ObjectNode body = JSON.createObjectNode();
    ObjectNode data = body.putObject("data");
    data.put("dm_conversation_id", dms.get(dms.size() - 1).conversationId());
    data.put("dm_event_id", id);
    return ok(201, body);
  }

  // ---------------------------------------------------------------- wire details

  /** The fields a request asked for, beside the defaults every object has. */
  private static final class Fields {
    private final Set<String> wanted = new LinkedHashSet<>();

    Fields(Context ctx, String param, Set<String> defaults) {
      wanted.addAll(defaults);
      String asked = ctx.queryParam(param);
      if (asked != null) {
        wanted.addAll(Arrays.asList(asked.split(",")));
      }
    }

    boolean has(String field) {
      return wanted.contains(field);
    }

    void put(ObjectNode o, String field, String value) {
      if (value != null && has(field)) {
        o.put(field, value);
      }
    }
  }

  private ObjectNode postJson(Post p, Fields f) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", p.id());
    boolean isLong = weighted(p.text()) > 280;
    o.put("text", escape(isLong ? p.text().substring(0, p.text().offsetByCodePoints(0, Math.min(270, p.text().codePointCount(0, p.text().length())))) + "…" : p.text()));
    o.putArray("edit_history_tweet_ids").add(p.id());
    f.put(o, "author_id", p.authorId());
    f.put(o, "conversation_id", p.conversationId());
    f.put(o, "created_at", CREATED_AT.format(p.createdAt()));
    f.put(o, "in_reply_to_user_id", p.inReplyToUserId());
    f.put(o, "lang", p.lang() != null ? p.lang() : "und");
    if (f.has("referenced_tweets") && p.inReplyToId() != null) {
      o.putArray("referenced_tweets").addObject().put("type", "replied_to").put("id", p.inReplyToId());
    }
    if (f.has("entities")) {
      ArrayNode mentions = JSON.createArrayNode();
      Matcher m = Pattern.compile("(?<![\\w@])@(\\w{1,15})").matcher(p.text());
      while (m.find()) {
        User u = users.values().stream().filter(x -> x.username().equalsIgnoreCase(m.group(1))).findFirst().orElse(null);
        ObjectNode e = mentions.addObject().put("start", m.start()).put("end", m.end()).put("username", m.group(1));
        if (u != null) {
          e.put("id", u.id());
        }
      }
      if (!mentions.isEmpty()) {
        o.putObject("entities").set("mentions", mentions);
      }
    }
    if (isLong && f.has("note_tweet")) {
      o.putObject("note_tweet").put("text", escape(p.text()));
    }
    return o;
  }

  private void includeUsers(ObjectNode body, Context ctx, List<String> ids, Set<String> expansionsThatIncludeThem) {
    String expansions = ctx.queryParam("expansions");
    if (expansions == null || Arrays.stream(expansions.split(",")).noneMatch(expansionsThatIncludeThem::contains)) {
      return;
    }
    Fields f = new Fields(ctx, "user.fields", USER_DEFAULTS);
    ArrayNode out = body.putObject("includes").putArray("users");
    new LinkedHashSet<>(ids).stream().map(users::get).filter(u -> u != null).forEach(u -> {
      ObjectNode o = out.addObject();
      o.put("id", u.id());
      f.put(o, "name", u.name());
      f.put(o, "username", u.username());
      if (f.has("public_metrics")) {
        o.putObject("public_metrics")
            .put("followers_count", followers.getOrDefault(u.id(), 0L))
            .put("following_count", 0)
            .put("tweet_count", posts.stream().filter(p -> p.authorId().equals(u.id())).count())
            .put("listed_count", 0);
      }
    });
  }

  private Post find(String id) {
    return posts.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
  }

  private String nextId() {
    lastId += 1 + idGaps.nextInt(4096);
    return Long.toString(lastId);
  }

  /** X escapes these three in text. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A rough version of X's counting (links 23, wide characters 2), enough to refuse a long post. */
  private static int weighted(String text) {
    String s = LINK.matcher(text).replaceAll("x".repeat(23));
    int n = 0;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      int cp = s.codePointAt(i);
      n += cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247) || cp == 0xFE0F ? 1 : 2;
    }
    return n;
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("pg1:" + offset).getBytes(StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT).replace('-', 'x') + "." + offset;
  }

  /** The offset a pagination token stands for: 0 without one, null when it is not ours. */
  private static Integer offset(Context ctx) {
    return offset(ctx, "pagination_token");
  }

  private static Integer offset(Context ctx, String param) {
    String t = ctx.queryParam(param);
    if (t == null) {
      return 0;
    }
    int dot = t.lastIndexOf('.');
    try {
      int offset = Integer.parseInt(t.substring(dot + 1));
      return token(offset).equals(t) ? offset : null;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static Integer intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      return n < min || n > max ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long idParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    return v.matches("[0-9]{1,19}") ? Long.parseLong(v) : -1L;
  }

  private static JsonNode jsonBody(Context ctx) {
    try {
      JsonNode n = JSON.readTree(ctx.body());
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Answer ok(int status, ObjectNode body) {
    try {
      return new Answer(status, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Answer notFoundUser(String id) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("value", id).put("detail", "Could not find user with id: [" + id + "].")
        .put("title", "Not Found Error").put("resource_type", "user").put("parameter", "id").put("resource_id", id)
        .put("type", "https://api.twitter.com/2/problems/resource-not-found");
    return ok(200, body);
  }

  private static Answer invalid(String parameter, String value, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode e = body.putArray("errors").addObject();
    e.putObject("parameters").putArray(parameter).add(value == null ? "" : value);
    e.put("message", message);
    body.put("title", "Invalid Request");
    body.put("detail", "One or more parameters to your request was invalid.");
    body.put("type", "https://api.twitter.com/2/problems/invalid-request");
    return ok(400, body);
  }

  private static Answer invalidToken(Context ctx) {
    String t = ctx.queryParam("pagination_token");
    return invalid("pagination_token", t, "The `pagination_token` query parameter value [" + t + "] is not valid");
  }

  private static Answer invalidBody(String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("message", message);
    body.put("title", "Invalid Request");
    body.put("detail", "One or more parameters to your request was invalid.");
    body.put("type", "https://api.twitter.com/2/problems/invalid-request");
    return ok(400, body);
  }

  private static Answer problemAnswer(int status, String title, String detail) {
    ObjectNode body = JSON.createObjectNode();
    body.put("title", title);
    body.put("detail", detail);
    body.put("type", "about:blank");
    body.put("status", status);
    return ok(status, body);
  }

  private static void problem(Context ctx, int status, String title, String detail) {
    Answer a = problemAnswer(status, title, detail);
    ctx.status(status).contentType("application/json; charset=utf-8").result(a.body());
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Invalid Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found Error";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
