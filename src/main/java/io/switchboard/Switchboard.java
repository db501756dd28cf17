package io.switchboard;

import io.switchboard.config.ConfigException;
import io.switchboard.importer.Importer;

/** Entry point: starts the daemon, or runs {@code import}. */
public final class Switchboard {
  private Switchboard() {}

  public static void main(String[] args) {
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
        case "help" -> System.out.println(Options.USAGE);
        case "import" -> System.exit(Importer.run(options, System.out));
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
