package io.switchboard;

import io.switchboard.config.ConfigException;
import io.switchboard.nlp.Classify;
import io.switchboard.nlp.Evaluator;

/** Entry point: starts the daemon, or runs {@code import}. */
public final class Switchboard {
  private Switchboard() {}

  private static java.nio.file.Path sharedData(Options options) {
    return options.paths().isEmpty() ? java.nio.file.Path.of("..", "shared", "data") : options.paths().get(0);
  }

  public static void main(String[] args) throws java.io.IOException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    try {
      switch (options.command()) {
        case "help" -> System.out.println(Options.help());
        case "import" -> System.exit(Import.run(options, System.out));
        case "classify" -> Classify.main(options.shares() ? new String[] {"--shares"} : new String[0]);
        case "eval" -> Evaluator.main(new String[] {sharedData(options).toString()});
        case "train" -> System.exit(Training.run(options, sharedData(options), System.out));
        case "reindex" -> System.exit(Reindex.run(options, System.out));
        default -> {
          Daemon daemon = Daemon.start(options, System.getenv()::get);
          Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "switchboard-stop"));
          daemon.awaitStop();
        }
      }
    } catch (ConfigException e) {
      System.err.println("switchboard: configuration error: " + e.getMessage());
      System.exit(78);
    }
  }
}
