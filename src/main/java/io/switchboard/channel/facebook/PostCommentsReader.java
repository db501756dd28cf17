package io.switchboard.channel.facebook;

import com.restfb.Parameter;
import com.restfb.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Comments and replies on the Page's newest posts ({@code comments.posts} of them). A post is
 * looked into only when its {@code updated_time} (which a new comment moves) is not older than the
 * cursor; its comments are read newest first, replies included ({@code filter=stream}), until the
 * cursor's time is passed.
 */
final class PostCommentsReader extends GraphReader {
  static final String POST_FIELDS = "id,message,created_time,updated_time,permalink_url";
  static final String COMMENT_FIELDS = "id,message,created_time,from{id,name},parent{id},attachment{type,url,media}";

  PostCommentsReader(FacebookAccount account, Graph graph) {
    super(account, graph, "comments");
  }

  @Override
  public List<GraphItem> read(TimeCursor since) throws GraphError {
    List<GraphItem> items = new ArrayList<>();
    for (JsonObject post : newestPosts()) {
      Instant updated = GraphTime.parse(Items.str(post, "updated_time"));
      String postId = Items.str(post, "id");
      if (postId == null || (updated != null && updated.isBefore(since.time()))) {
        continue;
      }
      JsonObject context =
          new JsonObject()
              .add("type", "post")
              .add("id", postId)
              .add("message", nullToEmpty(Items.str(post, "message")))
              .add("permalink_url", nullToEmpty(Items.str(post, "permalink_url")));
      Graph.Page page =
          graph.list(
              postId + "/comments",
              Parameter.withFields(COMMENT_FIELDS),
              Parameter.with("filter", "stream"),
              Parameter.with("order", "reverse_chronological"),
              Parameter.withLimit(account.pageSize()));
      readUntilPassed(page, since, c -> Items.wrap(account, "comment", context, null, c, "created_time"), items);
    }
    return items;
  }

  private List<JsonObject> newestPosts() throws GraphError {
    return graph.first(account.pageId() + "/posts", POST_FIELDS, account.postsWatched(), account.pageSize());
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
