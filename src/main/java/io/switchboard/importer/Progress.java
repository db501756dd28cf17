package io.switchboard.importer;

import java.io.PrintStream;

/** A one-line progress bar, drawn only when there is a terminal to draw on. */
final class Progress {
  private static final int WIDTH = 30;
  private final int total;
  private final PrintStream term;
  private int done;
  private long lastDraw;

  Progress(int total, PrintStream term) {
    this.total = total;
    this.term = term;
  }

  void step() {
    done++;
    long now = System.nanoTime();
    if (term != null && (now - lastDraw > 100_000_000L || done == total)) {
      lastDraw = now;
      int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
      term.printf("\r[%s%s] %d/%d", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total);
    }
  }

  void done() {
    if (term != null) {
      term.print("\r" + " ".repeat(WIDTH + 30) + "\r");
      term.flush();
    }
  }
}
