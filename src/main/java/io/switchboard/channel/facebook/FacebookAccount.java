package io.switchboard.channel.facebook;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Facebook Page (channel {@code facebook}) or the Instagram professional account linked to one
 * (channel {@code instagram}), read and answered with the Page access token through the Graph API.
 *
 * @param streams what is read: {@code comments} and {@code messenger} for a Page; {@code comments}
 *     and {@code messages} for Instagram (the defaults); for brand listening also {@code tagged} and
 *     {@code visitor_posts} for a Page, {@code tags} for Instagram (ADR 0041)
 * @param instagramId the Instagram business account id (instagram accounts only)
 * @param postsWatched how many of the newest posts (or media) are looked at for new comments
 * @param lookback how far back the very first poll reads
 */
public record FacebookAccount(
    String channel,
    String id,
    String pageId,
    String instagramId,
    String accessToken,
    String appSecret,
    String graphUrl,
    Duration pollInterval,
    Set<String> streams,
    Duration lookback,
    int postsWatched,
    int pageSize,
    int retryAttempts,
    Duration retryBase,
    Duration rateLimitBackoff,
    Duration maxBackoff,
    Duration timeout) {

  public static final String DEFAULT_GRAPH_URL = "https://graph.facebook.com";
  private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,40}");

  public static FacebookAccount from(ChannelAccount account) {
    PropertiesFile f = account.settings();
    String channel = account.channel();
    boolean instagram = channel.equals("instagram");
    List<String> defaults = instagram ? List.of("comments", "messages") : List.of("comments", "messenger");
    // brand listening (ADR 0041), when listed: posts tagging the Page, visitors' posts, Instagram tags
    List<String> allowed = new java.util.ArrayList<>(defaults);
    allowed.addAll(instagram ? List.of("tags") : List.of("tagged", "visitor_posts"));
    Set<String> streams = new LinkedHashSet<>();
    for (String s : f.get("streams", String.join(",", defaults)).split("[,\\s]+")) {
      String name = s.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!allowed.contains(name)) {
        throw new ConfigException(f.name(), "streams", "'" + name + "' is not one of " + allowed);
      }
      streams.add(name);
    }
    if (streams.isEmpty()) {
      throw new ConfigException(f.name(), "streams", "names nothing to read; use some of " + allowed);
    }
    String graphUrl = f.get("graph.url", DEFAULT_GRAPH_URL).replaceAll("/+$", "");
    if (!graphUrl.startsWith("https://") && !graphUrl.startsWith("http://127.0.0.1") && !graphUrl.startsWith("http://localhost")) {
      throw new ConfigException(f.name(), "graph.url", "must be https (plain http only on loopback), not '" + graphUrl + "'");
    }
    return new FacebookAccount(
        channel,
        account.id(),
        numericId(f, "page.id"),
        instagram ? numericId(f, "instagram.account.id") : null,
        f.get("access.token"),
        f.find("app.secret").orElse(null),
        graphUrl,
        f.getPositiveDuration("poll.interval", instagram ? Duration.ofSeconds(60) : Duration.ofSeconds(30)),
        Set.copyOf(streams),
        f.getPositiveDuration("lookback", Duration.ofDays(7)),
        range(f, "comments.posts", 25, 1, 500),
        range(f, "page.size", 100, 1, 100),
        range(f, "retry.attempts", 3, 1, 10),
        f.getPositiveDuration("retry.base", Duration.ofSeconds(1)),
        f.getPositiveDuration("rate.limit.backoff", Duration.ofMinutes(1)),
        f.getPositiveDuration("backoff.max", Duration.ofMinutes(15)),
        f.getPositiveDuration("timeout", Duration.ofSeconds(30)));
  }

  private static String numericId(PropertiesFile f, String key) {
    String v = f.get(key);
    if (!NUMERIC_ID.matcher(v).matches()) {
      throw new ConfigException(f.name(), key, "must be the numeric id, not '" + v + "'");
    }
    return v;
  }

  private static int range(PropertiesFile f, String key, int fallback, int min, int max) {
    int v = f.getInt(key, fallback);
    if (v < min || v > max) {
      throw new ConfigException(f.name(), key, "must be between " + min + " and " + max + ", not " + v);
    }
    return v;
  }

  /** The id our own posts carry: the Page, or the Instagram account. */
  public String ownId() {
    return instagramId != null ? instagramId : pageId;
  }

  public boolean reads(String stream) {
    return streams.contains(stream);
  }

  /** Safe to log: everything but the secrets. */
  @Override
  public String toString() {
    return channel + " account " + id + " (page " + pageId + (instagramId == null ? "" : ", instagram " + instagramId)
        + ", streams " + Arrays.toString(streams.toArray()) + ", " + graphUrl + ")";
  }
}
