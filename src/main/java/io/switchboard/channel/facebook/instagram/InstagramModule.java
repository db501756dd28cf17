package io.switchboard.channel.facebook.instagram;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.InboundPoller;
import io.switchboard.channel.facebook.ConversationsReader;
import io.switchboard.channel.facebook.FacebookAccount;
import io.switchboard.channel.facebook.FacebookNormalizer;
import io.switchboard.channel.facebook.FacebookPoller;
import io.switchboard.channel.facebook.FacebookSender;
import io.switchboard.channel.facebook.Graph;
import io.switchboard.channel.facebook.OwnPosts;
import io.switchboard.channel.facebook.StreamReader;
import io.switchboard.config.ChannelAccount;
import java.util.ArrayList;
import java.util.List;

/**
 * Instagram professional accounts, through the Graph API with the linked Page's token: comments
 * (and replies) on the account's newest media, public, and Instagram Direct conversations,
 * private, where the API gives them. Same parts as Facebook; only the edges differ.
 */
public final class InstagramModule implements ChannelModule {
  private final InboundNormalizer normalizer;
  private final ChannelSender sender;
  private final List<InboundPoller> pollers;

  public InstagramModule(List<ChannelAccount> accounts, ChannelContext ctx) {
    List<FacebookAccount> igs = accounts.stream().map(FacebookAccount::from).toList();
    OwnPosts own = new OwnPosts(ctx.clock());
    this.normalizer = new FacebookNormalizer("instagram");
    this.sender = new FacebookSender("instagram", igs, ctx.health(), own);
    this.pollers =
        igs.stream()
            .<InboundPoller>map(a -> new FacebookPoller(a, g -> readers(a, g), ctx.cursors(), ctx.health(), ctx.clock(), own))
            .toList();
  }

  private static List<StreamReader> readers(FacebookAccount a, Graph graph) {
    List<StreamReader> readers = new ArrayList<>();
    if (a.reads("comments")) {
      readers.add(new MediaCommentsReader(a, graph));
    }
    if (a.reads("messages")) {
      readers.add(new ConversationsReader(a, graph, "instagram", "messages"));
    }
    return readers;
  }

  @Override
  public String channel() {
    return "instagram";
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
