package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command and flag the command line had before picocli parsed it, and its errors. */
class OptionsTest {
  @Test
  void noArgumentsRunTheDaemonWithTheDefaultFolders() {
    Options o = Options.parse();
    assertThat(o.command()).isEqualTo("run");
    assertThat(o.configDir()).isEqualTo(Path.of("config"));
    assertThat(o.dataFolder()).isEqualTo(Path.of("data"));
    assertThat(o.httpPort()).isNull();
    assertThat(o.demo()).isFalse();
    assertThat(o.instance()).isNull();
  }

  @Test
  void daemonFlagsAreRead() {
    Options o = Options.parse("--config", "c", "--data", "d", "--http-port", "0", "--instance", "inbox-7", "--demo");
    assertThat(o).isEqualTo(new Options("run", Path.of("c"), Path.of("d"), 0, true, List.of(), false, "inbox-7"));
  }

  @Test
  void reindexTakesTheCommonOptions() {
    Options o = Options.parse("--config", "c", "reindex", "--data", "d");
    assertThat(o.command()).isEqualTo("reindex");
    assertThat(o.configDir()).isEqualTo(Path.of("c"));
    assertThat(o.dataDir()).isEqualTo(Path.of("d"));
  }

  @Test
  void demoWebhookIsTheDemoWithAReceiver() {
    Options o = Options.parse("--demo-webhook");
    assertThat(o.demo()).isTrue();
    assertThat(o.demoWebhook()).isTrue();
    assertThat(Options.parse("--demo").demoWebhook()).isFalse();
  }

  @Test
  void demoModeKeepsItsDataApart() {
    assertThat(Options.parse("--demo").dataFolder()).isEqualTo(Path.of("data", "demo"));
  }

  @Test
  void importTakesPathsAndTheCommonOptions() {
    Options o = Options.parse("import", "--config", "c", "--data", "d", "mail.mbox", "old/");
    assertThat(o.command()).isEqualTo("import");
    assertThat(o.configDir()).isEqualTo(Path.of("c"));
    assertThat(o.dataDir()).isEqualTo(Path.of("d"));
    assertThat(o.paths()).containsExactly(Path.of("mail.mbox"), Path.of("old/"));
  }

  @Test
  void optionsBeforeTheSubcommandStillCount() {
    Options o = Options.parse("--data", "d", "import", "mail.mbox");
    assertThat(o.dataDir()).isEqualTo(Path.of("d"));
    assertThat(o.paths()).containsExactly(Path.of("mail.mbox"));
  }

  @Test
  void importWithoutAPathSaysWhatItNeeds() {
    assertThatThrownBy(() -> Options.parse("import"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("import needs a folder of .eml files or an mbox file");
  }

  @Test
  void classifyAndItsShares() {
    assertThat(Options.parse("classify").command()).isEqualTo("classify");
    assertThat(Options.parse("classify").shares()).isFalse();
    assertThat(Options.parse("classify", "--shares").shares()).isTrue();
  }

  @Test
  void sharesWithoutClassifyIsRefused() {
    assertThatThrownBy(() -> Options.parse("--shares")).hasMessage("--shares goes with classify");
  }

  @Test
  void classifyTakesNoPath() {
    assertThatThrownBy(() -> Options.parse("classify", "texts.txt")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trainAndEvalTakeAnOptionalSharedDataFolder() {
    Options train = Options.parse("train", "--data", "d", "shared");
    assertThat(train.command()).isEqualTo("train");
    assertThat(train.dataDir()).isEqualTo(Path.of("d"));
    assertThat(train.paths()).containsExactly(Path.of("shared"));
    assertThat(Options.parse("train").paths()).isEmpty();
    assertThat(Options.parse("eval", "shared").paths()).containsExactly(Path.of("shared"));
    assertThat(Options.parse("eval").command()).isEqualTo("eval");
  }

  @Test
  void helpIsACommandOfItsOwn() {
    assertThat(Options.parse("--help").command()).isEqualTo("help");
    assertThat(Options.parse("-h").command()).isEqualTo("help");
    assertThat(Options.parse("import", "--help").command()).isEqualTo("help");
    assertThat(Options.help()).contains("--http-port").contains("import").contains("--shares");
  }

  @Test
  void aBadPortOrAnUnknownOptionIsOneLine() {
    assertThatThrownBy(() -> Options.parse("--http-port", "x"))
        .hasMessageContaining("--http-port must be a port number, not 'x'");
    assertThatThrownBy(() -> Options.parse("--http-port", "70000"))
        .hasMessageContaining("--http-port must be a port number, not '70000'");
    assertThatThrownBy(() -> Options.parse("--nope")).hasMessage("unknown option --nope");
    assertThatThrownBy(() -> Options.parse("--data")).isInstanceOf(IllegalArgumentException.class);
  }
}
