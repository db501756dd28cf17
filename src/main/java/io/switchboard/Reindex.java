package io.switchboard;

import io.switchboard.config.Settings;
import io.switchboard.store.Database;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code reindex}: rebuilds the search index from the store (ADR 0037), e.g. after a change of its
 * analysis. Run it while the daemon is stopped on the embedded default (the data folder is one
 * process's); on PostgreSQL running instances keep searching and see the index fill again.
 */
final class Reindex {
  private Reindex() {}

  static int run(Options options, PrintStream out) {
    Settings settings = Settings.load(options.configDir(), Map.of(), System.getenv()::get);
    try (Database db = Database.embeddedOr(settings.app(), options.dataFolder())) {
      long start = System.nanoTime();
      long messages = db.search().rebuild();
      out.printf("reindexed %d messages in %.1f s%n", messages, (System.nanoTime() - start) / 1e9);
    }
    return 0;
  }
}
