package io.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlBindingTest {
  record Limit(Integer max, Boolean strict) {}

  record Item(String name, List<String> tags) {
    Item {
      if (name != null && name.contains(" ")) {
        throw new IllegalArgumentException("name '" + name + "' must be one word");
      }
    }
  }

  record Doc(String title, Map<String, Limit> limits, List<Item> items, List<String> tags) {}

  @TempDir Path tmp;

  private static Doc read(String yaml) {
    return YamlBinding.read("doc.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Doc.class);
  }

  @Test
  void aWellFormedFileShouldBindWithASingleValueAsAListOfOne() {
    Doc d = read("title: T\nlimits:\n  a: {max: 3, strict: true}\nitems:\n  - name: x\n    tags: one\ntags: [p, q]\n");

    assertThat(d.title()).isEqualTo("T");
    assertThat(d.limits().get("a")).isEqualTo(new Limit(3, true));
    assertThat(d.items().get(0).tags()).containsExactly("one");
    assertThat(d.tags()).containsExactly("p", "q");
  }

  @Test
  void anUnknownKeyShouldNameItsPathAndTheKnownKeys() {
    assertThatThrownBy(() -> read("limits:\n  a:\n    maxx: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("doc.yaml: limits.a.maxx: unknown key; expected one of [")
        .hasMessageContaining("max")
        .hasMessageContaining("strict");
  }

  @Test
  void aWrongTypeShouldSayWhatIsExpected() {
    assertThatThrownBy(() -> read("limits:\n  a:\n    max: lots\n")).hasMessage("doc.yaml: limits.a.max: must be a whole number");
    assertThatThrownBy(() -> read("limits:\n  a:\n    max: 1.5\n")).hasMessage("doc.yaml: limits.a.max: must be a whole number");
    assertThatThrownBy(() -> read("limits:\n  a:\n    max: \"3\"\n")).hasMessage("doc.yaml: limits.a.max: must be a whole number");
    assertThatThrownBy(() -> read("limits:\n  a:\n    strict: maybe\n")).hasMessage("doc.yaml: limits.a.strict: must be true or false");
    assertThatThrownBy(() -> read("title: [a, b]\n")).hasMessage("doc.yaml: title: must be a single value");
    assertThatThrownBy(() -> read("limits: [a]\n")).hasMessage("doc.yaml: limits: must be a mapping of keys to values");
    // a single value stands for a list of one, so a mapping where a list belongs is read as one entry
    assertThatThrownBy(() -> read("items:\n  a: b\n")).hasMessageStartingWith("doc.yaml: items[0].a: unknown key");
  }

  @Test
  void aListEntryShouldBeNamedByItsIndex() {
    assertThatThrownBy(() -> read("items:\n  - name: a\n  - name: b\n    tags: {x: 1}\n"))
        .hasMessage("doc.yaml: items[1].tags[0]: must be a single value");
  }

  @Test
  void aRecordRefusingItsValuesShouldGiveItsReasonAtItsPath() {
    assertThatThrownBy(() -> read("items:\n  - name: two words\n"))
        .hasMessage("doc.yaml: items[0]: name 'two words' must be one word");
  }

  @Test
  void brokenYamlAndDuplicateKeysShouldNameTheLine() {
    assertThatThrownBy(() -> read("title: T\ntags: [a\n")).hasMessageMatching("doc\\.yaml: line \\d+: not valid YAML: .*");
    assertThatThrownBy(() -> read("title: T\ntitle: U\n")).hasMessageMatching("doc\\.yaml: line \\d+: duplicate key 'title'");
  }

  @Test
  void anEmptyFileShouldBeAnErrorUnlessTheCallerHasADefault() throws Exception {
    assertThatThrownBy(() -> read("# nothing\n")).hasMessage("doc.yaml: -: the file is empty");
    assertThatThrownBy(() -> read("- a\n")).hasMessage("doc.yaml: -: must be a mapping of keys to values");
    Path file = Files.writeString(tmp.resolve("empty.yaml"), "# nothing yet\n");
    Doc none = new Doc(null, null, null, null);
    assertThat(YamlBinding.read(file, Doc.class, none)).isSameAs(none);
  }

  @Test
  void keysShouldBuildPathsForTheCallersOwnChecks() {
    YamlBinding.Key k = YamlBinding.Key.root("doc.yaml").at("items").at(2).at("name");
    assertThat(k.error("is missing")).hasMessage("doc.yaml: items[2].name: is missing");
    assertThat(YamlBinding.Key.root("doc.yaml").error("no such file")).hasMessage("doc.yaml: -: no such file");
  }
}
