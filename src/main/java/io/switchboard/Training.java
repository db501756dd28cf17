package io.switchboard;

import io.switchboard.config.Settings;
import io.switchboard.nlp.Correction;
import io.switchboard.nlp.Trainer;
import io.switchboard.store.CorrectionStore;
import io.switchboard.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code train}: rebuilds the sentiment model from the public data plus agents' corrections into
 * the data folder, where the daemon picks it up at start or on {@code POST /api/nlp/reload}.
 */
final class Training {
  private Training() {}

  static int run(Options options, Path sharedData, PrintStream out) throws IOException {
    if (!Files.isDirectory(sharedData)) {
      out.println("switchboard: no training data at " + sharedData);
      return 2;
    }
    Settings settings = Settings.load(options.configDir(), Map.of(), System.getenv()::get);
    List<Correction> corrections;
    try (Database db = Database.embeddedOr(settings.app(), options.dataFolder())) {
      corrections =
          new CorrectionStore(db.jdbi(), Clock.systemUTC())
              .all().stream()
                  .map(c -> new Correction(c.text(), c.language(), c.sentiment(), c.urgency()))
                  .toList();
    }
    Path out2 = Services.modelsDir(options.dataFolder());
    Files.createDirectories(out2);
    Trainer.train(sharedData, out2, corrections);
    out.println("trained with " + corrections.size() + " corrections into " + out2);
    return 0;
  }
}
