package io.switchboard.channel.x;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.InboundPoller;
import io.switchboard.config.ChannelAccount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** X (Twitter): a mentions and DM poller, the normalizer and the sender for every brand account. */
public final class XModule implements ChannelModule {
  private final InboundNormalizer normalizer;
  private final ChannelSender sender;
  private final List<InboundPoller> pollers;

  public XModule(List<ChannelAccount> accounts, ChannelContext ctx) {
    List<XAccount> brands = accounts.stream().map(XAccount::from).toList();
    Map<String, XApi> apis = new LinkedHashMap<>();
    brands.forEach(a -> apis.put(a.id(), new XApi(a)));
    this.normalizer = new XNormalizer(brands);
    this.sender = new XSender(brands, apis, ctx.health());
    this.pollers =
        brands.stream()
            .<InboundPoller>map(a -> new XPoller(a, apis.get(a.id()), ctx.cursors(), ctx.health(), ctx.clock()))
            .toList();
  }

  @Override
  public String channel() {
    return "x";
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
