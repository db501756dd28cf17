import io.switchboard.nlp.NlpTagger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** Passes over the texts before the measured rounds, not counted. */
  static final int WARMUP_ROUNDS = 3;

  public static void main(String[] args) throws Exception {
    Result r = measure(args.length > 0 ? Integer.parseInt(args[0]) : 7);
    System.out.printf("median %.0f messages/s on one thread%n", r.median());
    System.out.printf("median %.0f messages per CPU second (one core)%n", r.cpuMedian());
  }

  /**
   * Loads the shipped models, tags the texts {@value #WARMUP_ROUNDS} times to warm up, then
   * {@code rounds} measured times (five passes each), printing each round.
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
    // Rounds while the JIT is still compiling the hot path would pull the median down.
    for (int r = 0; r < WARMUP_ROUNDS; r++) {
      for (String t : texts) {
        tagger.analyze(t);
      }
    }
    List<Double> rates = new ArrayList<>();
    List<Double> cpuRates = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
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
      System.out.printf("round %d: %.0f messages/s (%.0f per CPU second)%n", r + 1, rate, cpuRate);
    }
    rates.sort(null);
    cpuRates.sort(null);
    return new Result(loadMs, texts.size(), source, rates.get(rates.size() / 2), cpuRates.get(cpuRates.size() / 2));
  }
}
