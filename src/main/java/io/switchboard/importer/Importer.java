package io.switchboard.importer;

import io.switchboard.conversation.IngestGateway;
import io.switchboard.conversation.IngestItem;
import io.switchboard.model.RawInbound;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code import}: backfills .eml folders and mbox files through the same ingest route as IMAP
 * (dedupe, threading, tagging, quarantine), with a progress bar on a terminal and one summary line.
 * The bootstrap starts the route and hands it in as a gateway.
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

  /** Sends every item through ingest; returns the exit code. */
  public static int importAll(
      IngestGateway ingest, List<MailSource.Item> items, String account, PrintStream out) {
    Progress progress = new Progress(items.size(), System.console() != null ? System.err : null);
    int stored = 0;
    int duplicates = 0;
    int quarantined = 0;
    for (MailSource.Item item : items) {
      RawInbound raw = new RawInbound("email", account, item.ref(), item.bytes());
      IngestItem result = ingest.ingest(raw);
      switch (result.outcome()) {
        case STORED -> stored++;
        case DUPLICATE, QUARANTINED_BEFORE -> duplicates++;
        case QUARANTINED -> quarantined++;
        default -> throw new IllegalStateException("ingest left " + item.ref() + " " + result.outcome());
      }
      progress.step();
    }
    progress.done();
    out.printf("imported %d, duplicates %d, quarantined %d%n", stored, duplicates, quarantined);
    return 0;
  }
}
