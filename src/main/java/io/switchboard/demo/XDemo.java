package io.switchboard.demo;

import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.sim.x.XApiSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Demo mode's X side: the X API simulator on loopback, seeded from {@code sim/x/seed.json}
 * (mentions of @NorthwindGear: complaints, praise, a reply chain, a German post, and a DM
 * exchange, and a few posts naming the brand without tagging it, for listening), and an X account
 * pointing at it.
 */
public final class XDemo implements DemoChannel {
  public static final String ACCOUNT = "demo-x";
  private static final String TOKEN = "demo-x-token";
  private static final String SEED = "sim/x/seed.json";
  /** What the demo listens for on X. */
  public static final String LISTEN = "Northwind, #northwindgear, Meridian carry-on, Atlas 45";

  private final XApiSimulator sim;
  private final int seeded;

  private XDemo(XApiSimulator sim, int seeded) {
    this.sim = sim;
    this.seeded = seeded;
  }

  public static XDemo start() {
    XApiSimulator sim = XApiSimulator.builder().bearerToken(TOKEN).start();
    try (InputStream in = XDemo.class.getClassLoader().getResourceAsStream(SEED)) {
      if (in == null) {
        throw new IllegalStateException("demo data " + SEED + " is missing from the jar");
      }
      return new XDemo(sim, sim.seed(in));
    } catch (IOException | RuntimeException e) {
      sim.close();
      throw new IllegalStateException("X demo data: " + e.getMessage(), e);
    }
  }

  /** The simulator, to add posts while the demo runs. */
  public XApiSimulator simulator() {
    return sim;
  }

  @Override
  public String channel() {
    return "x";
  }

  @Override
  public List<ChannelAccount> accounts() {
    XApiSimulator.User brand = sim.brand();
    PropertiesFile demo =
        new PropertiesFile(
            "demo mode",
            Map.ofEntries(
                Map.entry("channel", "x"),
                Map.entry("account", ACCOUNT),
                Map.entry("user.id", brand.id()),
                Map.entry("handle", brand.username()),
                Map.entry("display.name", brand.name()),
                Map.entry("bearer.token", TOKEN),
                Map.entry("api.base", sim.baseUrl()),
                Map.entry("poll.interval", "2s"),
                // brand listening (ADR 0041): posts naming the brand or its products without tagging it
                Map.entry("listen.keywords", LISTEN)));
    return List.of(ChannelAccount.of(demo, ACCOUNT));
  }

  @Override
  public String welcome() {
    return String.format(
        "X API simulator on %s with %d sample posts and DMs for @%s", sim.baseUrl(), seeded, sim.brand().username());
  }

  @Override
  public void close() {
    sim.close();
  }
}
