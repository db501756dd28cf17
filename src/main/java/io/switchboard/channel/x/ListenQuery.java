package io.switchboard.channel.x;

import io.switchboard.config.ConfigException;
import io.switchboard.config.PropertiesFile;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The X recent-search query of an account's brand listening (ADR 0041), from {@code
 * listen.keywords}: keywords, #hashtags and product names separated by commas, any of which makes a
 * post match. Posts that tag the brand (they come through mentions), the brand's own posts and
 * reposts are left out by the query itself, so what arrives is what people say without tagging us.
 *
 * <p>X refuses a query over {@value #MAX_LENGTH} characters (recent search, all access levels); an
 * empty list or a longer query is a configuration error at start, naming the key, instead of a
 * poller that fails at every poll.
 */
public final class ListenQuery {
  /** X API v2 recent search: the longest query it takes. */
  public static final int MAX_LENGTH = 512;

  static final String KEY = "listen.keywords";
  private static final Pattern TERM = Pattern.compile("[#$]?[\\p{L}\\p{N}][\\p{L}\\p{N}_'&.\\- ]*");

  private ListenQuery() {}

  /** The query, or null when the account does not listen ({@code listen.keywords} absent). */
  static String of(PropertiesFile f, String handle) {
    if (!f.asMap().containsKey(KEY)) {
      return null;
    }
    List<String> terms = new ArrayList<>();
    for (String raw : f.asMap().get(KEY).split(",")) {
      String t = raw.strip().replaceAll("\\s+", " ");
      if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
        t = t.substring(1, t.length() - 1).strip();
      }
      if (t.isEmpty()) {
        continue;
      }
      if (!TERM.matcher(t).matches()) {
        throw new ConfigException(
            f.name(), KEY, "'" + t + "' is not a keyword, #hashtag or product name (letters, digits, spaces, _'&.-)");
      }
      terms.add(t.contains(" ") ? "\"" + t + "\"" : t);
    }
    if (terms.isEmpty()) {
      throw new ConfigException(
          f.name(), KEY, "is empty: list keywords, #hashtags or product names separated by commas, or remove the key");
    }
    String query =
        (terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")")
            + " -@" + handle + " -from:" + handle + " -is:retweet";
    if (query.length() > MAX_LENGTH) {
      throw new ConfigException(
          f.name(), KEY, "makes an X search query of " + query.length() + " characters; X takes at most " + MAX_LENGTH
              + " (with ' -@" + handle + " -from:" + handle + " -is:retweet'): drop or shorten some of the "
              + terms.size() + " terms");
    }
    return query;
  }
}
