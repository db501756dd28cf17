package io.switchboard.demo;

import io.switchboard.config.ChannelAccount;
import java.util.List;

/**
 * One channel's part of demo mode: a local server on loopback seeded with sample conversations,
 * and the accounts that point at it. Lifecycle: started before the daemon, closed after it.
 */
public interface DemoChannel extends AutoCloseable {
  /** The channel whose configured accounts the demo accounts replace. */
  String channel();

  List<ChannelAccount> accounts();

  /** One line for the person starting the demo. */
  String welcome();

  @Override
  void close();
}
