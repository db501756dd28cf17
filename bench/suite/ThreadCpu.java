import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * This JVM's CPU time split by what its threads do, from /proc/self/task: the JIT compilers, the
 * garbage collector (and the VM's own threads), and everything else (the work measured). A
 * benchmark pass of a few thousand messages still compiles much of its code; a daemon that runs
 * for days does not, so its CPU per message is the work's and the collector's.
 */
final class ThreadCpu {
  /** Nanoseconds of CPU so far: JIT compilers, GC and VM threads, all others. */
  record Split(long jit, long gc, long work) {
    Split minus(Split before) {
      return new Split(jit - before.jit, gc - before.gc, work - before.work);
    }

    boolean known() {
      return jit + gc + work > 0;
    }
  }

  private static final double TICK_NANOS = 1e9 / 100; // USER_HZ

  private ThreadCpu() {}

  static Split now() {
    long jit = 0;
    long gc = 0;
    long work = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(t.resolve("comm")).strip();
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ns = (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS);
          if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            jit += ns;
          } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            gc += ns;
          } else {
            work += ns;
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return new Split(0, 0, 0);
    }
    return new Split(jit, gc, work);
  }
}
