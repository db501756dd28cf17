package io.switchboard.channel.x;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One X brand account, from {@code config/channels/x*.properties}: who we are on X, how we sign in,
 * where the API is, and what we read.
 *
 * @param userId the brand's numeric X user id (mentions and DMs are read for it)
 * @param handle the brand's username without {@code @}
 * @param credentials OAuth 1.0a user context or an OAuth 2.0 user access token
 * @param apiBase scheme, host and port of the API, without a path ({@code https://api.x.com})
 * @param streams what is read: mentions (public) and direct messages (private)
 * @param splitLong post a reply over 280 characters as a numbered thread instead of refusing it
 * @param retryAttempts calls tried per poll when X answers 5xx or times out, before backing off
 * @param retryBackoff the first wait between those tries and after a failed poll; doubles
 * @param maxBackoff the longest wait after failures
 * @param listenQuery the recent-search query of brand listening ({@link ListenQuery}), or null
 */
public record XAccount(
    String id,
    String userId,
    String handle,
    String displayName,
    Credentials credentials,
    String apiBase,
    Set<Stream> streams,
    Duration pollInterval,
    int pageSize,
    Duration httpTimeout,
    int retryAttempts,
    Duration retryBackoff,
    Duration maxBackoff,
    boolean splitLong,
    int maxParts,
    String listenQuery) {

  public static final String DEFAULT_API = "https://api.x.com";
  private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,19}");
  private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");

  /** What one account reads, each with its own cursor. */
  public enum Stream {
    /** {@code GET /2/users/:id/mentions}, by {@code since_id}. */
    MENTIONS("mentions"),
    /** {@code GET /2/dm_events}, newest first, down to the last event read. */
    DMS("dm_events"),
    /** {@code GET /2/tweets/search/recent} for {@code listen.keywords}, by {@code since_id}. */
    LISTEN("search");

    private final String cursorName;

    Stream(String cursorName) {
      this.cursorName = cursorName;
    }

    /** The stream's name in the cursor table and in logs. */
    public String cursorName() {
      return cursorName;
    }
  }

  /**
   * How requests are signed: OAuth 1.0a with the app's consumer key and the brand account's access
   * token (what Twitter4J signs natively), or an OAuth 2.0 user-context bearer token. App-only
   * bearer tokens cannot read DMs or post, so they are not enough here.
   */
  public record Credentials(
      String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret, String bearerToken) {
    public boolean isBearer() {
      return bearerToken != null;
    }

    @Override
    public String toString() {
      return isBearer() ? "Credentials[bearer ****]" : "Credentials[oauth1 " + consumerKey + " ****]";
    }
  }

  public static XAccount from(ChannelAccount account) {
    PropertiesFile f = account.settings();
    String userId = f.get("user.id");
    if (!USER_ID.matcher(userId).matches()) {
      throw new ConfigException(f.name(), "user.id", "'" + userId + "' is not a numeric X user id");
    }
    String handle = f.get("handle");
    handle = handle.startsWith("@") ? handle.substring(1) : handle;
    if (!HANDLE.matcher(handle).matches()) {
      throw new ConfigException(f.name(), "handle", "'" + handle + "' is not an X username (letters, digits, _; at most 15)");
    }
    String base = f.get("api.base", DEFAULT_API);
    if (!base.matches("https?://[^/?#]+")) {
      throw new ConfigException(f.name(), "api.base", "'" + base + "' must be scheme://host[:port] without a path");
    }
    int pageSize = f.getInt("page.size", 100);
    if (pageSize < 5 || pageSize > 100) {
      throw new ConfigException(f.name(), "page.size", "must be between 5 and 100 (what X allows)");
    }
    return new XAccount(
        account.id(),
        userId,
        handle,
        f.get("display.name", handle),
        credentials(f),
        base,
        streams(f),
        f.getPositiveDuration("poll.interval", Duration.ofSeconds(60)),
        pageSize,
        f.getPositiveDuration("http.timeout", Duration.ofSeconds(20)),
        Math.max(1, f.getInt("retry.attempts", 3)),
        f.getPositiveDuration("retry.backoff", Duration.ofSeconds(1)),
        f.getPositiveDuration("retry.backoff.max", Duration.ofMinutes(2)),
        f.getBoolean("split.long", false),
        Math.max(2, f.getInt("split.max.parts", 5)),
        ListenQuery.of(f, handle));
  }

  private static Credentials credentials(PropertiesFile f) {
    var bearer = f.find("bearer.token");
    if (bearer.isPresent()) {
      return new Credentials(null, null, null, null, bearer.get());
    }
    String[] keys = {"oauth.consumer.key", "oauth.consumer.secret", "oauth.access.token", "oauth.access.token.secret"};
    String[] values = Arrays.stream(keys).map(k -> f.find(k).orElse(null)).toArray(String[]::new);
    for (int i = 0; i < keys.length; i++) {
      if (values[i] == null) {
        throw new ConfigException(
            f.name(), keys[i], "is required (OAuth 1.0a user context), or set bearer.token (OAuth 2.0 user context)");
      }
    }
    return new Credentials(values[0], values[1], values[2], values[3], null);
  }

  private static Set<Stream> streams(PropertiesFile f) {
    Set<Stream> out = EnumSet.noneOf(Stream.class);
    for (String s : f.get("streams", "mentions, dms").split("[,\\s]+")) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "" -> {}
        case "mentions" -> out.add(Stream.MENTIONS);
        case "dms", "dm", "dm_events" -> out.add(Stream.DMS);
        default -> throw new ConfigException(f.name(), "streams", "'" + s + "' is not one of mentions, dms");
      }
    }
    if (f.asMap().containsKey(ListenQuery.KEY)) {
      out.add(Stream.LISTEN);
    }
    return out;
  }

  /** The v2 API root as the clients want it, e.g. {@code https://api.x.com/2/}. */
  public String v2Url() {
    return apiBase + "/2/";
  }
}
