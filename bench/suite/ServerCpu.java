import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of the benchmark's PostgreSQL server (its postmaster, the backends it has reaped and
 * those still running), read from /proc: on PostgreSQL the database's work is not in the
 * benchmark JVM's own CPU time. The postmaster is found by the port in its command line.
 */
final class ServerCpu {
  private static final double TICK_NANOS = 1e9 / 100; // USER_HZ, 100 on Linux

  private ServerCpu() {}

  /** Nanoseconds of CPU the server on {@code port} has used so far; -1 when it cannot be read. */
  static long nanos(int port) {
    java.util.Map<String, Long> byKind = split(port);
    return byKind.isEmpty() ? -1 : (long) (byKind.values().stream().mapToLong(Long::longValue).sum() * TICK_NANOS);
  }

  /**
   * The same CPU time split by the kind of process, in clock ticks: the live client backends, each
   * background process by its title ("autovacuum launcher", "walwriter", ...), and "postmaster and
   * exited processes" (the postmaster with the processes it has reaped: autovacuum workers, closed
   * connections). Empty when it cannot be read.
   */
  static java.util.Map<String, Long> split(int port) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    long postmaster = postmaster(port);
    if (postmaster < 0) {
      return out;
    }
    try {
      out.merge("postmaster and exited processes", ticks(postmaster, true), Long::sum);
      var children = ProcessHandle.of(postmaster).map(ProcessHandle::children).orElse(Stream.empty());
      for (ProcessHandle c : (Iterable<ProcessHandle>) children::iterator) {
        String title;
        try {
          title = Files.readString(Path.of("/proc/" + c.pid() + "/cmdline")).replace('\0', ' ').strip();
        } catch (IOException e) {
          continue; // ended meanwhile: its time is the postmaster's reaped time from now on
        }
        String kind = title.startsWith("postgres: ") ? title.substring(10) : title;
        kind = kind.contains("127.0.0.1") ? "client backends" : kind.replaceAll("\\s+\\S*\\d.*$", "");
        out.merge(kind, Math.max(0, ticks(c.pid(), false)), Long::sum);
      }
    } catch (RuntimeException e) {
      out.clear();
    }
    return out;
  }

  /** The process id of the PostgreSQL server listening on {@code port}; -1 when none is found. */
  private static long postmaster(int port) {
    if (port <= 0) {
      return -1;
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmd.contains("postgres") && cmd.contains("-p " + port + " ")) {
            return Long.parseLong(name);
          }
        } catch (IOException e) {
          // gone meanwhile or not ours to read
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The port of a JDBC URL {@code jdbc:postgresql://host:port/db}. */
  static int port(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^:/]+:(\\d+)/").matcher(url);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** utime + stime (+ cutime + cstime: reaped children) of a process, in clock ticks. */
  private static long ticks(long pid, boolean withReaped) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the name: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return withReaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
