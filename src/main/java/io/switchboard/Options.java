package io.switchboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code [import] [--config DIR] [--data DIR] [--http-port N] [--instance NAME]
 * [--demo] [PATH]}, or {@code classify [--shares]}.
 */
public record Options(
    String command, Path configDir, Path dataDir, Integer httpPort, boolean demo, List<Path> paths,
    boolean shares, String instance) {

  public Options(String command, Path configDir, Path dataDir, Integer httpPort, boolean demo, List<Path> paths) {
    this(command, configDir, dataDir, httpPort, demo, paths, false, null);
  }

  public static final String USAGE =
      "usage: java -jar switchboard.jar [--config DIR] [--data DIR] [--http-port N] [--instance NAME] [--demo] [--demo-webhook]\n"
          + "       java -jar switchboard.jar import [--config DIR] [--data DIR] PATH...\n"
          + "       java -jar switchboard.jar classify [--shares] < texts.txt\n"
          + "       java -jar switchboard.jar train [--data DIR] [SHARED_DATA_DIR]\n"
          + "       java -jar switchboard.jar eval [SHARED_DATA_DIR]\n"
          + "       java -jar switchboard.jar reindex [--config DIR] [--data DIR]";

  private static final java.util.Set<String> COMMANDS = java.util.Set.of("import", "classify", "train", "eval", "reindex");

  public static Options parse(String... args) {
    String command = "run";
    Path config = Path.of("config");
    Path data = null;
    Integer port = null;
    String instance = null;
    boolean demo = false;
    boolean shares = false;
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--config" -> config = Path.of(value(args, ++i, a));
        case "--data" -> data = Path.of(value(args, ++i, a));
        case "--http-port" -> port = port(value(args, ++i, a));
        case "--instance" -> instance = value(args, ++i, a);
        case "--demo" -> demo = true;
        case "--demo-webhook" -> { // the demo, plus a local webhook receiver (DemoWebhook)
          demo = true;
          System.setProperty(io.switchboard.demo.DemoWebhook.PROPERTY, "true");
        }
        case "import", "classify", "train", "eval", "reindex" -> {
          if (i != 0) {
            throw new IllegalArgumentException("'" + a + "' must come first");
          }
          command = a;
        }
        case "-h", "--help" -> command = "help";
        case "--shares" -> {
          if (!command.equals("classify")) {
            throw new IllegalArgumentException("--shares goes with classify");
          }
          shares = true;
        }
        default -> {
          if (a.startsWith("-") || !COMMANDS.contains(command) || command.equals("classify") || command.equals("reindex")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          paths.add(Path.of(a));
        }
      }
    }
    if (command.equals("import") && paths.isEmpty()) {
      throw new IllegalArgumentException("import needs a folder of .eml files or an mbox file");
    }
    return new Options(command, config, data, port, demo, List.copyOf(paths), shares, instance);
  }

  /** The data folder: as given, else {@code data}, or {@code data/demo} in demo mode. */
  public Path dataFolder() {
    if (dataDir != null) {
      return dataDir;
    }
    return demo ? Path.of("data", "demo") : Path.of("data");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String v) {
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--http-port must be a port number, not '" + v + "'");
    }
  }
}
