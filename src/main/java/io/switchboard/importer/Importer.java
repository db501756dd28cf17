package io.switchboard.importer;

import io.switchboard.CamelMain;
import io.switchboard.Options;
import io.switchboard.Services;
import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.email.EmailModule;
import io.switchboard.channel.RawInbound;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.Settings;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.IngestItem;
import io.switchboard.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * {@code import}: backfills .eml folders and mbox files through the same ingest route as IMAP
 * (dedupe, threading, tagging, quarantine), with a progress bar on a terminal and one summary line.
 */
public final class Importer {
  private Importer() {}

  /** Runs the import; returns the exit code (0 unless the store itself failed). */
  public static int run(Options options, PrintStream out) {
    Settings settings = Settings.load(options.configDir(), Map.of(), System.getenv()::get);
    List<MailSource.Item> items = new ArrayList<>();
    for (Path p : options.paths()) {
      try {
        items.addAll(MailSource.read(p));
      } catch (IOException e) {
        out.println("switchboard: cannot read " + p + ": " + e.getMessage());
        return 1;
      }
    }
    String account =
        settings.accounts().stream()
            .filter(a -> a.channel().equals("email"))
            .map(ChannelAccount::id)
            .findFirst()
            .orElse("import");
    try (Database db = Database.embeddedOr(settings.app(), options.dataFolder())) {
      ChannelContext ctx = new ChannelContext(settings.app(), null, null, Clock.systemUTC());
      Ingest ingest =
          Services.newIngest(db, ctx.clock(), List.of(EmailModule.normalizer(ctx)), options.dataFolder());
      Main main = CamelMain.create(settings, "switchboard-import", "ingest", "error-handling");
      main.bind("ingest", ingest);
      main.start();
      try {
        return importAll(main.getCamelContext().createProducerTemplate(), items, account, out);
      } finally {
        main.stop();
      }
    } catch (Exception e) {
      out.println("switchboard: import failed: " + e.getMessage());
      return 1;
    }
  }

  private static int importAll(
      ProducerTemplate producer, List<MailSource.Item> items, String account, PrintStream out) {
    Progress progress = new Progress(items.size(), System.console() != null ? System.err : null);
    int stored = 0;
    int duplicates = 0;
    int quarantined = 0;
    for (MailSource.Item item : items) {
      RawInbound raw = new RawInbound("email", account, item.ref(), item.bytes());
      IngestItem result = producer.requestBody("direct:ingest", raw, IngestItem.class);
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
