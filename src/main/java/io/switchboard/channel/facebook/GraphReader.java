package io.switchboard.channel.facebook;

import com.restfb.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * What every Graph stream reader holds (its account, the Graph client and the stream's name, under
 * which its cursor is kept), and the reading of a newest-first listing that Page comments and brand
 * listening share.
 */
public abstract class GraphReader implements StreamReader {
  protected final FacebookAccount account;
  protected final Graph graph;
  private final String name;

  protected GraphReader(FacebookAccount account, Graph graph, String name) {
    this.account = account;
    this.graph = graph;
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * Follows a newest-first listing from {@code page}: adds to {@code items} every broken item and
   * every one the cursor has not seen, and stops after the page on which the cursor's time is
   * passed (the rest of that page is still looked at).
   *
   * @param wrap makes an item of a listed object, or null for one to pass over
   */
  protected final void readUntilPassed(
      Graph.Page page, TimeCursor since, Function<JsonObject, GraphItem> wrap, List<GraphItem> items) throws GraphError {
    while (true) {
      boolean passed = false;
      for (JsonObject o : page.data()) {
        GraphItem item = wrap.apply(o);
        if (item == null) {
          continue;
        } else if (item.broken()) {
          items.add(item);
        } else if (item.time().isBefore(since.time())) {
          passed = true;
        } else if (since.isNew(item.id(), item.time())) {
          items.add(item);
        }
      }
      if (passed || !page.hasNext()) {
        return;
      }
      page = graph.next(page);
    }
  }
}
