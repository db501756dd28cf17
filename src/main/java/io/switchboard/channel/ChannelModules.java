package io.switchboard.channel;

import io.switchboard.channel.email.EmailModule;
import io.switchboard.config.ChannelAccount;
import java.util.ArrayList;
import java.util.List;

/** Builds every channel's module from the configured accounts. One line per channel. */
public final class ChannelModules {
  private ChannelModules() {}

  public static List<ChannelModule> create(List<ChannelAccount> accounts, ChannelContext ctx) {
    List<ChannelModule> modules = new ArrayList<>();
    modules.add(new EmailModule(of(accounts, "email"), ctx));
    modules.add(new io.switchboard.channel.x.XModule(of(accounts, "x"), ctx));
    modules.add(new io.switchboard.channel.facebook.FacebookModule(of(accounts, "facebook"), ctx));
    modules.add(new io.switchboard.channel.facebook.instagram.InstagramModule(of(accounts, "instagram"), ctx));
    return List.copyOf(modules);
  }

  private static List<ChannelAccount> of(List<ChannelAccount> accounts, String channel) {
    return accounts.stream().filter(a -> a.channel().equals(channel)).toList();
  }
}
