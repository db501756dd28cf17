package io.switchboard.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything read from the configuration folder: {@code application.properties} and the channel
 * accounts. The folder next to where Switchboard is started wins; without one, the copy packaged
 * in the jar is used.
 */
public record Settings(Path configDir, PropertiesFile app, List<ChannelAccount> accounts) {

  /**
   * This instance's name where several share a database ({@code switchboard.instance}, or {@code
   * --instance NAME}): it holds outbox and poller leases and claims scheduled runs. The daemon sets
   * a default that survives restarts ({@link #withInstanceName}); without one, the JVM's pid@host.
   */
  public String instanceName() {
    return app.get("switchboard.instance", java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
  }

  /**
   * These settings with the instance name decided: {@code given} (the command line) wins, then
   * {@code switchboard.instance}, then {@link #defaultInstanceName}. A name that stays the same
   * across restarts lets a restarted instance take its own poller leases back at once instead of
   * waiting for them to expire.
   */
  public Settings withInstanceName(String given, Path dataDir) {
    String name = given != null && !given.isBlank() ? given.strip()
        : app.find("switchboard.instance").orElseGet(() -> defaultInstanceName(dataDir));
    return new Settings(configDir, app.with(Map.of("switchboard.instance", name)), accounts);
  }

  /**
   * The host name and a digest of the data folder's absolute path: the same for every start of
   * one installation, different for two installations on one host.
   */
  public static String defaultInstanceName(Path dataDir) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return host + "-" + java.util.HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Settings load(Path requested, Map<String, String> overrides, UnaryOperator<String> env) {
    Path dir = Files.isDirectory(requested) ? requested : packaged("config");
    PropertiesFile app = PropertiesFile.load(dir.resolve("application.properties"), env).with(overrides);
    return new Settings(dir, app, ChannelAccount.loadAll(dir, env));
  }

  /** The folder {@code name} packaged with the classes (a folder in the jar, or target/classes). */
  public static Path packaged(String name) {
    URL url = Settings.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new ConfigException(name, "-", "no such folder here and none packaged in the jar");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          // opened by an earlier call: Path.of finds it
        }
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new ConfigException(name, "-", "cannot open packaged copy: " + e.getMessage());
    }
  }

  /**
   * Camel's routes include pattern for the named route files ({@code *} for all): the {@code
   * routes/} folder next to where Switchboard is started, else the copies in the jar.
   */
  public static String routesPattern(String... names) {
    return routesPattern(Path.of("routes"), names);
  }

  /**
   * As {@link #routesPattern(String...)} with {@code routes} as the folder looked for. In the jar
   * every file is named, wildcards expanded here: Camel would find a wildcard by inflating each of
   * the jar's entries, about 3 s of a start (ADR 0079).
   */
  static String routesPattern(Path routes, String... names) {
    if (Files.isDirectory(routes)) {
      String base = "file:" + routes.toAbsolutePath() + "/";
      return String.join(",", Arrays.stream(names).map(n -> base + n + ".camel.yaml").toList());
    }
    List<String> files = new ArrayList<>();
    for (String name : names) {
      if (name.contains("*")) {
        files.addAll(packagedFiles("routes", name + ".camel.yaml"));
      } else {
        files.add(name + ".camel.yaml");
      }
    }
    return String.join(",", files.stream().map(f -> "classpath:routes/" + f).toList());
  }

  /** The names of the files in the packaged folder {@code name} ({@link #packaged}) that match {@code glob}, sorted. */
  public static List<String> packagedFiles(String name, String glob) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(packaged(name), glob)) {
      files.forEach(f -> found.add(f.getFileName().toString()));
    } catch (IOException e) {
      throw new ConfigException(name, "-", "cannot list the packaged copy: " + e.getMessage());
    }
    Collections.sort(found);
    return found;
  }
}
