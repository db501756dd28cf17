package io.switchboard.channel.facebook.instagram;

import com.restfb.Parameter;
import com.restfb.json.JsonObject;
import io.switchboard.channel.facebook.FacebookAccount;
import io.switchboard.channel.facebook.Graph;
import io.switchboard.channel.facebook.GraphError;
import io.switchboard.channel.facebook.GraphItem;
import io.switchboard.channel.facebook.GraphReader;
import io.switchboard.channel.facebook.Items;
import io.switchboard.channel.facebook.TimeCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Comments and their replies on the Instagram account's newest media ({@code comments.posts} of
 * them). Instagram media carry no update time and comments no order to stop at, so every poll
 * reads all comments of those media, every page, and keeps what is newer than the cursor; replies
 * come with their comment ({@code replies{...}}), their further pages followed.
 */
final class MediaCommentsReader extends GraphReader {
  static final String MEDIA_FIELDS = "id,caption,timestamp,permalink";
  static final String REPLY_FIELDS = "id,text,timestamp,username,from{id,username}";
  static final String COMMENT_FIELDS = REPLY_FIELDS + ",replies{" + REPLY_FIELDS + "}";

  MediaCommentsReader(FacebookAccount account, Graph graph) {
    super(account, graph, "comments");
  }

  @Override
  public List<GraphItem> read(TimeCursor since) throws GraphError {
    List<GraphItem> items = new ArrayList<>();
    for (JsonObject media : newestMedia()) {
      String mediaId = Items.str(media, "id");
      if (mediaId == null) {
        continue;
      }
      JsonObject context =
          new JsonObject()
              .add("type", "media")
              .add("id", mediaId)
              .add("caption", orEmpty(Items.str(media, "caption")))
              .add("permalink", orEmpty(Items.str(media, "permalink")));
      Graph.Page page = graph.list(mediaId + "/comments", Parameter.withFields(COMMENT_FIELDS), Parameter.withLimit(Math.min(account.pageSize(), 50)));
      while (true) {
        for (JsonObject c : page.data()) {
          keep(Items.wrap(account, "comment", context, null, withoutReplies(c), "timestamp"), since, items);
          String parent = Items.str(c, "id");
          JsonObject replies = Items.obj(c, "replies");
          if (parent != null && replies != null) {
            readReplies(context, parent, replies, since, items);
          }
        }
        if (!page.hasNext()) {
          break;
        }
        page = graph.next(page);
      }
    }
    return items;
  }

  private void readReplies(JsonObject context, String parent, JsonObject first, TimeCursor since, List<GraphItem> items) throws GraphError {
    List<JsonObject> data = new ArrayList<>();
    if (first.get("data") != null && first.get("data").isArray()) {
      first.get("data").asArray().forEach(v -> data.add(v.asObject()));
    }
    String next = Items.str(Items.obj(first, "paging"), "next");
    Graph.Page page = new Graph.Page(data, next, "GET /" + parent + "/replies");
    while (true) {
      for (JsonObject r : page.data()) {
        keep(Items.wrap(account, "comment", context, parent, r, "timestamp"), since, items);
      }
      if (!page.hasNext()) {
        return;
      }
      page = graph.next(page);
    }
  }

  private static void keep(GraphItem item, TimeCursor since, List<GraphItem> items) {
    if (item.broken() || since.isNew(item.id(), item.time())) {
      items.add(item);
    }
  }

  private static JsonObject withoutReplies(JsonObject c) {
    JsonObject copy = new JsonObject(c);
    copy.remove("replies");
    return copy;
  }

  private List<JsonObject> newestMedia() throws GraphError {
    return graph.first(account.instagramId() + "/media", MEDIA_FIELDS, account.postsWatched(), account.pageSize());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
