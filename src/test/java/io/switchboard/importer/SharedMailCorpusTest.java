package io.switchboard.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.Import;
import io.switchboard.Options;
import io.switchboard.store.Database;
import io.switchboard.support.HsqldbTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-world bad mail from the shared data (malformed MIME, broken boundaries, wrong charsets,
 * deep nesting, huge lines) through the real ingest route: every message is stored with readable
 * text or quarantined with its raw bytes and a reason; nothing stops the import.
 */
class SharedMailCorpusTest {
  private static final Path CORPUS = Path.of("").toAbsolutePath().getParent().resolve("shared/data/email");
  @TempDir Path dir;

  @Test
  void everySharedMessageShouldBeStoredOrQuarantinedWithAReason() throws Exception {
    assumeTrue(Files.isDirectory(CORPUS), "shared data absent");
    Path eml = Files.createDirectories(dir.resolve("eml"));
    List<Path> sources;
    try (Stream<Path> files = Files.walk(CORPUS)) {
      sources =
          files.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".msg") || p.getFileName().toString().matches("msg_\\d+\\.txt"))
              .sorted()
              .toList();
    }
    assumeTrue(!sources.isEmpty(), "no messages in the shared data");
    for (int i = 0; i < sources.size(); i++) {
      // copied only into this test's temp folder, never into the repository
      Files.copy(sources.get(i), eml.resolve(String.format("%03d.eml", i)));
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Import.run(
            new Options("import", Path.of("config"), dir.resolve("data"), null, false, List.of(eml)),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    Matcher m =
        Pattern.compile("imported (\\d+), duplicates (\\d+), quarantined (\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    int imported = Integer.parseInt(m.group(1));
    int duplicates = Integer.parseInt(m.group(2));
    int quarantined = Integer.parseInt(m.group(3));
    assertThat(imported + duplicates + quarantined).isEqualTo(sources.size());
    assertThat(imported).isGreaterThan(sources.size() / 2);
    try (Database db = HsqldbTemplate.open(dir.resolve("data"))) {
      long withoutText =
          db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM message WHERE text IS NULL").mapTo(Long.class).one());
      List<String> reasons =
          db.jdbi().withHandle(h -> h.createQuery("SELECT reason FROM quarantine").mapTo(String.class).list());
      long rawKept =
          db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM quarantine WHERE raw IS NOT NULL").mapTo(Long.class).one());
      assertThat(withoutText).isZero();
      assertThat(reasons).hasSize(quarantined).allSatisfy(r -> assertThat(r).isNotBlank());
      assertThat(rawKept).isEqualTo(quarantined);
    }
  }
}
