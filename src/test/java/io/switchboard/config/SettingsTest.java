package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  private Path write(String file, String content) throws Exception {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void envPlaceholdersShouldResolveWithDefaults() throws Exception {
    Path f = write("a.properties", "host = {{env:SB_HOST:localhost}}\nuser = {{env:SB_USER}}@x\n");
    PropertiesFile p = PropertiesFile.load(f, Map.of("SB_USER", "ann")::get);
    assertThat(p.get("host")).isEqualTo("localhost");
    assertThat(p.get("user")).isEqualTo("ann@x");
  }

  @Test
  void missingEnvironmentVariableShouldNameFileKeyAndVariable() throws Exception {
    Path f = write("b.properties", "imap.password = {{env:SB_SECRET}}\n");
    assertThatThrownBy(() -> PropertiesFile.load(f, Map.<String, String>of()::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("b.properties")
        .hasMessageContaining("imap.password")
        .hasMessageContaining("SB_SECRET");
  }

  @Test
  void badValuesShouldNameFileKeyAndProblem() throws Exception {
    PropertiesFile p = PropertiesFile.load(write("c.properties", "port = eighty\nidle = maybe\nwait = soon\n"), k -> null);
    assertThatThrownBy(() -> p.getInt("port", 1)).hasMessage(dir.resolve("c.properties") + ": port: must be a whole number, not 'eighty'");
    assertThatThrownBy(() -> p.getBoolean("idle", true)).hasMessageContaining("idle: must be true or false");
    assertThatThrownBy(() -> p.getDuration("wait", Duration.ZERO)).hasMessageContaining("wait: must be a duration");
    assertThatThrownBy(() -> p.get("absent")).hasMessageContaining("absent: is required but missing");
  }

  @Test
  void durationsShouldAcceptCommonUnits() throws Exception {
    PropertiesFile p = PropertiesFile.load(write("d.properties", "a = 500ms\nb = 30s\nc = 5m\nd = 2h\n"), k -> null);
    assertThat(p.getDuration("a", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.getDuration("b", null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.getDuration("c", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.getDuration("d", null)).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void channelAccountsShouldLoadEnabledFilesAndRejectUnknownChannels() throws Exception {
    write("application.properties", "switchboard.http.port = 9000\n");
    write("channels/mail-a.properties", "channel = email\naddress = a@x.test\n");
    write("channels/off.properties", "enabled = false\nchannel = email\n");
    Settings s = Settings.load(dir, Map.of("switchboard.http.port", "9001"), k -> null);
    assertThat(s.accounts()).extracting(ChannelAccount::id).containsExactly("mail-a");
    assertThat(s.app().get("switchboard.http.port")).isEqualTo("9001");

    write("channels/bad.properties", "channel = pigeon\n");
    assertThatThrownBy(() -> Settings.load(dir, Map.of(), k -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.properties")
        .hasMessageContaining("channel")
        .hasMessageContaining("pigeon");
  }

  @Test
  void shippedConfigurationShouldLoadWithoutAnyEnvironment() {
    Settings s = Settings.load(Path.of("config"), Map.of(), k -> null);
    assertThat(s.app().getInt("switchboard.http.port", 0)).isEqualTo(8080);
    assertThat(s.accounts()).isEmpty();
  }

  @Test
  void theDefaultInstanceNameShouldStayTheSameAcrossStartsAndDifferPerDataFolder() throws Exception {
    Path config = write("application.properties", "switchboard.http.port = 0\n");
    Path dataA = dir.resolve("data-a");
    String first = Settings.load(config.getParent(), Map.of(), k -> null).withInstanceName(null, dataA).instanceName();
    String again = Settings.load(config.getParent(), Map.of(), k -> null).withInstanceName(null, dir.resolve("data-a/.")).instanceName();
    assertThat(again).isEqualTo(first);
    assertThat(first).doesNotContain(String.valueOf(ProcessHandle.current().pid()) + "@");
    assertThat(Settings.defaultInstanceName(dir.resolve("data-b"))).isNotEqualTo(first);

    Files.writeString(config, "switchboard.instance = inbox-1\n");
    Settings configured = Settings.load(config.getParent(), Map.of(), k -> null);
    assertThat(configured.withInstanceName(null, dataA).instanceName()).isEqualTo("inbox-1");
    String given = io.switchboard.Options.parse("--instance", "inbox-7").instance();
    assertThat(configured.withInstanceName(given, dataA).instanceName()).as("the command line wins").isEqualTo("inbox-7");
  }

  @Test
  void routesPatternNamesEachPackagedRouteFileWithoutAWildcard() throws Exception {
    String pattern = Settings.routesPattern(dir.resolve("no-routes-here"), "*", "ingest");

    assertThat(pattern).doesNotContain("*");
    java.util.List<String> files = java.util.Arrays.asList(pattern.split(","));
    assertThat(files).allMatch(f -> f.startsWith("classpath:routes/") && f.endsWith(".camel.yaml"));
    long packaged;
    try (var listed = Files.list(Settings.packaged("routes"))) {
      packaged = listed.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).count();
    }
    assertThat(files).hasSize((int) packaged + 1).contains("classpath:routes/ingest.camel.yaml", "classpath:routes/email-inbound.camel.yaml");
  }

  @Test
  void routesPatternUsesTheFolderBesideTheStartWhenThereIsOne() throws Exception {
    Path routes = Files.createDirectories(dir.resolve("routes"));

    assertThat(Settings.routesPattern(routes, "*"))
        .isEqualTo("file:" + routes.toAbsolutePath() + "/*.camel.yaml");
  }
}
