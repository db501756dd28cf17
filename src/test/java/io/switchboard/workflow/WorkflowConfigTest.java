package io.switchboard.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigException;
import io.switchboard.workflow.routing.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teams.yaml}: the shipped file reads, defaults fill in, mistakes name the file and the problem. */
class WorkflowConfigTest {
  @TempDir Path dir;

  WorkflowConfig load(String yaml) throws Exception {
    Files.createDirectories(dir.resolve("workflow"));
    Files.writeString(dir.resolve(WorkflowConfig.FILE), yaml);
    return WorkflowConfig.load(dir);
  }

  @Test
  void theShippedFileShouldRead() {
    WorkflowConfig c = WorkflowConfig.load(Path.of("config"));
    assertThat(c.defaultTeam()).isEqualTo("support");
    assertThat(c.teams()).extracting(t -> t.name()).contains("support");
    assertThat(c.departments()).extracting(d -> d.name()).containsExactly("billing", "logistics", "product");
  }

  @Test
  void noFileShouldMeanNoRouting() {
    WorkflowConfig c = WorkflowConfig.load(dir);
    assertThat(c.teams()).isEmpty();
    assertThat(c.defaultTeam()).isNull();
  }

  @Test
  void membersWithoutAProfileShouldGetTheDefaults() throws Exception {
    WorkflowConfig c = load("""
        defaultCapacity: 4
        teams:
          - name: support
            members: [bo, ada]
        agents:
          - username: ada
            languages: [EN, de]
            available: false
        defaultTeam: support
        """);
    assertThat(c.teams().get(0).members()).containsExactly("ada", "bo");
    assertThat(c.allAgents())
        .containsExactly(
            new Agent("ada", java.util.List.of("en", "de"), java.util.List.of(), 4, false),
            new Agent("bo", java.util.List.of(), java.util.List.of(), 4, true));
  }

  @Test
  void mistakesShouldNameTheFileAndTheProblem() {
    assertThatThrownBy(() -> load("teams:\n  - name: support\nrules:\n  - team: billing\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("teams.yaml")
        .hasMessageContaining("names no team: billing");
    assertThatThrownBy(() -> load("agents:\n  - username: ada\n    languages: [english]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("language 'english' must be a two-letter code");
    assertThatThrownBy(() -> load("teams:\n  - name: support\n    membres: [ada]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("membres");
    assertThatThrownBy(() -> load("departments:\n  - name: billing\n    address: not-an-address\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not an email address");
  }
}
