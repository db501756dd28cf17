package io.switchboard.channel.facebook;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.InboundPoller;
import io.switchboard.config.ChannelAccount;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A channel read and answered through the Graph API with a Page token (Facebook, Instagram): the
 * same normalizer, sender and poller; only the streams each account reads differ.
 */
public abstract class GraphModule implements ChannelModule {
  private final String channel;
  private final InboundNormalizer normalizer;
  private final ChannelSender sender;
  private final List<InboundPoller> pollers;

  protected GraphModule(
      String channel,
      List<ChannelAccount> accounts,
      ChannelContext ctx,
      BiFunction<FacebookAccount, Graph, List<StreamReader>> readers) {
    List<FacebookAccount> configured = accounts.stream().map(FacebookAccount::from).toList();
    this.channel = channel;
    this.normalizer = new FacebookNormalizer(channel);
    this.sender = new FacebookSender(channel, configured, ctx.health());
    this.pollers =
        configured.stream()
            .<InboundPoller>map(
                a ->
                    new FacebookPoller(
                        a, g -> readers.apply(a, g), ctx.cursors(), ctx.health(), ctx.clock()))
            .toList();
  }

  @Override
  public final String channel() {
    return channel;
  }

  @Override
  public final InboundNormalizer normalizer() {
    return normalizer;
  }

  @Override
  public final ChannelSender sender() {
    return sender;
  }

  @Override
  public final List<InboundPoller> pollers() {
    return pollers;
  }
}
