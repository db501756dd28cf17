package io.switchboard.channel.facebook;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelContract;
import io.switchboard.channel.ChannelModule;
import io.switchboard.sim.facebook.GraphApiSimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Messenger conversations pass the channel contract against the Graph API simulator. */
class MessengerChannelContractTest implements ChannelContract {

  @Override
  public Harness harness(Path dir) {
    GraphApiSimulator sim = FacebookTestSupport.simulator();
    return new Harness() {
      @Override
      public ChannelModule module(ChannelContext ctx) {
        return new FacebookModule(
            List.of(FacebookTestSupport.account(sim, "page", "facebook", Map.of("streams", "messenger"))), ctx);
      }

      @Override
      public String account() {
        return "page";
      }

      @Override
      public void customerWrites(String author, String text, String replyTo) {
        sim.message("messenger", "psid-" + author, author, text, Instant.now());
      }

      @Override
      public int repliesReceived() {
        return sim.posted().size();
      }

      @Override
      public void echo(String sentExternalId) {
        // nothing to do: the conversation lists the Page's message beside the person's
      }

      @Override
      public void close() {
        sim.close();
      }
    };
  }
}
