package io.switchboard;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line, parsed by picocli: {@code [--config DIR] [--data DIR] [--http-port N]
 * [--instance NAME] [--demo] [--demo-webhook]} runs the daemon; the subcommands {@code import PATH...}, {@code
 * classify [--shares]}, {@code train [SHARED_DATA_DIR]}, {@code eval [SHARED_DATA_DIR]} and {@code reindex} take the
 * same options. {@code command} is {@code run}, {@code help} or the subcommand's name.
 */
public record Options(
    String command, Path configDir, Path dataDir, Integer httpPort, boolean demo, List<Path> paths,
    boolean shares, String instance, boolean demoWebhook) {

  public Options(String command, Path configDir, Path dataDir, Integer httpPort, boolean demo, List<Path> paths) {
    this(command, configDir, dataDir, httpPort, demo, paths, false, null);
  }

  public Options(
      String command, Path configDir, Path dataDir, Integer httpPort, boolean demo, List<Path> paths,
      boolean shares, String instance) {
    this(command, configDir, dataDir, httpPort, demo, paths, shares, instance, false);
  }

  public static final String USAGE =
      "usage: java -jar switchboard.jar [--config DIR] [--data DIR] [--http-port N] [--instance NAME] [--demo]\n"
          + "       java -jar switchboard.jar import [--config DIR] [--data DIR] PATH...\n"
          + "       java -jar switchboard.jar classify [--shares] < texts.txt\n"
          + "       java -jar switchboard.jar train [--data DIR] [SHARED_DATA_DIR]\n"
          + "       java -jar switchboard.jar eval [SHARED_DATA_DIR]\n"
          + "       java -jar switchboard.jar reindex [--config DIR] [--data DIR]";

  /** The options every command takes. */
  static final class Common {
    @Option(names = "--config", paramLabel = "DIR", description = "configuration folder (default: config)")
    Path config = Path.of("config");

    @Option(names = "--data", paramLabel = "DIR", description = "data folder (default: data, or data/demo)")
    Path data;

    @Option(names = "--http-port", paramLabel = "N", converter = PortConverter.class, description = "HTTP port")
    Integer port;

    @Option(names = "--instance", paramLabel = "NAME", description = "this instance's name where several share a database")
    String instance;

    @Option(names = "--demo", description = "local simulators with sample conversations")
    boolean demo;

    @Option(
        names = "--demo-webhook",
        description = "the demo, plus a local webhook receiver that checks and prints each delivery")
    boolean demoWebhook;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    /** A subcommand's options, with what was given before the subcommand's name filled in. */
    Common under(Common parent) {
      Common c = new Common();
      c.config = config.equals(Path.of("config")) ? parent.config : config;
      c.data = data != null ? data : parent.data;
      c.port = port != null ? port : parent.port;
      c.instance = instance != null ? instance : parent.instance;
      c.demo = demo || parent.demo;
      c.demoWebhook = demoWebhook || parent.demoWebhook;
      return c;
    }
  }

  @Command(name = "switchboard", subcommands = {Import.class, Classify.class, Train.class, Eval.class, Reindex.class})
  static final class Run {
    @Mixin Common common = new Common();
  }

  @Command(name = "import", description = "backfill .eml folders and mbox files through ingest")
  static final class Import {
    @Mixin Common common = new Common();

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "a folder of .eml files or an mbox file")
    List<Path> paths = new ArrayList<>();
  }

  @Command(name = "classify", description = "tag one text per line of standard input")
  static final class Classify {
    @Mixin Common common = new Common();

    @Option(names = "--shares", description = "each sentiment's corrected share over all lines")
    boolean shares;
  }

  @Command(name = "train", description = "rebuild the sentiment model")
  static final class Train {
    @Mixin Common common = new Common();

    @Parameters(paramLabel = "SHARED_DATA_DIR", arity = "0..1")
    List<Path> paths = new ArrayList<>();
  }

  @Command(name = "eval", description = "measure the taggers")
  static final class Eval {
    @Mixin Common common = new Common();

    @Parameters(paramLabel = "SHARED_DATA_DIR", arity = "0..1")
    List<Path> paths = new ArrayList<>();
  }

  @Command(name = "reindex", description = "rebuild the search index from the store")
  static final class Reindex {
    @Mixin Common common = new Common();
  }

  /** A port number, 0 to 65535. */
  static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      try {
        int p = Integer.parseInt(v);
        if (p >= 0 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new CommandLine.TypeConversionException("--http-port must be a port number, not '" + v + "'");
    }
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException with one line saying what is wrong
   */
  public static Options parse(String... args) {
    Run run = new Run();
    CommandLine cli = new CommandLine(run);
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(message(e), e);
    }
    CommandLine.ParseResult sub = parsed.subcommand();
    if (sub == null) {
      return of("run", run.common, null, List.of(), false, parsed.isUsageHelpRequested());
    }
    Object cmd = sub.commandSpec().userObject();
    boolean help = sub.isUsageHelpRequested();
    if (cmd instanceof Import i) {
      return of("import", i.common, run.common, i.paths, false, help);
    } else if (cmd instanceof Classify c) {
      return of("classify", c.common, run.common, List.of(), c.shares, help);
    } else if (cmd instanceof Reindex r) {
      return of("reindex", r.common, run.common, List.of(), false, help);
    } else if (cmd instanceof Train t) {
      return of("train", t.common, run.common, t.paths, false, help);
    }
    Eval e = (Eval) cmd;
    return of("eval", e.common, run.common, e.paths, false, help);
  }

  private static Options of(String command, Common given, Common parent, List<Path> paths, boolean shares, boolean help) {
    Common c = parent == null ? given : given.under(parent);
    return new Options(
        help ? "help" : command, c.config, c.data, c.port, c.demo || c.demoWebhook, List.copyOf(paths), shares,
        c.instance, c.demoWebhook);
  }

  /** picocli's message, with the wording this command line always had for the common mistakes. */
  private static String message(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.MissingParameterException m
        && m.getCommandLine().getCommandName().equals("import")) {
      return "import needs a folder of .eml files or an mbox file";
    }
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      String first = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
      if (first.equals("--shares")) {
        return "--shares goes with classify";
      }
      return "unknown option " + first;
    }
    return e.getMessage();
  }

  /** picocli's usage help of every command, for {@code --help}. */
  public static String help() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Run());
    cli.usage(new PrintWriter(out));
    for (CommandLine sub : cli.getSubcommands().values()) {
      sub.usage(new PrintWriter(out));
    }
    return USAGE + "\n\n" + out;
  }

  /** The data folder: as given, else {@code data}, or {@code data/demo} in demo mode. */
  public Path dataFolder() {
    if (dataDir != null) {
      return dataDir;
    }
    return demo ? Path.of("data", "demo") : Path.of("data");
  }
}
