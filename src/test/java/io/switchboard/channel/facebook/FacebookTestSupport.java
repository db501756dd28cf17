package io.switchboard.channel.facebook;

import io.switchboard.Daemon;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.support.Api;
import io.switchboard.support.TestDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A simulated Page, accounts pointing at it, and a daemon config folder for the Facebook tests. */
final class FacebookTestSupport {
  static final String TOKEN = "EAAGtestPageToken0123456789abcdefSECRET";
  static final String PAGE_ID = "1029384756";
  static final String IG_ID = "17841400000000001";

  private FacebookTestSupport() {}

  static GraphApiSimulator simulator() {
    return GraphApiSimulator.start(TOKEN, PAGE_ID, "Northwind Travel Gear", IG_ID, "northwindtravelgear");
  }

  /** Settings of a fast-polling account on the simulator; {@code extra} wins. */
  static Map<String, String> settings(GraphApiSimulator sim, String channel, Map<String, String> extra) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("channel", channel);
    s.put("page.id", PAGE_ID);
    if (channel.equals("instagram")) {
      s.put("instagram.account.id", IG_ID);
    }
    s.put("access.token", TOKEN);
    s.put("graph.url", sim.baseUrl());
    s.put("poll.interval", "100ms");
    s.put("retry.base", "50ms");
    s.put("rate.limit.backoff", "300ms");
    s.put("backoff.max", "2s");
    s.put("timeout", "5s");
    s.putAll(extra);
    return s;
  }

  static ChannelAccount account(GraphApiSimulator sim, String id, String channel, Map<String, String> extra) {
    return ChannelAccount.of(new PropertiesFile("test " + id, settings(sim, channel, extra)), id);
  }

  /**
   * Writes {@code dir/config}: the project's application.properties with fast outbox settings and
   * one account file per entry of {@code accounts} (file name without extension to settings).
   */
  static Path config(Path dir, Map<String, Map<String, String>> accounts) throws IOException {
    Path config = dir.resolve("config");
    Files.createDirectories(config.resolve("channels"));
    String app =
        Files.readString(Path.of("config/application.properties"))
            + "\nswitchboard.http.port = 0\nswitchboard.outbox.retryBase = 200ms\nswitchboard.outbox.periodMs = 100\n";
    Files.writeString(config.resolve("application.properties"), app);
    for (var e : accounts.entrySet()) {
      String body =
          e.getValue().entrySet().stream().map(kv -> kv.getKey() + " = " + kv.getValue()).collect(Collectors.joining("\n", "", "\n"));
      Files.writeString(config.resolve("channels/" + e.getKey() + ".properties"), body);
    }
    return config;
  }

  /** A simulated Page, a real daemon reading it and an admin client of its API; stopped together. */
  record Running(GraphApiSimulator sim, Daemon daemon, Api api) implements AutoCloseable {
    @Override
    public void close() {
      daemon.stop();
      sim.close();
    }
  }

  /**
   * Starts the simulator and a daemon (config and data under {@code dir}) with the accounts {@code
   * facebook-test} and {@code instagram-test} on it, each with its {@code extra} settings.
   */
  static Running startPageAndInstagram(Path dir, Map<String, String> facebook, Map<String, String> instagram)
      throws IOException {
    GraphApiSimulator sim = simulator();
    Path config =
        config(
            dir,
            Map.of(
                "facebook-test", settings(sim, "facebook", facebook),
                "instagram-test", settings(sim, "instagram", instagram)));
    Daemon daemon = TestDaemon.start(config, dir.resolve("data"));
    return new Running(sim, daemon, new Api(daemon.port(), "admin", TestDaemon.ADMIN_PASSWORD));
  }
}
