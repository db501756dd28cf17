package io.switchboard.channel.facebook.instagram;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.facebook.ConversationsReader;
import io.switchboard.channel.facebook.FacebookAccount;
import io.switchboard.channel.facebook.Graph;
import io.switchboard.channel.facebook.GraphModule;
import io.switchboard.channel.facebook.StreamReader;
import io.switchboard.config.ChannelAccount;
import java.util.ArrayList;
import java.util.List;

/**
 * Instagram professional accounts, through the Graph API with the linked Page's token: comments
 * (and replies) on the account's newest media, public, and Instagram Direct conversations,
 * private, where the API gives them. Same parts as Facebook; only the edges differ.
 */
public final class InstagramModule extends GraphModule {
  public InstagramModule(List<ChannelAccount> accounts, ChannelContext ctx) {
    super("instagram", accounts, ctx, InstagramModule::readers);
  }

  private static List<StreamReader> readers(FacebookAccount a, Graph graph) {
    List<StreamReader> readers = new ArrayList<>();
    if (a.reads("comments")) {
      readers.add(new MediaCommentsReader(a, graph));
    }
    if (a.reads("messages")) {
      readers.add(new ConversationsReader(a, graph, "instagram", "messages"));
    }
    if (a.reads("tags")) {
      readers.add(new io.switchboard.channel.facebook.ListeningReader(a, graph, "tags"));
    }
    return readers;
  }
}
