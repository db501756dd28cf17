package io.switchboard.channel;

import java.util.List;

/**
 * One channel's parts, built from its configured accounts: how its input is read (pollers), how
 * raw input becomes the conversation model (normalizer), and how replies go out (sender).
 * Lifecycle: built at start, closed once at stop, which closes its pollers.
 */
public interface ChannelModule extends AutoCloseable {
  String channel();

  InboundNormalizer normalizer();

  ChannelSender sender();

  /** One poller per account; each gets a route from the {@code <channel>-inbound} template. */
  List<InboundPoller> pollers();

  @Override
  default void close() {
    pollers().forEach(InboundPoller::close);
  }
}
