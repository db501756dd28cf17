package io.switchboard.channel.x;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.XSimAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The X tests' simulator and account settings: short waits, so faults play out in seconds. */
final class XTest {
  static final String TOKEN = "test-bearer-token";
  static final String ACCOUNT = "brand";

  private XTest() {}

  static XApiSimulator simulator() {
    return XApiSimulator.builder().bearerToken(TOKEN).start();
  }

  /** An account's settings pointing at {@code sim}; {@code overrides} win. */
  static Map<String, String> settings(XApiSimulator sim, Map<String, String> overrides) {
    // a generous timeout: a loaded CI machine can take seconds to answer a local request; a test of
    // timeouts sets its own
    Map<String, String> s = XSimAccount.settings(sim, TOKEN, "100ms", "15s", "100ms", "500ms");
    s.put("account", ACCOUNT);
    s.putAll(overrides);
    return s;
  }

  static ChannelAccount account(XApiSimulator sim, Map<String, String> overrides) {
    return ChannelAccount.of(new PropertiesFile("test", settings(sim, overrides)), ACCOUNT);
  }

  static XAccount xAccount(XApiSimulator sim, Map<String, String> overrides) {
    return XAccount.from(account(sim, overrides));
  }

  /**
   * Writes {@code dir/config} for the daemon: the project's application.properties with fast outbox
   * timing and the X account; keeps any channel files already there (an email account).
   */
  static Path daemonConfig(Path dir, XApiSimulator sim, Map<String, String> overrides) throws IOException {
    return daemonConfig(dir, sim, overrides, "");
  }

  /** As above, with lines added to application.properties. */
  static Path daemonConfig(Path dir, XApiSimulator sim, Map<String, String> overrides, String app) throws IOException {
    Path config = dir.resolve("config");
    Files.createDirectories(config.resolve("channels"));
    Files.writeString(
        config.resolve("application.properties"),
        Files.readString(Path.of("config/application.properties"))
            + "\nswitchboard.http.port = 0\nswitchboard.outbox.retryBase = 200ms\n"
            + "switchboard.outbox.periodMs = 100\n"
            + app);
    Map<String, String> s = settings(sim, overrides);
    s.remove("account");
    Files.writeString(
        config.resolve("channels/" + ACCOUNT + ".properties"),
        s.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    return config;
  }
}
