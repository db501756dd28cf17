package io.switchboard.channel.facebook;

import io.switchboard.channel.ChannelContext;
import io.switchboard.config.ChannelAccount;
import java.util.ArrayList;
import java.util.List;

/**
 * Facebook Pages: comments on the Page's posts (public) and Messenger conversations (private),
 * read by polling the Graph API through RestFB and answered there, for every configured Page.
 */
public final class FacebookModule extends GraphModule {
  public FacebookModule(List<ChannelAccount> accounts, ChannelContext ctx) {
    super("facebook", accounts, ctx, FacebookModule::readers);
  }

  private static List<StreamReader> readers(FacebookAccount a, Graph graph) {
    List<StreamReader> readers = new ArrayList<>();
    if (a.reads("comments")) {
      readers.add(new PostCommentsReader(a, graph));
    }
    if (a.reads("messenger")) {
      readers.add(new ConversationsReader(a, graph, "messenger", "messenger"));
    }
    for (String edge : List.of("tagged", "visitor_posts")) {
      if (a.reads(edge)) {
        readers.add(new ListeningReader(a, graph, edge));
      }
    }
    return readers;
  }
}
