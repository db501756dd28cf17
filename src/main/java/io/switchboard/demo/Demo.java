package io.switchboard.demo;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.Settings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Demo mode: every channel's local simulator, seeded, with accounts pointing at them. */
public final class Demo implements AutoCloseable {
  private final List<DemoChannel> channels;

  private Demo(List<DemoChannel> channels) {
    this.channels = channels;
  }

  public static Demo start() {
    List<DemoChannel> started = new ArrayList<>();
    try {
      started.add(DemoMail.start());
      started.add(io.switchboard.demo.XDemo.start());
      started.add(io.switchboard.demo.FacebookDemo.start());
    } catch (RuntimeException e) {
      started.forEach(DemoChannel::close);
      throw e;
    }
    return new Demo(List.copyOf(started));
  }

  /** Faster retries than production defaults, so the demo feels live. */
  public Map<String, String> settingsOverrides() {
    return Map.of("switchboard.outbox.retryBase", "2s");
  }

  /** The settings with each demo channel's configured accounts replaced by its demo accounts. */
  public Settings withDemoAccounts(Settings settings) {
    Set<String> replaced = channels.stream().map(DemoChannel::channel).collect(Collectors.toSet());
    List<ChannelAccount> accounts = new ArrayList<>();
    channels.forEach(c -> accounts.addAll(c.accounts()));
    settings.accounts().stream().filter(a -> !replaced.contains(a.channel())).forEach(accounts::add);
    return new Settings(settings.configDir(), settings.app(), List.copyOf(accounts));
  }

  public void printWelcome(PrintStream out, int httpPort, String generatedPassword) {
    channels.forEach(c -> out.println("Demo mode: " + c.welcome()));
    String password = generatedPassword != null ? generatedPassword : "$SWITCHBOARD_ADMIN_PASSWORD";
    out.printf("Sign in as admin: curl -u admin:%s http://127.0.0.1:%d/api/conversations%n", password, httpPort);
  }

  @Override
  public void close() {
    channels.forEach(DemoChannel::close);
  }
}
