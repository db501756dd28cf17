package io.switchboard.sim.facebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Graph API stand-in on 127.0.0.1 for tests and demo mode. It speaks the wire format of the
 * endpoints the Facebook channel calls through RestFB, under the same {@code /v24.0/...} paths:
 *
 * <ul>
 *   <li>{@code GET /{page}/posts}, {@code GET /{post}/comments} ({@code filter=stream},
 *       {@code order}), {@code GET|POST /{comment}/comments}
 *   <li>{@code GET /{page}/conversations} ({@code platform}, {@code user_id}), {@code GET
 *       /{conversation}/messages}, {@code POST /{page}/messages} (Send API, with the 24-hour
 *       messaging window)
 *   <li>{@code GET /{ig-user}/media}, {@code GET /{media}/comments} (with {@code replies{...}}),
 *       {@code GET|POST /{ig-comment}/replies}
 * </ul>
 *
 * Lists come in {@code data}/{@code paging} envelopes with cursors and {@code next} links back to
 * the simulator; failures as Graph error objects ({@code message}, {@code type}, {@code code},
 * {@code error_subcode}, {@code fbtrace_id}). Data lives in memory. Tests script faults (an error
 * code for the next calls, a body that is not JSON, a page cut off mid-way, an expired token), add
 * what customers write and read what the Page posted. Thread-safe.
 */
public final class GraphApiSimulator implements AutoCloseable {
  public static final String VERSION = "v24.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
  private static final Duration WINDOW = Duration.ofHours(24);

  /** Something our side posted: a comment reply or a Send API message. */
  public record Posted(String id, String kind, String parentId, String recipientId, String text, Instant at) {}

  private record Person(String id, String name, String username) {}

  private record Post(String id, String message, Instant created, boolean instagram) {}

  private record Comment(String id, String objectId, String parentId, Person from, String text, Instant created, boolean instagram) {}

  private record Message(String id, Person from, Person to, String text, Instant created) {}

  /** A post by someone else that names us: on {@code tagged}, {@code visitor_posts} or Instagram {@code tags}. */
  private record Mention(String id, String edge, Person from, String text, Instant created) {}

  private static final class Thread {
    final String id;
    final String platform;
    final Person user;
    final List<Message> messages = new ArrayList<>();

    Thread(String id, String platform, Person user) {
      this.id = id;
      this.platform = platform;
      this.user = user;
    }

    Instant updated() {
      return messages.stream().map(Message::created).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }
  }

  private record Fault(String kind, int code, Integer subcode, Predicate<String> applies) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final String token;
  private final Person page;
  private final Person instagram;
  /** Each simulator in a JVM hands out ids from its own block: Graph ids are unique everywhere. */
  private static final AtomicLong BLOCKS = new AtomicLong();
  private final AtomicLong ids = new AtomicLong(100_000 + BLOCKS.getAndIncrement() * 10_000_000);
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, Post> posts = new LinkedHashMap<>();
  private final Map<String, Comment> comments = new LinkedHashMap<>();
  private final Map<String, Thread> threads = new LinkedHashMap<>();
  private final Map<String, Mention> mentions = new LinkedHashMap<>();
  private final List<Posted> posted = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<String> requestLog = new ArrayList<>();
  private final java.util.Set<String> windowExpired = new java.util.HashSet<>();
  private volatile boolean tokenExpired;
  private volatile int maxPageSize = 25;

  private GraphApiSimulator(Clock clock, String token, Person page, Person instagram) {
    this.clock = clock;
    this.token = token;
    this.page = page;
    this.instagram = instagram;
    try {
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Graph API simulator: " + e.getMessage(), e);
    }
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              java.lang.Thread t = new java.lang.Thread(r, "graph-sim");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A simulator for one Page (and its linked Instagram account) accepting {@code token}. */
  public static GraphApiSimulator start(String token, String pageId, String pageName, String instagramId, String instagramUsername) {
    return new GraphApiSimulator(
        Clock.systemUTC(),
        token,
        new Person(pageId, pageName == null ? "Page" : pageName, null),
        new Person(instagramId, null, instagramUsername == null ? "page" : instagramUsername));
  }

  /** {@code http://127.0.0.1:port}, for the account's {@code graph.url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String token() {
    return token;
  }

  public String pageId() {
    return page.id();
  }

  public String instagramId() {
    return instagram.id();
  }

  // ---- what customers do -------------------------------------------------------------------

  /** A new post by the Page; returns its id. */
  public synchronized String addPost(String message) {
    return addPost(message, now());
  }

  public synchronized String addPost(String message, Instant at) {
    String id = page.id() + "_" + ids.incrementAndGet();
    posts.put(id, new Post(id, message, at, false));
    return id;
  }

  /** A top-level comment on a post (or Instagram media) by a customer; returns its id. */
  public synchronized String comment(String objectId, String userId, String userName, String text) {
    return comment(objectId, userId, userName, text, now());
  }

  public synchronized String comment(String objectId, String userId, String userName, String text, Instant at) {
    Post p = postOrFail(objectId);
    Person who = p.instagram() ? new Person(userId, null, userName) : new Person(userId, userName, null);
    return addComment(p, null, who, text, at);
  }

  /** A customer's reply in the thread of {@code commentId}; returns its id. */
  public synchronized String reply(String commentId, String userId, String userName, String text) {
    return reply(commentId, userId, userName, text, now());
  }

  public synchronized String reply(String commentId, String userId, String userName, String text, Instant at) {
    Comment c = commentOrFail(commentId);
    Post p = posts.get(c.objectId());
    Person who = p.instagram() ? new Person(userId, null, userName) : new Person(userId, userName, null);
    return addComment(p, topLevel(c), who, text, at);
  }

  /** A Messenger message from a person to the Page; returns its id. */
  public synchronized String message(String psid, String name, String text) {
    return message("messenger", psid, name, text, now());
  }

  /** A message on {@code messenger} or {@code instagram} Direct, written at {@code at}. */
  public synchronized String message(String platform, String userId, String name, String text, Instant at) {
    Thread t = thread(platform, userId, name);
    Person who = platform.equals("instagram") ? new Person(userId, null, name) : new Person(userId, name, null);
    Message m = new Message("m_" + Base64.getUrlEncoder().withoutPadding().encodeToString(("msg" + ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8)), who, self(platform), text, at);
    t.messages.add(m);
    return m.id();
  }

  /** The Page answers in a comment thread itself, not through the API (e.g. on facebook.com). */
  public synchronized String pageReply(String commentId, String text, Instant at) {
    Comment c = commentOrFail(commentId);
    Post p = posts.get(c.objectId());
    return addComment(p, topLevel(c), p.instagram() ? instagram : page, text, at);
  }

  /** The Page writes in a conversation itself, not through the API (e.g. in the Business Suite inbox). */
  public synchronized String pageMessage(String platform, String userId, String text, Instant at) {
    Thread t = threads.values().stream().filter(x -> x.platform.equals(platform) && x.user.id().equals(userId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + platform + " conversation with " + userId));
    Message m = new Message("m_" + Base64.getUrlEncoder().withoutPadding().encodeToString(("page" + ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8)), self(platform), t.user, text, at);
    t.messages.add(m);
    return m.id();
  }

  /**
   * A post by someone else that names the Page (ADR 0041): {@code tagged} (a post elsewhere tagging
   * the Page), {@code visitor_posts} (left on the Page) or {@code tags} (Instagram media tagging the
   * account; {@code name} is then the username). Returns its id.
   */
  public synchronized String mention(String edge, String userId, String name, String text, Instant at) {
    if (!List.of("tagged", "visitor_posts", "tags").contains(edge)) {
      throw new IllegalArgumentException("no listening edge " + edge);
    }
    boolean ig = edge.equals("tags");
    String id = ig ? "1792" + ids.incrementAndGet() : userId + "_" + ids.incrementAndGet();
    mentions.put(id, new Mention(id, edge, ig ? new Person(userId, null, name) : new Person(userId, name, null), text, at));
    return id;
  }

  /** New Instagram media by the business account; returns its id. */
  public synchronized String addMedia(String caption) {
    return addMedia(caption, now());
  }

  public synchronized String addMedia(String caption, Instant at) {
    String id = "1790" + ids.incrementAndGet();
    posts.put(id, new Post(id, caption, at, true));
    return id;
  }

  // ---- what our side did ---------------------------------------------------------------------

  /** Everything the Page (or Instagram account) posted through the API, oldest first. */
  public synchronized List<Posted> posted() {
    return List.copyOf(posted);
  }

  /** API calls answered so far. */
  public int requests() {
    return requests.get();
  }

  /** Each call as method, path and query, oldest first (tokens sent in URLs included). */
  public synchronized List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  // ---- faults ------------------------------------------------------------------------------

  /** The next {@code times} calls answer with Graph error {@code code} (e.g. 1, 2, 4, 17, 32, 613, 190). */
  public synchronized void failNext(int times, int code) {
    failNext(times, code, null, path -> true);
  }

  /** The next {@code times} calls whose path and query pass {@code onPath} answer with the error. */
  public synchronized void failNext(int times, int code, Integer subcode, Predicate<String> onPath) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault("error", code, subcode, onPath));
    }
  }

  /** Drops every scripted fault not used yet: the end of an outage. */
  public synchronized void clearFaults() {
    faults.clear();
  }

  /** The next {@code times} calls answer 200 with a body that is not JSON. */
  public synchronized void malformedNext(int times) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault("malformed", 0, null, path -> true));
    }
  }

  /** The next {@code times} requests for a second or later page are cut off mid-body. */
  public synchronized void cutNextPages(int times) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault("cut", 0, null, path -> path.contains("after=")));
    }
  }

  /**
   * The Send API refuses messages to this person from now on, as when more than 24 hours passed
   * since they last wrote (a message written back-dated by {@link #message} does the same).
   */
  public synchronized void expireMessagingWindow(String userId) {
    windowExpired.add(userId);
  }

  /** From now on the token is expired (OAuthException 190/463) until {@link #renewToken}. */
  public void expireToken() {
    tokenExpired = true;
  }

  public void renewToken() {
    tokenExpired = false;
  }

  /** The most items per page, whatever {@code limit} asks (Graph caps pages too). */
  public void maxPageSize(int n) {
    maxPageSize = n;
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try {
      respond(ex);
    } catch (RuntimeException e) {
      send(ex, 500, error(1, null, "OAuthException", "An unknown error occurred: " + e, true), Map.of());
    } finally {
      ex.close(); // after a body cut off on purpose, closing short ends the connection
    }
  }

  private void respond(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String rawQuery = ex.getRequestURI().getRawQuery();
    Map<String, String> params = parse(rawQuery);
    if (method.equals("POST")) {
      params.putAll(parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    }
    String path = ex.getRequestURI().getPath();
    synchronized (this) {
      requestLog.add(method + " " + path + (rawQuery == null ? "" : "?" + rawQuery));
    }
    Fault fault = nextFault(path + "?" + (rawQuery == null ? "" : rawQuery));
    if (fault != null && fault.kind().equals("malformed")) {
      send(ex, 200, "{\"data\": [{\"id\": \"1_2\", \"message\": \"cut he", Map.of());
      return;
    }
    String auth = authProblem(ex, params);
    if (auth != null) {
      send(ex, 400, auth, Map.of());
      return;
    }
    if (fault != null && fault.kind().equals("error")) {
      sendError(ex, fault.code(), fault.subcode());
      return;
    }
    String body;
    try {
      body = route(method, path, params, rawQuery);
    } catch (GraphFault f) {
      send(ex, f.status, error(f.code, f.subcode, f.type, f.getMessage(), false), Map.of());
      return;
    }
    if (fault != null && fault.kind().equals("cut")) {
      // promise the whole body, send half, and end: the client sees the connection end mid-body
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
      ex.sendResponseHeaders(200, bytes.length);
      OutputStream out = ex.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      return;
    }
    send(ex, 200, body, Map.of());
  }

  private synchronized Fault nextFault(String pathAndQuery) {
    for (var it = faults.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (f.applies().test(pathAndQuery)) {
        it.remove();
        return f;
      }
    }
    return null;
  }

  private String authProblem(HttpExchange ex, Map<String, String> params) {
    String given = params.get("access_token");
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null && (header.startsWith("Bearer ") || header.startsWith("OAuth "))) {
      given = header.substring(header.indexOf(' ') + 1).trim();
    }
    if (given == null || given.isEmpty()) {
      return error(104, null, "OAuthException", "An access token is required to request this resource.", false);
    }
    if (!given.equals(token)) {
      return error(190, null, "OAuthException", "Invalid OAuth access token - Cannot parse access token", false);
    }
    if (tokenExpired) {
      return error(
          190,
          463,
          "OAuthException",
          "Error validating access token: Session has expired on Monday, 23-Nov-26 04:00:00 PST. The current time is "
              + TIME.format(now().atOffset(ZoneOffset.UTC)) + ".",
          false);
    }
    return null;
  }

  private void sendError(HttpExchange ex, int code, Integer subcode) throws IOException {
    String message =
        switch (code) {
          case 1 -> "An unknown error occurred";
          case 2 -> "An unexpected error has occurred. Please retry your request later.";
          case 4 -> "(#4) Application request limit reached";
          case 17 -> "(#17) User request limit reached";
          case 32 -> "(#32) Page request limit reached";
          case 613 -> "(#613) Calls to this api have exceeded the rate limit.";
          case 190 -> "Error validating access token: Session has expired.";
          case 10 -> "(#10) This message is sent outside of allowed window.";
          case 200 -> "(#200) Requires pages_messaging permission to manage the object";
          default -> "(#" + code + ") Simulated error";
        };
    boolean rateLimit = code == 4 || code == 17 || code == 32 || code == 613;
    Map<String, String> headers =
        rateLimit
            ? Map.of(
                "X-Business-Use-Case-Usage",
                "{\"" + page.id() + "\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":30,\"total_time\":40,\"estimated_time_to_regain_access\":0}]}")
            : Map.of();
    int status = code == 1 || code == 2 ? 500 : 400;
    send(ex, status, error(code, subcode, code == 100 ? "GraphMethodException" : "OAuthException", message, code == 1 || code == 2 || rateLimit), headers);
  }

  private static String error(int code, Integer subcode, String type, String message, boolean transientError) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", message);
    e.put("type", type);
    e.put("code", code);
    if (subcode != null) {
      e.put("error_subcode", subcode);
    }
    if (transientError) {
      e.put("is_transient", true);
    }
    e.put("fbtrace_id", "A" + Long.toHexString(Double.doubleToLongBits(Math.random())).toUpperCase(java.util.Locale.ROOT));
    return json(Map.of("error", e));
  }

  private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.getResponseHeaders().set("facebook-api-version", VERSION);
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /** A Graph error to answer with instead of data. */
  private static final class GraphFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int code;
    final Integer subcode;
    final String type;

    GraphFault(int status, int code, Integer subcode, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.subcode = subcode;
      this.type = type;
    }

    static GraphFault unknown(String method, String id) {
      return new GraphFault(
          400,
          100,
          33,
          "GraphMethodException",
          "Unsupported " + method.toLowerCase(java.util.Locale.ROOT) + " request. Object with ID '" + id
              + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
    }
  }

  private synchronized String route(String method, String path, Map<String, String> params, String rawQuery) {
    String prefix = "/" + VERSION + "/";
    if (!path.startsWith(prefix)) {
      throw new GraphFault(400, 2635, null, "OAuthException", "Unknown API version in " + path + "; this simulator speaks " + VERSION);
    }
    String[] parts = path.substring(prefix.length()).split("/");
    String id = parts[0];
    String edge = parts.length > 1 ? parts[1] : "";
    boolean get = method.equals("GET");
    if (get && edge.isEmpty()) {
      return object(id);
    }
    if (id.equals(page.id())) {
      return switch (edge) {
        case "posts" -> get ? list(path, rawQuery, params, postsOf(false).stream().map(this::postJson).toList()) : unsupported(method, id);
        case "conversations" -> get ? conversations(path, rawQuery, params) : unsupported(method, id);
        case "messages" -> get ? unsupported(method, id) : sendApi(params);
        case "tagged", "visitor_posts" -> get ? list(path, rawQuery, params, mentionsOn(edge)) : unsupported(method, id);
        default -> unsupported(method, id);
      };
    }
    if (id.equals(instagram.id()) && edge.equals("tags")) {
      return get ? list(path, rawQuery, params, mentionsOn(edge)) : unsupported(method, id);
    }
    if (mentions.containsKey(id) && !mentions.get(id).edge().equals("tags") && edge.equals("comments") && !get) {
      // the Page comments under a post that names it
      String text = params.get("message");
      if (text == null || text.isBlank()) {
        throw new GraphFault(400, 100, null, "OAuthException", "(#100) Missing message or attachment");
      }
      String reply = id.substring(id.indexOf('_') + 1) + "_" + ids.incrementAndGet();
      posted.add(new Posted(reply, "comment", id, null, text, now()));
      return json(Map.of("id", reply));
    }
    if (id.equals(instagram.id()) && edge.equals("media")) {
      return get ? list(path, rawQuery, params, postsOf(true).stream().map(this::mediaJson).toList()) : unsupported(method, id);
    }
    if (posts.containsKey(id) && edge.equals("comments") && get) {
      return postComments(path, rawQuery, params, posts.get(id));
    }
    if (comments.containsKey(id)) {
      Comment c = comments.get(id);
      boolean repliesEdge = c.instagram() ? edge.equals("replies") : edge.equals("comments");
      if (!repliesEdge) {
        return unsupported(method, id);
      }
      if (get) {
        List<Comment> replies = ordered(comments.values().stream().filter(r -> id.equals(r.parentId())).toList(), params);
        return list(path, rawQuery, params, replies.stream().map(this::commentJson).toList());
      }
      return ourReply(c, params.get("message"));
    }
    if (threads.containsKey(id) && edge.equals("messages") && get) {
      List<Message> newestFirst = new ArrayList<>(threads.get(id).messages);
      newestFirst.sort(Comparator.comparing(Message::created).thenComparing(Message::id).reversed());
      return list(path, rawQuery, params, newestFirst.stream().map(this::messageJson).toList());
    }
    return unsupported(method, id);
  }

  private static String unsupported(String method, String id) {
    throw GraphFault.unknown(method, id);
  }

  private String object(String id) {
    if (id.equals(page.id())) {
      return json(person(page));
    }
    if (comments.containsKey(id)) {
      return json(commentJson(comments.get(id)));
    }
    if (posts.containsKey(id)) {
      Post p = posts.get(id);
      return json(p.instagram() ? mediaJson(p) : postJson(p));
    }
    throw GraphFault.unknown("GET", id);
  }

  private List<Post> postsOf(boolean ig) {
    List<Post> list = new ArrayList<>(posts.values().stream().filter(p -> p.instagram() == ig).toList());
    list.sort(Comparator.comparing(Post::created).thenComparing(Post::id).reversed());
    return list;
  }

  private String postComments(String path, String rawQuery, Map<String, String> params, Post p) {
    boolean stream = "stream".equals(params.get("filter"));
    List<Comment> list =
        comments.values().stream().filter(c -> c.objectId().equals(p.id()) && (stream || c.parentId() == null)).toList();
    if (p.instagram()) {
      // Instagram lists top-level comments newest first, replies under {"replies": ...} on request
      List<Comment> top = new ArrayList<>(list.stream().filter(c -> c.parentId() == null).toList());
      top.sort(Comparator.comparing(Comment::created).thenComparing(Comment::id).reversed());
      boolean withReplies = params.getOrDefault("fields", "").contains("replies");
      List<Map<String, Object>> data = new ArrayList<>();
      for (Comment c : top) {
        Map<String, Object> j = commentJson(c);
        if (withReplies) {
          List<Map<String, Object>> replies =
              comments.values().stream().filter(r -> c.id().equals(r.parentId())).sorted(Comparator.comparing(Comment::created).thenComparing(Comment::id)).map(this::commentJson).toList();
          j.put("replies", embedded("/" + VERSION + "/" + c.id() + "/replies", replies));
        }
        data.add(j);
      }
      return list(path, rawQuery, params, data);
    }
    return list(path, rawQuery, params, ordered(list, params).stream().map(this::commentJson).toList());
  }

  private static List<Comment> ordered(List<Comment> list, Map<String, String> params) {
    List<Comment> sorted = new ArrayList<>(list);
    Comparator<Comment> byTime = Comparator.comparing(Comment::created).thenComparing(Comment::id);
    sorted.sort("reverse_chronological".equals(params.get("order")) ? byTime.reversed() : byTime);
    return sorted;
  }

  /** A field-expanded list (e.g. {@code replies{...}}): its first page, next pages by link. */
  private Map<String, Object> embedded(String path, List<Map<String, Object>> items) {
    Map<String, Object> e = new LinkedHashMap<>();
    int size = Math.min(items.size(), maxPageSize);
    e.put("data", items.subList(0, size));
    if (size > 0) {
      Map<String, Object> paging = new LinkedHashMap<>();
      paging.put("cursors", Map.of("before", cursor(items.get(0)), "after", cursor(items.get(size - 1))));
      if (size < items.size()) {
        paging.put("next", baseUrl() + path + "?limit=" + maxPageSize + "&after=" + cursor(items.get(size - 1)));
      }
      e.put("paging", paging);
    }
    return e;
  }

  private String conversations(String path, String rawQuery, Map<String, String> params) {
    String platform = params.getOrDefault("platform", "messenger");
    String user = params.get("user_id");
    List<Thread> list =
        new ArrayList<>(threads.values().stream().filter(t -> t.platform.equals(platform) && (user == null || t.user.id().equals(user))).toList());
    list.sort(Comparator.comparing(Thread::updated).thenComparing(t -> t.id).reversed());
    List<Map<String, Object>> data = new ArrayList<>();
    for (Thread t : list) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", t.id);
      j.put("updated_time", time(t.updated()));
      j.put("participants", Map.of("data", List.of(person(t.user), person(self(platform)))));
      data.add(j);
    }
    return list(path, rawQuery, params, data);
  }

  private String sendApi(Map<String, String> params) {
    String recipient;
    String text;
    try {
      recipient = JSON.readTree(params.getOrDefault("recipient", "{}")).path("id").asText(null);
      JsonNode message = JSON.readTree(params.getOrDefault("message", "{}"));
      text = message.path("text").asText(null);
    } catch (IOException e) {
      throw new GraphFault(400, 100, null, "OAuthException", "(#100) Param recipient must be a JSON object");
    }
    if (recipient == null) {
      throw new GraphFault(400, 100, null, "OAuthException", "(#100) The parameter recipient is required");
    }
    if (text == null || text.isBlank()) {
      throw new GraphFault(400, 100, null, "OAuthException", "(#100) Param message[text] must be a non-empty UTF-8 encoded string");
    }
    Optional<Thread> thread = threads.values().stream().filter(t -> t.user.id().equals(recipient)).findFirst();
    if (thread.isEmpty()) {
      throw new GraphFault(400, 100, 2018001, "OAuthException", "(#100) No matching user found");
    }
    Thread t = thread.get();
    Instant lastFromUser =
        t.messages.stream().filter(m -> m.from().id().equals(recipient)).map(Message::created).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    boolean closed = windowExpired.contains(recipient) || Duration.between(lastFromUser, now()).compareTo(WINDOW) > 0;
    if (!"MESSAGE_TAG".equals(params.get("messaging_type")) && closed) {
      throw new GraphFault(
          400,
          10,
          2018278,
          "OAuthException",
          "(#10) This message is sent outside of allowed window. Learn more about the new policy here:"
              + " https://developers.facebook.com/docs/messenger-platform/policy-overview");
    }
    String id = "m_" + Base64.getUrlEncoder().withoutPadding().encodeToString(("ours" + ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    Instant at = now();
    t.messages.add(new Message(id, self(t.platform), t.user, text, at));
    posted.add(new Posted(id, "message", t.id, recipient, text, at));
    return json(Map.of("recipient_id", recipient, "message_id", id));
  }

  private String ourReply(Comment c, String text) {
    if (text == null || text.isBlank()) {
      throw new GraphFault(400, 100, null, "OAuthException", "(#100) Missing message or attachment");
    }
    Post p = posts.get(c.objectId());
    Person us = p.instagram() ? instagram : page;
    Instant at = now();
    // replies go under the top-level comment: Facebook threads a reply to a reply there, and
    // Instagram only takes replies to top-level comments
    String parent = topLevel(c);
    String id = addComment(p, parent, us, text, at);
    posted.add(new Posted(id, "comment", parent, null, text, at));
    return json(Map.of("id", id));
  }

  private String addComment(Post p, String parentId, Person from, String text, Instant at) {
    String id = (p.instagram() ? "1791" : p.id().substring(p.id().indexOf('_') + 1) + "_") + ids.incrementAndGet();
    comments.put(id, new Comment(id, p.id(), parentId, from, text, at, p.instagram()));
    return id;
  }

  private String topLevel(Comment c) {
    return c.parentId() == null ? c.id() : c.parentId();
  }

  private Comment commentOrFail(String id) {
    Comment c = comments.get(id);
    if (c == null) {
      throw new IllegalArgumentException("no comment " + id);
    }
    return c;
  }

  private Post postOrFail(String id) {
    Post p = posts.get(id);
    if (p == null) {
      throw new IllegalArgumentException("no post or media " + id);
    }
    return p;
  }

  private Thread thread(String platform, String userId, String name) {
    for (Thread t : threads.values()) {
      if (t.platform.equals(platform) && t.user.id().equals(userId)) {
        return t;
      }
    }
    Thread t =
        new Thread(
            "t_" + ids.incrementAndGet(),
            platform,
            platform.equals("instagram") ? new Person(userId, null, name) : new Person(userId, name, null));
    threads.put(t.id, t);
    return t;
  }

  private Person self(String platform) {
    return platform.equals("instagram") ? instagram : page;
  }

  // ---- wire format -------------------------------------------------------------------------

  /** One page of {@code items} as a Graph list, with cursors and a {@code next} link. */
  private String list(String path, String rawQuery, Map<String, String> params, List<Map<String, Object>> items) {
    int limit = Math.min(maxPageSize, parseInt(params.get("limit"), 25));
    int start = 0;
    String after = params.get("after");
    if (after != null) {
      String afterId = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
      for (int i = 0; i < items.size(); i++) {
        if (afterId.equals(items.get(i).get("id"))) {
          start = i + 1;
        }
      }
    }
    int end = Math.min(items.size(), start + limit);
    List<Map<String, Object>> data = items.subList(start, end);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    if (!data.isEmpty()) {
      Map<String, Object> paging = new LinkedHashMap<>();
      paging.put("cursors", Map.of("before", cursor(data.get(0)), "after", cursor(data.get(data.size() - 1))));
      if (end < items.size()) {
        paging.put("next", baseUrl() + path + "?" + withAfter(rawQuery, cursor(data.get(data.size() - 1))));
      }
      body.put("paging", paging);
    }
    return json(body);
  }

  private static String cursor(Map<String, Object> item) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(item.get("id")).getBytes(StandardCharsets.UTF_8));
  }

  /** The query with {@code after} replaced; the token stays in it if it came that way, as on Graph. */
  private static String withAfter(String rawQuery, String after) {
    List<String> kept = new ArrayList<>();
    if (rawQuery != null) {
      for (String p : rawQuery.split("&")) {
        if (!p.startsWith("after=") && !p.startsWith("before=") && !p.isEmpty()) {
          kept.add(p);
        }
      }
    }
    kept.add("after=" + after);
    return String.join("&", kept);
  }

  /** The posts on a listening edge, newest first, in Graph's wire format for that edge. */
  private List<Map<String, Object>> mentionsOn(String edge) {
    List<Mention> list = new ArrayList<>(mentions.values().stream().filter(m -> m.edge().equals(edge)).toList());
    list.sort(Comparator.comparing(Mention::created).thenComparing(Mention::id).reversed());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Mention m : list) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", m.id());
      if (edge.equals("tags")) {
        j.put("caption", m.text());
        j.put("timestamp", time(m.created()));
        j.put("username", m.from().username());
        j.put("permalink", "https://www.instagram.com/p/" + m.id() + "/");
        j.put("media_type", "IMAGE");
      } else {
        j.put("message", m.text());
        j.put("created_time", time(m.created()));
        j.put("from", Map.of("id", m.from().id(), "name", m.from().name()));
        j.put("permalink_url", "https://www.facebook.com/" + m.id().replace('_', '/'));
      }
      out.add(j);
    }
    return out;
  }

  private Map<String, Object> postJson(Post p) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", p.id());
    j.put("message", p.message());
    j.put("created_time", time(p.created()));
    Instant updated = p.created();
    for (Comment c : comments.values()) {
      if (c.objectId().equals(p.id()) && c.created().isAfter(updated)) {
        updated = c.created();
      }
    }
    j.put("updated_time", time(updated));
    j.put("permalink_url", "https://www.facebook.com/" + p.id().replace('_', '/'));
    return j;
  }

  private Map<String, Object> mediaJson(Post p) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", p.id());
    j.put("caption", p.message());
    j.put("timestamp", time(p.created()));
    j.put("permalink", "https://www.instagram.com/p/" + p.id() + "/");
    return j;
  }

  private Map<String, Object> commentJson(Comment c) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", c.id());
    if (c.instagram()) {
      j.put("text", c.text());
      j.put("timestamp", time(c.created()));
      j.put("username", c.from().username());
      j.put("from", Map.of("id", c.from().id(), "username", c.from().username()));
      if (c.parentId() != null) {
        j.put("parent_id", c.parentId());
      }
    } else {
      j.put("message", c.text());
      j.put("created_time", time(c.created()));
      j.put("from", person(c.from()));
      if (c.parentId() != null) {
        Comment parent = comments.get(c.parentId());
        j.put("parent", Map.of("id", parent.id(), "created_time", time(parent.created()), "message", parent.text()));
      }
    }
    return j;
  }

  private Map<String, Object> messageJson(Message m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", m.id());
    j.put("created_time", time(m.created()));
    j.put("from", person(m.from()));
    j.put("to", Map.of("data", List.of(person(m.to()))));
    j.put("message", m.text());
    return j;
  }

  private static Map<String, Object> person(Person p) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", p.id());
    if (p.name() != null) {
      j.put("name", p.name());
    }
    if (p.username() != null) {
      j.put("username", p.username());
    }
    return j;
  }

  private static String time(Instant t) {
    return TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  private Instant now() {
    return clock.instant();
  }

  private static int parseInt(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(k, v);
    }
    return params;
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
