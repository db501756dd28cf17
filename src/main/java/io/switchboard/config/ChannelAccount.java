package io.switchboard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One channel account (a mailbox, an X brand account, a Facebook Page), read from one file in
 * {@code config/channels/}. The file name without {@code .properties} is the account id unless the
 * file sets {@code account}.
 */
public record ChannelAccount(String id, String channel, PropertiesFile settings) {
  public static final Set<String> CHANNELS = Set.of("email", "x", "facebook", "instagram");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");

  public static ChannelAccount of(PropertiesFile file, String defaultId) {
    String id = file.get("account", defaultId);
    if (!ID.matcher(id).matches()) {
      throw new ConfigException(
          file.name(), "account", "'" + id + "' must be lower-case letters, digits, - or _");
    }
    String channel = file.get("channel");
    if (!CHANNELS.contains(channel)) {
      throw new ConfigException(
          file.name(), "channel", "'" + channel + "' is not one of " + CHANNELS);
    }
    return new ChannelAccount(id, channel, file);
  }

  /** Every enabled account in {@code dir/channels/*.properties}, in file-name order. */
  public static List<ChannelAccount> loadAll(Path dir, UnaryOperator<String> env) {
    Path channels = dir.resolve("channels");
    List<ChannelAccount> accounts = new ArrayList<>();
    if (!Files.isDirectory(channels)) {
      return accounts;
    }
    try (Stream<Path> files = Files.list(channels)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".properties")).sorted().toList()) {
        PropertiesFile props = PropertiesFile.load(f, env);
        if (!props.getBoolean("enabled", true)) {
          continue;
        }
        String name = f.getFileName().toString().replace(".properties", "");
        ChannelAccount account = of(props, name);
        if (accounts.stream().anyMatch(a -> a.id().equals(account.id()))) {
          throw new ConfigException(f.toString(), "account", "'" + account.id() + "' is used twice");
        }
        accounts.add(account);
      }
    } catch (IOException e) {
      throw new ConfigException(channels.toString(), "-", "cannot list: " + e.getMessage());
    }
    return accounts;
  }
}
