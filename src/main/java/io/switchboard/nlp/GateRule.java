package io.switchboard.nlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The candidates of ADR 0071's rule ({@code bench/nlp/complaints-rule.md}), measured in one run
 * beside the shipped tagger: the development set out of fold as {@code eval} measures it, and the
 * held-out sets named on the command line tagged as the inbox tags them. The gate is trained here
 * on the training rows as {@code train} trains it. Nothing is written.
 *
 * <pre>
 * java -cp target/classes:$(cat cp.txt) io.switchboard.nlp.GateRule [held-out set names...]
 * </pre>
 */
public final class GateRule {
  /** One candidate: the calibration's cap in its folds and the gate's threshold. */
  record Candidate(String name, double cap, double threshold) {}

  static final List<Candidate> CANDIDATES = List.of(
      new Candidate("main", 0.05, ComplaintGate.OFF),
      new Candidate("1 gate 0.5", 0.05, 0.5),
      new Candidate("2 margin 3 %", 0.03, ComplaintGate.OFF),
      new Candidate("3 gate 0.5 + margin", 0.03, 0.5),
      new Candidate("4 gate 0.65", 0.05, 0.65));

  private GateRule() {}

  public static void main(String[] args) throws IOException {
    QuietLogs.quietOpenNlp();
    long cpu0 = cpu();
    NlpTagger shipped = NlpTagger.load();
    ComplaintGate gate = ComplaintGate.trained(
        SentimentData.serviceTraining(1, System.out), ComplaintGate.OFF);
    System.out.printf(Locale.ROOT, "gate trained: %.1f CPU s so far%n", (cpu() - cpu0) / 1e9);
    SentimentModel base = shipped.sentimentModel().withGate(gate);
    NlpTagger tagger = shipped.withSentimentModel(base);
    List<CustomerServiceSet.Row> rows = CustomerServiceSet.load();
    CustomerServiceSet.Features f = CustomerServiceSet.features(tagger, rows);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    System.out.println("development set, out of fold (complaints positive of 398, praise kept of "
        + "143):");
    System.out.printf(Locale.ROOT, "%-22s %6s %7s %10s %6s  %-41s %-13s %s%n", "candidate",
        "factor", "macroF1", "compl.pos", "praise", "macro-F1 en de fr es it pt",
        "cp en..pt", "confusion");
    for (Candidate c : CANDIDATES) {
      List<String> answers = Evaluator.crossFittedAnswers(f, c.cap(), c.threshold());
      double factor = ServiceCalibration.fit(f.x(), f.y(), c.cap()).positiveScale();
      print(c.name(), factor, rows, answers, Evaluator.printCustomerService("cs-", rows, answers,
          quiet));
    }
    Map<String, List<CustomerServiceSet.Row>> sets = CustomerServiceSet.heldOutSets();
    for (String name : args) {
      List<CustomerServiceSet.Row> held = sets.get(name);
      if (held == null) {
        System.out.println("no held-out set " + name);
        continue;
      }
      System.out.println("held-out set " + name + " (" + held.size()
          + " messages), tagged as the inbox tags:");
      for (Candidate c : CANDIDATES) {
        SentimentModel m = c.cap() == ServiceCalibration.MAX_COMPLAINTS_POSITIVE ? base
            : base.withCalibration(ServiceCalibration.fit(f.x(), f.y(), c.cap()));
        NlpTagger t = tagger.withSentimentModel(m.withGate(gate.withThreshold(c.threshold())));
        List<String> answers = new ArrayList<>();
        for (CustomerServiceSet.Row r : held) {
          answers.add(t.analyze(r.text(), r.language(), ConversationFacts.Facts.NONE, false, null)
              .sentiment());
        }
        print(c.name(), Double.NaN, held, answers,
            Evaluator.printCustomerService("ho-" + name + "-", held, answers, quiet));
      }
    }
    System.out.printf(Locale.ROOT, "%.1f CPU s (this process)%n", (cpu() - cpu0) / 1e9);
  }

  private static void print(String name, double factor, List<CustomerServiceSet.Row> rows,
      List<String> answers, List<Evaluator.SentimentScore> scores) {
    Evaluator.SentimentScore all = scores.get(scores.size() - 1);
    int[][] c = all.confusion();
    int complaints = c[0][0] + c[0][1] + c[0][2];
    StringBuilder f1 = new StringBuilder();
    StringBuilder cp = new StringBuilder();
    for (Evaluator.SentimentScore s : scores.subList(0, scores.size() - 1)) {
      f1.append(String.format(Locale.ROOT, "%s %.3f ", s.set().substring(s.set().length() - 2),
          s.macroF1()));
      cp.append(s.confusion()[0][2]).append(' ');
    }
    System.out.printf(Locale.ROOT, "%-22s %6.2f %7.3f %3d %5.1f%% %6d  %-41s %-13s [%d %d %d][%d %d %d][%d %d %d]%n",
        name, factor, all.macroF1(), c[0][2], 100.0 * c[0][2] / complaints, c[2][2], f1, cp,
        c[0][0], c[0][1], c[0][2], c[1][0], c[1][1], c[1][2], c[2][0], c[2][1], c[2][2]);
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
