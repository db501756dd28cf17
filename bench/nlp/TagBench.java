import io.switchboard.nlp.NlpTagger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread tagging throughput (language + sentiment + urgency) on short messages: the
 * TweetEval validation tweets when ../shared/data is there, else built-in samples.
 *
 * <pre>
 * mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:$(cat /tmp/cp.txt) bench/nlp/TagBench.java [rounds]
 * </pre>
 */
public class TagBench {
  /**
   * Model load time, the texts measured, and the median rate of the rounds in wall-clock time and
   * per CPU second (on a machine shared with other work, wall-clock time undercounts one core).
   */
  public record Result(double loadMs, int texts, String source, double median, double cpuMedian) {}

  /** Passes over the texts before the measured rounds, not counted: at least this many. */
  static final int WARMUP_ROUNDS = 3;

  /** Warm-up passes at most, when the JIT or the heap does not settle. */
  static final int MAX_WARMUP_ROUNDS = 100;

  /**
   * A warm-up pass is steady when the JIT compiled for less than this share of the pass's CPU
   * time and the process touched fewer than {@link #STEADY_PAGES} new pages of memory.
   */
  static final double STEADY_JIT_SHARE = 0.02;

  static final long STEADY_PAGES = 256;

  /** Steady passes in a row that end the warm-up. */
  static final int STEADY_PASSES = 10;

  public static void main(String[] args) throws Exception {
    Result r = measure(args.length > 0 ? Integer.parseInt(args[0]) : 7);
    System.out.printf("median %.0f messages/s on one thread%n", r.median());
    System.out.printf("median %.0f messages per CPU second (one core)%n", r.cpuMedian());
    System.out.printf(Locale.ROOT, "%s %f %d %f %f %s%n", RESULT, r.loadMs(), r.texts(), r.median(),
        r.cpuMedian(), r.source());
  }

  /** Starts the line of {@link #main}'s output that {@link #fork} reads. */
  static final String RESULT = "result:";

  /**
   * {@link #measure} in a JVM of its own, on this one's class path, whose heap is touched as it
   * is committed ({@code -XX:+AlwaysPreTouch}): the young generation of a daemon that has run a
   * while, without pre-touching the heap of the JVM that measures the others' memory. The
   * child's output is copied to this one's.
   */
  public static Result fork(int rounds) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    // the whole heap is committed and touched when the JVM starts, before the model load is
    // timed: growing into new pages would charge their faults to the load and to the tagging
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "TagBench",
        Integer.toString(rounds)));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    Result result = null;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(RESULT)) {
          String[] f = line.substring(RESULT.length()).strip().split(" ", 5);
          result = new Result(Double.parseDouble(f[0]), Integer.parseInt(f[1]), f[4],
              Double.parseDouble(f[2]), Double.parseDouble(f[3]));
        } else {
          System.out.println(line);
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException("TagBench exited with " + p.exitValue());
    }
    return result;
  }

  /**
   * Loads the shipped models, tags the texts until the JIT and the heap are steady (at least
   * {@value #WARMUP_ROUNDS} passes), then {@code rounds} measured times (five passes each),
   * printing each round with what the JIT compiled and the pages first touched during it.
   */
  public static Result measure(int rounds) throws Exception {
    long t0 = System.nanoTime();
    NlpTagger tagger = NlpTagger.load();
    double loadMs = (System.nanoTime() - t0) / 1e6;
    System.out.printf("load %.0f ms%n", loadMs);
    List<String> texts = new ArrayList<>();
    Path tweets = Path.of("../shared/data/sentiment/tweeteval/val_text.txt");
    String source = "TweetEval validation tweets";
    if (Files.exists(tweets)) {
      texts.addAll(Files.readAllLines(tweets));
    } else {
      source = "built-in samples";
      String[] samples = {
        "Where is my parcel? Ordered two weeks ago and still nothing.",
        "Meine Bestellung ist nicht angekommen, bitte um Rückmeldung.",
        "Merci pour votre aide rapide, tout est parfait !",
        "El cargador echó humo, es peligroso.",
        "Il mio ordine non è ancora arrivato.",
        "ok thx 👍",
      };
      for (int i = 0; i < 2000; i++) {
        texts.add(samples[i % samples.length]);
      }
    }
    double chars = texts.stream().mapToInt(String::length).average().orElse(0);
    System.out.printf("%d texts, %.0f characters on average%n", texts.size(), chars);
    // A daemon tags with compiled code in a heap it has long since touched. A round while the JIT
    // still compiles the hot path, or while the young generation grows into pages the process has
    // never touched (each first touch is a page fault whose kernel time counts in this thread's
    // CPU time, nearly doubling a pass's), measures the JVM's start, not tagging. Warm up until
    // passes have had neither; {@link #fork} also has the heap touched before it starts.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int warmup = 0;
    int steadyPasses = 0;
    while (warmup < MAX_WARMUP_ROUNDS && (warmup < WARMUP_ROUNDS || steadyPasses < STEADY_PASSES)) {
      long jit0 = jitMs();
      long pages0 = minorFaults();
      long cpu0 = threads.getCurrentThreadCpuTime();
      for (String t : texts) {
        tagger.analyze(t);
      }
      double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
      warmup++;
      boolean steady =
          jitMs() - jit0 < STEADY_JIT_SHARE * cpuMs && minorFaults() - pages0 < STEADY_PAGES;
      steadyPasses = steady ? steadyPasses + 1 : 0;
    }
    System.out.printf("%d warm-up passes%s%n", warmup,
        steadyPasses >= STEADY_PASSES ? "" : " (JIT or heap not steady)");
    List<Double> rates = new ArrayList<>();
    List<Double> cpuRates = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long jit0 = jitMs();
      long pages0 = minorFaults();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      int n = 0;
      for (int k = 0; k < 5; k++) {
        for (String t : texts) {
          tagger.analyze(t);
          n++;
        }
      }
      double rate = n / ((System.nanoTime() - start) / 1e9);
      double cpuRate = n / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
      rates.add(rate);
      cpuRates.add(cpuRate);
      System.out.printf("round %d: %.0f messages/s (%.0f per CPU second; JIT %d ms, %d new pages)%n",
          r + 1, rate, cpuRate, jitMs() - jit0, minorFaults() - pages0);
    }
    rates.sort(null);
    cpuRates.sort(null);
    return new Result(loadMs, texts.size(), source, rates.get(rates.size() / 2), cpuRates.get(cpuRates.size() / 2));
  }

  /** Milliseconds the JIT compilers have spent so far, 0 when the JVM does not tell. */
  static long jitMs() {
    CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }

  /** Minor page faults of this process so far (Linux), 0 elsewhere. */
  static long minorFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
