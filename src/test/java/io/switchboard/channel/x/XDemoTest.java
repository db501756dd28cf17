package io.switchboard.channel.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.demo.XDemo;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.Polls;
import io.switchboard.support.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode: the seeded X simulator, and X conversations beside the email ones. */
class XDemoTest {
  @TempDir Path dir;

  @Test
  void demoShouldSeedMentionsRepliesADmExchangeAndAGermanPost() {
    XDemo demo = XDemo.start();
    try {
      XApiSimulator sim = demo.simulator();
      assertThat(demo.channel()).isEqualTo("x");
      assertThat(demo.accounts()).singleElement().satisfies(a -> assertThat(a.channel()).isEqualTo("x"));
      assertThat(sim.brand().username()).isEqualTo("NorthwindGear");
      assertThat(demo.welcome()).contains("14 sample posts and DMs").contains("@NorthwindGear");
    } finally {
      demo.close();
    }
  }

  @Test
  void demoDaemonShouldShowXConversationsBesideEmail() throws Exception {
    Daemon daemon = TestDaemon.demo(TestDaemon.demoConfig(dir), dir.resolve("data"), new ByteArrayOutputStream());
    try {
      Api api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
      await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations?channel=x&kind=message").get("total").asInt() == 8);
      await().atMost(Duration.ofSeconds(20)).until(() -> api.ok("/api/conversations?channel=email").get("total").asInt() > 0);

      JsonNode x = api.ok("/api/conversations?channel=x&kind=message&limit=50").get("items");
      List<String> subjects = new ArrayList<>();
      x.forEach(c -> subjects.add(c.get("subject").asText()));
      assertThat(subjects).anySatisfy(s -> assertThat(s).startsWith("Hallo! Der Reißverschluss"));
      long privateOnes = 0;
      for (JsonNode c : x) {
        privateOnes += c.get("isPublic").asBoolean() ? 0 : 1;
      }
      assertThat(privateOnes).isEqualTo(2);
      // two whole polls more: the demo seeds nothing twice
      Polls.awaitMore(daemon.port(), XDemo.ACCOUNT, 3);
      assertThat(api.ok("/api/conversations?channel=x&kind=message").get("total").asInt()).isEqualTo(8);
      // and the three posts that name the brand without tagging it, found by listening, once each
      assertThat(api.ok("/api/conversations?channel=x&kind=mention").get("total").asInt()).isEqualTo(3);
    } finally {
      daemon.stop();
    }
  }

  @Test
  void demoStartedAgainOnItsDataFolderStoresNoPostTwice() throws Exception {
    Path config = TestDaemon.demoConfig(dir);
    Path data = dir.resolve("data");
    Daemon first = TestDaemon.demo(config, data, new ByteArrayOutputStream());
    try {
      Api api = new Api(first.port(), "admin", TestDaemon.ADMIN_PASSWORD);
      await().atMost(Duration.ofSeconds(20)).until(() -> xConversations(api) == 11);
    } finally {
      first.stop();
    }
    Daemon again = TestDaemon.demo(config, data, new ByteArrayOutputStream());
    try {
      // the simulator starts afresh with the same seed: its posts come back with the ids stored already
      Polls.awaitMore(again.port(), XDemo.ACCOUNT, 3);
      assertThat(xConversations(new Api(again.port(), "admin", TestDaemon.ADMIN_PASSWORD))).isEqualTo(11);
    } finally {
      again.stop();
    }
  }

  /** The demo's X conversations: 8 messages to the brand, 3 posts found by listening. */
  private static int xConversations(Api api) {
    return api.ok("/api/conversations?channel=x").get("total").asInt();
  }
}
