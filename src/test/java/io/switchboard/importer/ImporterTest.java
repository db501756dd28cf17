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
