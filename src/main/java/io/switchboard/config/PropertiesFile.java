package io.switchboard.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loaded {@code .properties} file whose values may hold {@code {{env:NAME}}} or {@code
 * {{env:NAME:default}}} placeholders (the same syntax Camel uses, so route files and our code read
 * one configuration). Every lookup error names the file and the key.
 */
public final class PropertiesFile {
  private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}}");

  private final String name;
  private final Map<String, String> values;

  public PropertiesFile(String name, Map<String, String> values) {
    this.name = name;
    this.values = new TreeMap<>(values);
  }

  /** Loads a file, resolving env placeholders through {@code env}. */
  public static PropertiesFile load(Path file, UnaryOperator<String> env) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file.toString(), in, env);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "-", "cannot read: " + e.getMessage());
    }
  }

  /** Loads a classpath resource, resolving env placeholders through {@code env}. */
  public static PropertiesFile loadResource(String resource, UnaryOperator<String> env) {
    InputStream in = PropertiesFile.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new ConfigException("classpath:" + resource, "-", "missing from the jar");
    }
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse("classpath:" + resource, r, env);
    } catch (IOException e) {
      throw new ConfigException("classpath:" + resource, "-", "cannot read: " + e.getMessage());
    }
  }

  private static PropertiesFile parse(String name, Reader in, UnaryOperator<String> env)
      throws IOException {
    Properties p = new Properties();
    p.load(in);
    Map<String, String> resolved = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      resolved.put(key, resolveEnv(name, key, p.getProperty(key).trim(), env));
    }
    return new PropertiesFile(name, resolved);
  }

  private static String resolveEnv(
      String file, String key, String value, UnaryOperator<String> env) {
    Matcher m = ENV.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.apply(m.group(1));
      if (v == null) {
        v = m.group(2);
      }
      if (v == null) {
        throw new ConfigException(
            file, key, "environment variable " + m.group(1) + " is not set and has no default");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  public String name() {
    return name;
  }

  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }

  public Optional<String> find(String key) {
    String v = values.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public String get(String key) {
    return find(key).orElseThrow(() -> new ConfigException(name, key, "is required but missing"));
  }

  public String get(String key, String fallback) {
    return find(key).orElse(fallback);
  }

  public int getInt(String key, int fallback) {
    return find(key).map(v -> parseInt(key, v)).orElse(fallback);
  }

  public boolean getBoolean(String key, boolean fallback) {
    return find(key)
        .map(
            v -> {
              if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new ConfigException(name, key, "must be true or false, not '" + v + "'");
              }
              return Boolean.parseBoolean(v);
            })
        .orElse(fallback);
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** A duration written like {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 1d}. */
  public Duration getDuration(String key, Duration fallback) {
    return find(key)
        .map(
            v -> {
              Matcher m = DURATION.matcher(v.trim().toLowerCase(java.util.Locale.ROOT));
              if (!m.matches()) {
                throw new ConfigException(
                    name, key, "must be a duration like 500ms, 30s, 5m or 2h, not '" + v + "'");
              }
              long n = Long.parseLong(m.group(1));
              return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              };
            })
        .orElse(fallback);
  }

  /** {@link #getDuration}, refusing zero: for waits and timeouts where zero would spin or never wait. */
  public Duration getPositiveDuration(String key, Duration fallback) {
    Duration d = getDuration(key, fallback);
    if (d.isZero()) {
      throw new ConfigException(name, key, "must be longer than zero");
    }
    return d;
  }

  private int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(name, key, "must be a whole number, not '" + v + "'");
    }
  }

  /** A copy with some values replaced (command-line options win over files). */
  public PropertiesFile with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new PropertiesFile(name, merged);
  }
}
