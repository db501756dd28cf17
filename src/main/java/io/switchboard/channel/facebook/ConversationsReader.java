package io.switchboard.channel.facebook;

import com.restfb.Parameter;
import com.restfb.json.JsonObject;
import com.restfb.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Private conversations with the Page: Messenger ({@code platform=messenger}) or Instagram Direct
 * ({@code platform=instagram}). Conversations come newest activity first, so reading stops at the
 * first one not updated since the cursor; each one's messages come newest first too. The Graph API
 * only gives details of a conversation's 20 newest messages, which polling keeps well within.
 */
public final class ConversationsReader extends GraphReader {
  static final String CONVERSATION_FIELDS = "id,updated_time,participants";
  static final String MESSAGE_FIELDS = "id,message,created_time,from,to,attachments{mime_type,name,file_url,image_data{url}}";

  private final String platform;

  public ConversationsReader(FacebookAccount account, Graph graph, String platform, String name) {
    super(account, graph, name);
    this.platform = platform;
  }

  @Override
  public List<GraphItem> read(TimeCursor since) throws GraphError {
    List<GraphItem> items = new ArrayList<>();
    Graph.Page conversations =
        graph.list(
            account.pageId() + "/conversations",
            Parameter.with("platform", platform),
            Parameter.withFields(CONVERSATION_FIELDS),
            Parameter.withLimit(Math.min(account.pageSize(), 50)));
    while (true) {
      for (JsonObject conversation : conversations.data()) {
        Instant updated = GraphTime.parse(Items.str(conversation, "updated_time"));
        if (updated != null && updated.isBefore(since.time())) {
          return items;
        }
        readMessages(conversation, since, items);
      }
      if (!conversations.hasNext()) {
        return items;
      }
      conversations = graph.next(conversations);
    }
  }

  private void readMessages(JsonObject conversation, TimeCursor since, List<GraphItem> items) throws GraphError {
    String id = Items.str(conversation, "id");
    if (id == null) {
      return;
    }
    JsonObject context = new JsonObject().add("type", "conversation").add("id", id).add("platform", platform);
    JsonValue participants = conversation.get("participants");
    if (participants != null) {
      context.add("participants", participants);
    }
    Graph.Page page =
        graph.list(id + "/messages", Parameter.withFields(MESSAGE_FIELDS), Parameter.withLimit(Math.min(account.pageSize(), 25)));
    while (true) {
      for (JsonObject m : page.data()) {
        GraphItem item = Items.wrap(account, "message", context, null, m, "created_time");
        if (item.broken()) {
          items.add(item);
        } else if (item.time().isBefore(since.time())) {
          return;
        } else if (since.isNew(item.id(), item.time())) {
          items.add(item);
        }
      }
      if (!page.hasNext()) {
        return;
      }
      page = graph.next(page);
    }
  }
}
