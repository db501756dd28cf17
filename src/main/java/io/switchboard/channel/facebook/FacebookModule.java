package io.switchboard.channel.facebook;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.InboundPoller;
import io.switchboard.config.ChannelAccount;
import java.util.ArrayList;
import java.util.List;

/**
 * Facebook Pages: comments on the Page's posts (public) and Messenger conversations (private),
 * read by polling the Graph API through RestFB and answered there, for every configured Page.
 */
public final class FacebookModule implements ChannelModule {
  private final InboundNormalizer normalizer;
  private final ChannelSender sender;
  private final List<InboundPoller> pollers;

  public FacebookModule(List<ChannelAccount> accounts, ChannelContext ctx) {
    List<FacebookAccount> pages = accounts.stream().map(FacebookAccount::from).toList();
    OwnPosts own = new OwnPosts(ctx.clock());
    this.normalizer = new FacebookNormalizer("facebook");
    this.sender = new FacebookSender("facebook", pages, ctx.health(), own);
    this.pollers =
        pages.stream()
            .<InboundPoller>map(a -> new FacebookPoller(a, g -> readers(a, g), ctx.cursors(), ctx.health(), ctx.clock(), own))
            .toList();
  }

  private static List<StreamReader> readers(FacebookAccount a, Graph graph) {
    List<StreamReader> readers = new ArrayList<>();
    if (a.reads("comments")) {
      readers.add(new PostCommentsReader(a, graph));
    }
    if (a.reads("messenger")) {
      readers.add(new ConversationsReader(a, graph, "messenger", "messenger"));
    }
    return readers;
  }

  @Override
  public String channel() {
    return "facebook";
  }

  @Override
  public InboundNormalizer normalizer() {
    return normalizer;
  }

  @Override
  public ChannelSender sender() {
    return sender;
  }

  @Override
  public List<InboundPoller> pollers() {
    return pollers;
  }
}
