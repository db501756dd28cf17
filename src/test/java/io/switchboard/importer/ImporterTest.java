package io.switchboard.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Import;
import io.switchboard.Options;
import io.switchboard.support.TestMail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill goes through the same ingest route: dedupe, threading, quarantine. */
class ImporterTest {
  @TempDir Path dir;

  private String run(Path... paths) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Import.run(
            new Options("import", Path.of("config"), dir.resolve("data"), null, false, List.of(paths)),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    String text = out.toString(StandardCharsets.UTF_8).trim();
    return text.substring(text.lastIndexOf('\n') + 1);
  }

  @Test
  void folderOfEmlFilesShouldImportAndQuarantineTheBrokenOne() throws Exception {
    Path eml = Files.createDirectories(dir.resolve("eml"));
    Files.writeString(eml.resolve("1.eml"), TestMail.email("a@example.com", "<i1@example.com>", "Hi", "one", null));
    Files.writeString(eml.resolve("2.eml"), TestMail.email("a@example.com", "<i2@example.com>", "Re: Hi", "two", "<i1@example.com>"));
    Files.writeString(eml.resolve("3.eml"), "Subject: nobody\r\n\r\nno sender\r\n");

    assertThat(run(eml)).isEqualTo("imported 2, duplicates 0, quarantined 1");
    // a second run finds everything already there
    assertThat(run(eml)).isEqualTo("imported 0, duplicates 3, quarantined 0");
  }

  @Test
  void manyFilesShouldBeStoredOnceWithinAndAcrossTheirBatches() throws Exception {
    Path eml = Files.createDirectories(dir.resolve("many"));
    int n = Importer.BATCH * 2 + 50;
    for (int i = 0; i < n; i++) {
      Files.writeString(
          eml.resolve(String.format("%04d.eml", i)),
          TestMail.email("c" + (i % 7) + "@example.com", "<b" + i + "@example.com>", "Order " + i, "body " + i, null));
    }
    // the first message again, beside it in the first batch, and the second again at the very end
    Files.writeString(eml.resolve("0000-copy.eml"), TestMail.email("c0@example.com", "<b0@example.com>", "Order 0", "body 0", null));
    Files.writeString(eml.resolve("9999-copy.eml"), TestMail.email("c1@example.com", "<b1@example.com>", "Order 1", "body 1", null));

    assertThat(run(eml)).isEqualTo("imported " + n + ", duplicates 2, quarantined 0");
  }

  @Test
  void mboxShouldSplitIntoMessagesAndUndoFromQuoting() throws Exception {
    String mbox =
        "From a@example.com Mon Nov 23 10:00:00 2026\n"
            + TestMail.email("a@example.com", "<m1@example.com>", "First", "line\n>From the start", null).replace("\r\n", "\n")
            + "\nFrom b@example.com Mon Nov 23 11:00:00 2026\n"
            + TestMail.email("b@example.com", "<m2@example.com>", "Second", "hello", null).replace("\r\n", "\n");
    List<MailSource.Item> items = MailSource.splitMbox("box", mbox.getBytes(StandardCharsets.UTF_8));
    assertThat(items).hasSize(2);
    assertThat(new String(items.get(0).bytes(), StandardCharsets.UTF_8)).contains("\nFrom the start").doesNotContain(">From");
    assertThat(items.get(1).ref()).isEqualTo("box#2");

    Path file = dir.resolve("archive.mbox");
    Files.writeString(file, mbox);
    assertThat(run(file)).isEqualTo("imported 2, duplicates 0, quarantined 0");
  }
}
