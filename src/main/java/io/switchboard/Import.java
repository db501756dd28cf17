package io.switchboard;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.email.EmailModule;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.Settings;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.IngestBatch;
import io.switchboard.importer.Importer;
import io.switchboard.importer.MailSource;
import io.switchboard.store.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/** Bootstrap of {@code import}: the ingest route alone, fed by {@link Importer}. */
public final class Import {
  private Import() {}

  /** Runs the import; returns the exit code (0 unless reading or the store itself failed). */
  public static int run(Options options, PrintStream out) {
    Settings settings = Settings.load(options.configDir(), Map.of(), System.getenv()::get);
    List<MailSource.Item> items = Importer.read(options.paths(), out);
    if (items == null) {
      return 1;
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
        ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
        return Importer.importAll(
            b -> producer.requestBody("direct:ingest", b, IngestBatch.class), items, account, out);
      } finally {
        main.stop();
      }
    } catch (Exception e) {
      out.println("switchboard: import failed: " + e.getMessage());
      return 1;
    }
  }
}
