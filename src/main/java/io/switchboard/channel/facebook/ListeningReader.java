package io.switchboard.channel.facebook;

import com.restfb.Parameter;
import com.restfb.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Brand listening on Facebook and Instagram (ADR 0041): posts that name the Page without being
 * written to it. One reader per edge: {@code /{page-id}/tagged} (posts elsewhere that tag the
 * Page), {@code /{page-id}/visitor_posts} (posts people left on the Page) and {@code
 * /{ig-user-id}/tags} (media the Instagram account is tagged in). Each lists newest first, so the
 * pages are followed until the cursor's time is passed; items become conversations of kind {@code
 * mention}. Graph gives no audience size for other people's posts: their reach stays unknown.
 */
public final class ListeningReader extends GraphReader {
  static final String POST_FIELDS = "id,message,created_time,from{id,name},permalink_url";
  static final String MEDIA_FIELDS = "id,caption,timestamp,username,permalink,media_type";

  private final String edge;

  /** @param edge {@code tagged}, {@code visitor_posts} (a Page) or {@code tags} (Instagram) */
  public ListeningReader(FacebookAccount account, Graph graph, String edge) {
    super(account, graph, edge);
    this.edge = edge;
  }

  @Override
  public List<GraphItem> read(TimeCursor since) throws GraphError {
    boolean instagram = edge.equals("tags");
    List<GraphItem> items = new ArrayList<>();
    JsonObject context = new JsonObject().add("type", edge).add("id", account.ownId());
    Graph.Page page =
        graph.list(
            account.ownId() + "/" + edge,
            Parameter.withFields(instagram ? MEDIA_FIELDS : POST_FIELDS),
            Parameter.withLimit(account.pageSize()));
    String timeField = instagram ? "timestamp" : "created_time";
    readUntilPassed(
        page,
        since,
        post -> {
          GraphItem item = Items.wrap(account, "mention", context, null, post, timeField);
          // the Page's own post on its wall is not someone talking about us
          return !item.broken() && item.ours() ? null : item;
        },
        items);
    return items;
  }
}
