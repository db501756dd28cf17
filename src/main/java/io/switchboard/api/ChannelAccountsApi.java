package io.switchboard.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.Settings;
import io.switchboard.store.ChannelHealth;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code GET /api/admin/channels} (admin only): every channel account this instance was started
 * with, the files in {@code config/channels/} that are switched off, and each one's health (state,
 * last successful poll, last error). Accounts are changed in their files and take effect at the
 * next start, so the page can never leave a file half-written or out of step with the running
 * pollers; what an admin can do at once is {@code POST /api/admin/channels/{account}/pause} and
 * {@code .../resume}: reading the account stops on every instance until resumed (audited).
 *
 * <p>Secrets never leave the server: a setting whose key names a password, secret, token, key or
 * credential is listed by name only, and user names and passwords inside URLs are dropped.
 */
public final class ChannelAccountsApi implements ApiFeature {
  private static final Set<String> ADMIN = Set.of("admin");
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|key|credential|auth|cookie).*");
  private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

  private final Settings settings;
  private final ChannelHealth health;
  private final Consumer<String> pauseChanged;

  /** @param pauseChanged told of an account paused or resumed here, so this instance obeys at once */
  public ChannelAccountsApi(Settings settings, ChannelHealth health, Consumer<String> pauseChanged) {
    this.settings = settings;
    this.health = health;
    this.pauseChanged = pauseChanged;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/admin/channels", this::list, Access.allow(ADMIN, "see channel accounts"));
    routes.post("/api/admin/channels/{account}/pause", ctx -> setPaused(ctx, true), Access.allow(ADMIN, "pause a channel account"));
    routes.post("/api/admin/channels/{account}/resume", ctx -> setPaused(ctx, false), Access.allow(ADMIN, "resume a channel account"));
  }

  private void setPaused(Context ctx, boolean paused) {
    String account = ctx.pathParam("account");
    boolean running = settings.accounts().stream().anyMatch(a -> a.id().equals(account));
    if (!running || !health.setPaused(account, paused, Http.user(ctx).username())) {
      throw new ApiException(404, "no running channel account " + account);
    }
    pauseChanged.accept(account);
    ctx.json(
        accounts().stream()
            .filter(row -> account.equals(row.get("account")))
            .findFirst()
            .orElseThrow());
  }

  private void list(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.json(Map.of("items", accounts()));
  }

  /** One row per account: running ones first, in configuration order, then switched-off files. */
  List<Map<String, Object>> accounts() {
    Map<String, ChannelHealth.State> states =
        health.all().stream().collect(Collectors.toMap(ChannelHealth.State::account, Function.identity()));
    List<Map<String, Object>> rows = new ArrayList<>();
    Set<String> listed = new TreeSet<>();
    for (ChannelAccount a : settings.accounts()) {
      listed.add(a.id());
      rows.add(row(a.id(), a.channel(), true, fileName(a.settings().name()), a.settings().asMap(), states.get(a.id())));
    }
    for (Map.Entry<String, Properties> off : switchedOff(listed).entrySet()) {
      Properties p = off.getValue();
      Map<String, String> values = new TreeMap<>();
      p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
      String id = values.getOrDefault("account", off.getKey().replace(".properties", ""));
      listed.add(id);
      rows.add(row(id, values.getOrDefault("channel", "?"), false, off.getKey(), values, states.get(id)));
    }
    // accounts the database remembers from an earlier start but that are configured no more
    states.values().stream()
        .filter(s -> !listed.contains(s.account()))
        .forEach(s -> rows.add(row(s.account(), s.channel(), false, null, Map.of(), s)));
    return rows;
  }

  private static Map<String, Object> row(
      String id, String channel, boolean enabled, String file, Map<String, String> values, ChannelHealth.State state) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account", id);
    m.put("channel", channel);
    m.put("enabled", enabled);
    m.put("file", file);
    m.put("status", !enabled ? (file == null ? "REMOVED" : "DISABLED") : state == null ? "STARTING" : state.status());
    m.put("lastSuccessAt", state == null ? null : state.lastSuccessAt());
    m.put("lastError", state == null ? null : redactUrls(state.lastError()));
    m.put("lastErrorAt", state == null ? null : state.lastErrorAt());
    m.put("pausedAt", state == null ? null : state.pausedAt());
    m.put("pausedBy", state == null ? null : state.pausedBy());
    Map<String, String> shown = new TreeMap<>();
    List<String> secrets = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (k.equals("account") || k.equals("channel") || k.equals("enabled")) {
            return;
          }
          if (SECRET_KEY.matcher(k).matches()) {
            if (!v.isBlank()) {
              secrets.add(k);
            }
          } else {
            shown.put(k, redactUrls(v));
          }
        });
    m.put("settings", shown);
    m.put("secrets", secrets.stream().sorted().toList());
    return m;
  }

  /** {@code scheme://user:pass@host} loses its user information. */
  static String redactUrls(String s) {
    return s == null ? null : URL_USERINFO.matcher(s).replaceAll("$1");
  }

  /** The channel files that are not among the running accounts, by file name; raw values. */
  private Map<String, Properties> switchedOff(Set<String> running) {
    Map<String, Properties> off = new TreeMap<>();
    Path dir = settings.configDir().resolve("channels");
    if (!Files.isDirectory(dir)) {
      return off;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".properties")).toList()) {
        String name = f.getFileName().toString();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(in);
        } catch (IOException | IllegalArgumentException e) {
          continue;
        }
        String id = p.getProperty("account", name.replace(".properties", "")).trim();
        if (!running.contains(id) && !runningFile(name)) {
          off.put(name, p);
        }
      }
    } catch (IOException e) {
      throw new ApiException(500, "cannot list the channel files: " + e.getMessage());
    }
    return off;
  }

  private boolean runningFile(String name) {
    return settings.accounts().stream().anyMatch(a -> name.equals(fileName(a.settings().name())));
  }

  private static String fileName(String name) {
    if (name == null || !name.endsWith(".properties")) {
      return null;
    }
    return Path.of(name).getFileName().toString();
  }
}
