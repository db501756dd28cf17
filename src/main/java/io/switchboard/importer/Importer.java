package io.switchboard.importer;

import io.switchboard.conversation.IngestBatch;
import io.switchboard.conversation.IngestItem;
import io.switchboard.model.PollBatch;
import io.switchboard.model.RawInbound;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code import}: backfills .eml folders and mbox files through the same ingest route as IMAP
 * (dedupe, threading, tagging, quarantine), with a progress bar on a terminal and one summary line.
 * The bootstrap starts the route and hands it in as a function from poll batch to result.
 */
public final class Importer {
  private Importer() {}

  /** Every item under the given paths; prints why and returns null when one cannot be read. */
  public static List<MailSource.Item> read(List<Path> paths, PrintStream out) {
    List<MailSource.Item> items = new ArrayList<>();
    for (Path p : paths) {
      try {
        items.addAll(MailSource.read(p));
      } catch (IOException e) {
        out.println("switchboard: cannot read " + p + ": " + e.getMessage());
        return null;
      }
    }
    return items;
  }

  /** Items handed to the ingest route at a time: its store step commits 200 messages per transaction. */
  static final int BATCH = 200;

  /**
   * Sends every item through the ingest route, {@value #BATCH} at a time, as a poll batch without
   * a cursor; returns the exit code.
   */
  public static int importAll(
      Function<PollBatch, IngestBatch> route, List<MailSource.Item> items, String account, PrintStream out) {
    Progress progress = new Progress(items.size(), System.console() != null ? System.err : null);
    int stored = 0;
    int duplicates = 0;
    int quarantined = 0;
    for (int from = 0; from < items.size(); from += BATCH) {
      List<RawInbound> raws =
          items.subList(from, Math.min(items.size(), from + BATCH)).stream()
              .map(item -> new RawInbound("email", account, item.ref(), item.bytes()))
              .toList();
      for (IngestItem result : route.apply(new PollBatch(account, null, null, raws)).items()) {
        switch (result.outcome()) {
          case STORED -> stored++;
          case DUPLICATE, QUARANTINED_BEFORE -> duplicates++;
          case QUARANTINED -> quarantined++;
          default -> throw new IllegalStateException("ingest left " + result.raw().sourceRef() + " " + result.outcome());
        }
        progress.step();
      }
    }
    progress.done();
    out.printf("imported %d, duplicates %d, quarantined %d%n", stored, duplicates, quarantined);
    return 0;
  }
}
