package io.switchboard.channel.facebook;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelContract;
import io.switchboard.channel.ChannelModule;
import io.switchboard.sim.facebook.GraphApiSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Facebook Page comments pass the channel contract against the Graph API simulator. */
class FacebookChannelContractTest implements ChannelContract {

  @Override
  public Harness harness(Path dir) {
    GraphApiSimulator sim = FacebookTestSupport.simulator();
    String post = sim.addPost("The new Atlas 45 is here: 45 litres, carry-on size.");
    return new Harness() {
      @Override
      public ChannelModule module(ChannelContext ctx) {
        return new FacebookModule(List.of(FacebookTestSupport.account(sim, "page", "facebook", Map.of())), ctx);
      }

      @Override
      public String account() {
        return "page";
      }

      @Override
      public void customerWrites(String author, String text, String replyTo) {
        String user = "fb-" + author;
        if (replyTo == null) {
          sim.comment(post, user, author, text);
        } else {
          sim.reply(replyTo, user, author, text);
        }
      }

      @Override
      public int repliesReceived() {
        return sim.posted().size();
      }

      @Override
      public void echo(String sentExternalId) {
        // nothing to do: Graph lists our own reply beside the customers' comments
      }

      @Override
      public void close() {
        sim.close();
      }
    };
  }
}
