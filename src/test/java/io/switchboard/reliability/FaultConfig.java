package io.switchboard.reliability;

import io.switchboard.sim.facebook.GraphApiSimulator;
import io.switchboard.sim.x.XApiSimulator;
import io.switchboard.support.TestMail;
import io.switchboard.support.XSimAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A config folder for the fault tests: the project's application.properties with fast outbox
 * timing, plus one account file per channel, each pointing at a server on loopback (GreenMail,
 * the X simulator, the Graph simulator).
 */
final class FaultConfig {
  static final String X_TOKEN = "x-fault-bearer-0123456789SECRET";
  static final String FB_TOKEN = "EAAGfaultPageToken0123456789abcdefSECRET";
  static final String PAGE_ID = "1029384756";
  static final String IG_ID = "17841400000000001";

  private final Path config;

  /** Writes {@code dir/config/application.properties}; {@code app} lines come last, so they win (the last of a key counts). */
  FaultConfig(Path dir, String app) throws IOException {
    this.config = dir.resolve("config");
    Files.createDirectories(config.resolve("channels"));
    Files.writeString(
        config.resolve("application.properties"),
        Files.readString(Path.of("config/application.properties"))
            + "\nswitchboard.http.port = 0\nswitchboard.outbox.retryBase = 200ms\n"
            + "switchboard.outbox.periodMs = 100\n"
            + app
            + "\n");
  }

  static XApiSimulator xSimulator() {
    return XApiSimulator.builder().bearerToken(X_TOKEN).start();
  }

  static GraphApiSimulator graphSimulator() {
    return GraphApiSimulator.start(FB_TOKEN, PAGE_ID, "Northwind Travel Gear", IG_ID, "northwindtravelgear");
  }

  Path path() {
    return config;
  }

  FaultConfig email(String account, int imapPort, int smtpPort, Map<String, String> extra) throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("channel", "email");
    s.put("address", TestMail.SUPPORT);
    s.put("display.name", "Shop Support");
    s.put("imap.host", "127.0.0.1");
    s.put("imap.port", String.valueOf(imapPort));
    s.put("imap.ssl", "false");
    s.put("imap.password", TestMail.PASSWORD);
    s.put("poll.interval", "200ms");
    s.put("imap.idle.max", "1s");
    s.put("retry.backoff.max", "2s"); // a server back after a long outage is read again within 2 s
    s.put("smtp.host", "127.0.0.1");
    s.put("smtp.port", String.valueOf(smtpPort));
    s.put("smtp.ssl", "false");
    s.put("smtp.starttls", "false");
    s.putAll(extra);
    return write(account, s);
  }

  FaultConfig x(String account, XApiSimulator sim, Map<String, String> extra) throws IOException {
    Map<String, String> s = XSimAccount.settings(sim, X_TOKEN, "200ms", "5s", "100ms", "1s");
    s.putAll(extra);
    return write(account, s);
  }

  FaultConfig facebook(String account, GraphApiSimulator sim, Map<String, String> extra) throws IOException {
    Map<String, String> s = graph("facebook", sim);
    s.putAll(extra);
    return write(account, s);
  }

  /** An Instagram professional account linked to the simulated Page, read with the Page's token. */
  FaultConfig instagram(String account, GraphApiSimulator sim, Map<String, String> extra) throws IOException {
    Map<String, String> s = graph("instagram", sim);
    s.putAll(extra);
    s.put("channel", "instagram");
    s.put("instagram.account.id", IG_ID);
    return write(account, s);
  }

  /** What a Facebook Page and an Instagram account share: the Page, its token and fast retries. */
  private static Map<String, String> graph(String channel, GraphApiSimulator sim) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("channel", channel);
    s.put("page.id", PAGE_ID);
    s.put("access.token", FB_TOKEN);
    s.put("graph.url", sim.baseUrl());
    s.put("poll.interval", "200ms");
    s.put("retry.base", "50ms");
    s.put("rate.limit.backoff", "300ms");
    s.put("backoff.max", "1s");
    s.put("timeout", "5s");
    return s;
  }

  private FaultConfig write(String account, Map<String, String> settings) throws IOException {
    Files.writeString(
        config.resolve("channels/" + account + ".properties"),
        settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    return this;
  }
}
