package io.switchboard.channel.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Daemon;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --demo} shows the seeded Facebook and Instagram conversations beside the others. */
class FacebookDemoTest {
  @TempDir Path dir;

  @Test
  void demoShouldShowTheSeededPageAndInstagramConversations() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Daemon daemon = TestDaemon.demo(FacebookTestSupport.config(dir, Map.of()), dir.resolve("data"), out);
    try {
      Api api = new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD);
      // five comment threads on two posts and two Messenger threads; two comments and a DM on Instagram
      await().atMost(Duration.ofSeconds(20)).until(() -> total(api, "facebook") == 7 && total(api, "instagram") == 3);

      Map<String, JsonNode> byName = new HashMap<>();
      api.ok("/api/conversations?kind=message&channel=facebook").get("items").forEach(c -> byName.put(c.get("contact").get("name").asText(), c));
      assertThat(byName.get("Marco Bellini").get("isPublic").asBoolean()).isTrue();
      assertThat(byName.get("Marco Bellini").get("messageCount").asInt()).as("Jana's reply joined the thread").isEqualTo(2);
      assertThat(byName.get("Tom Okafor").get("messageCount").asInt()).as("the Page's own reply is not a customer message").isEqualTo(1);
      assertThat(byName.get("Chloé Martin").get("isPublic").asBoolean()).isFalse();
      assertThat(byName.get("Chloé Martin").get("messageCount").asInt()).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("Graph API simulator on http://127.0.0.1:");
      // and what listening found: a post tagging the Page, a visitor's post, an Instagram tag
      await().atMost(Duration.ofSeconds(20))
          .until(() -> api.ok("/api/conversations?view=listening&channel=facebook,instagram").get("total").asInt() == 3);
      assertThat(api.ok("/api/conversations?kind=mention&channel=instagram").get("items").get(0).get("contact").get("name").asText())
          .isEqualTo("@wanderwithmina");
    } finally {
      daemon.stop();
    }
  }

  private static int total(Api api, String channel) {
    return api.ok("/api/conversations?kind=message&channel=" + channel).get("total").asInt();
  }
}
