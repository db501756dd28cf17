package io.switchboard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.sim.facebook.GraphApiSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo mode's Facebook side: the Graph API simulator on loopback, seeded from {@code
 * sim/facebook/seed.json} (comments on two Page posts, Messenger conversations, Instagram comments
 * and a Direct message for Northwind Travel Gear, timed relative to now), and a Facebook and an
 * Instagram account pointing at it.
 */
public final class FacebookDemo implements DemoChannel {
  private static final String SEED = "sim/facebook/seed.json";

  private final GraphApiSimulator sim;
  private final int seeded;

  private FacebookDemo(GraphApiSimulator sim, int seeded) {
    this.sim = sim;
    this.seeded = seeded;
  }

  public static FacebookDemo start() {
    JsonNode seed = readSeed();
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    GraphApiSimulator sim =
        GraphApiSimulator.start(
            "demo-" + HexFormat.of().formatHex(random),
            seed.path("page").path("id").asText(),
            seed.path("page").path("name").asText(),
            seed.path("instagram").path("id").asText(),
            seed.path("instagram").path("username").asText());
    try {
      return new FacebookDemo(sim, seed(sim, seed, Instant.now()));
    } catch (RuntimeException e) {
      sim.close();
      throw new IllegalStateException("demo seed " + SEED + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readSeed() {
    try (InputStream in = FacebookDemo.class.getClassLoader().getResourceAsStream(SEED)) {
      if (in == null) {
        throw new IllegalStateException("demo seed " + SEED + " is missing from the jar");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("demo seed " + SEED + ": " + e.getMessage(), e);
    }
  }

  /** Loads the seed into the simulator; returns how many customer comments and messages it holds. */
  static int seed(GraphApiSimulator sim, JsonNode seed, Instant now) {
    int n = 0;
    for (JsonNode post : seed.path("posts")) {
      String postId = sim.addPost(post.path("message").asText(), ago(now, post));
      n += comments(sim, postId, post.path("comments"), now);
    }
    for (JsonNode media : seed.path("instagramMedia")) {
      String mediaId = sim.addMedia(media.path("caption").asText(), ago(now, media));
      n += comments(sim, mediaId, media.path("comments"), now);
    }
    n += conversations(sim, "messenger", seed.path("messenger"), now);
    n += conversations(sim, "instagram", seed.path("instagramDirect"), now);
    // posts that name the Page without being written to it, for brand listening (ADR 0041)
    for (JsonNode m : seed.path("listening")) {
      JsonNode user = m.path("user");
      sim.mention(m.path("edge").asText(), user.path("id").asText(), user.path("name").asText(), m.path("text").asText(), ago(now, m));
    }
    return n;
  }

  private static int comments(GraphApiSimulator sim, String objectId, JsonNode comments, Instant now) {
    int n = 0;
    for (JsonNode c : comments) {
      JsonNode user = c.path("user");
      String id = sim.comment(objectId, user.path("id").asText(), user.path("name").asText(), c.path("text").asText(), ago(now, c));
      n++;
      for (JsonNode r : c.path("replies")) {
        if (r.path("page").asBoolean()) {
          sim.pageReply(id, r.path("text").asText(), ago(now, r));
        } else {
          JsonNode u = r.path("user");
          sim.reply(id, u.path("id").asText(), u.path("name").asText(), r.path("text").asText(), ago(now, r));
          n++;
        }
      }
    }
    return n;
  }

  private static int conversations(GraphApiSimulator sim, String platform, JsonNode conversations, Instant now) {
    int n = 0;
    for (JsonNode c : conversations) {
      JsonNode user = c.path("user");
      for (JsonNode m : c.path("messages")) {
        if (m.path("page").asBoolean()) {
          sim.pageMessage(platform, user.path("id").asText(), m.path("text").asText(), ago(now, m));
        } else {
          sim.message(platform, user.path("id").asText(), user.path("name").asText(), m.path("text").asText(), ago(now, m));
          n++;
        }
      }
    }
    return n;
  }

  private static Instant ago(Instant now, JsonNode node) {
    return now.minus(Duration.ofMinutes(node.path("minutesAgo").asLong(0)));
  }

  @Override
  public String channel() {
    return "facebook";
  }

  /** A Facebook Page account and its Instagram account, both on the simulator. */
  @Override
  public List<ChannelAccount> accounts() {
    return List.of(
        account("demo-facebook", "facebook", "comments, messenger, tagged, visitor_posts"),
        account("demo-instagram", "instagram", "comments, messages, tags"));
  }

  private ChannelAccount account(String id, String channel, String streams) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("channel", channel);
    s.put("account", id);
    s.put("page.id", sim.pageId());
    if (channel.equals("instagram")) {
      s.put("instagram.account.id", sim.instagramId());
    }
    s.put("access.token", sim.token());
    s.put("graph.url", sim.baseUrl());
    s.put("streams", streams);
    s.put("poll.interval", "2s");
    s.put("retry.base", "200ms");
    s.put("rate.limit.backoff", "5s");
    s.put("backoff.max", "30s");
    return ChannelAccount.of(new PropertiesFile("demo mode", s), id);
  }

  @Override
  public String welcome() {
    return String.format(
        "Graph API simulator on %s with %d sample comments and messages for the Facebook Page and Instagram account of Northwind Travel Gear",
        sim.baseUrl(), seeded);
  }

  @Override
  public void close() {
    sim.close();
  }
}
