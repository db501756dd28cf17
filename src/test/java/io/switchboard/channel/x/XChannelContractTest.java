package io.switchboard.channel.x;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelContract;
import io.switchboard.channel.ChannelModule;
import io.switchboard.sim.x.XApiSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** X passes the channel contract: real Twitter4J against the X API simulator over loopback. */
class XChannelContractTest implements ChannelContract {

  @Override
  public Harness harness(Path dir) {
    XApiSimulator sim = XTest.simulator();
    return new Harness() {
      @Override
      public ChannelModule module(ChannelContext ctx) {
        return new XModule(List.of(XTest.account(sim, Map.of("streams", "mentions"))), ctx);
      }

      @Override
      public String account() {
        return XTest.ACCOUNT;
      }

      @Override
      public void customerWrites(String author, String text, String replyTo) {
        XApiSimulator.User user = sim.user(author, author.substring(0, 1).toUpperCase(Locale.ROOT) + author.substring(1));
        if (replyTo == null) {
          sim.mention(user, text);
        } else {
          sim.post(user, "@" + sim.brand().username() + " " + text, replyTo);
        }
      }

      @Override
      public int repliesReceived() {
        return sim.brandPosts().size() + sim.brandDms().size();
      }

      @Override
      public void echo(String sentExternalId) {
        // our reply shows up in our own mentions, as when X adds the brand to a reply's mentions
        sim.listInMentions(sentExternalId);
      }

      @Override
      public void close() {
        sim.close();
      }
    };
  }
}
