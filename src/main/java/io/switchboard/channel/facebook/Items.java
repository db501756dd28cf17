package io.switchboard.channel.facebook;

import com.restfb.json.JsonObject;
import com.restfb.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reading Graph JSON leniently, and wrapping an item with its context for the normalizer. */
public final class Items {
  private Items() {}

  /** The string field, or null when absent or not a string. */
  public static String str(JsonObject o, String name) {
    if (o == null) {
      return null;
    }
    JsonValue v = o.get(name);
    return v != null && v.isString() ? v.asString() : null;
  }

  /** The object field, or null when absent or not an object. */
  public static JsonObject obj(JsonObject o, String name) {
    if (o == null) {
      return null;
    }
    JsonValue v = o.get(name);
    return v != null && v.isObject() ? v.asObject() : null;
  }

  /**
   * The envelope ingest receives: {@code {"kind", "channel", "page", "own", "context", "parent",
   * "item"}} where {@code item} is the Graph object exactly as listed and {@code context} the post,
   * media or conversation it belongs to.
   */
  public static GraphItem wrap(
      FacebookAccount account, String kind, JsonObject context, String parent, JsonObject item, String timeField) {
    String id = str(item, "id");
    Instant time = GraphTime.parse(str(item, timeField));
    JsonObject from = obj(item, "from");
    boolean ours = from != null && account.ownId().equals(str(from, "id"));
    JsonObject envelope =
        new JsonObject()
            .add("kind", kind)
            .add("channel", account.channel())
            .add("page", account.pageId())
            .add("own", account.ownId())
            .add("context", context == null ? new JsonObject() : context);
    if (parent != null) {
      envelope.add("parent", parent);
    }
    envelope.add("item", item);
    String ref = (context == null ? "" : str(context, "type") + " " + str(context, "id") + " ") + kind + " " + id;
    byte[] raw = Tokens.mask(envelope.toString(), account.accessToken()).getBytes(StandardCharsets.UTF_8);
    return new GraphItem(id, time, ours, id == null || time == null, ref, raw);
  }
}
