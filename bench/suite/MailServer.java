import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The IMAP server the benchmark reads: Debian's Dovecot when it is installed (started here,
 * unprivileged, on 127.0.0.1 with a Maildir in a temporary folder), else GreenMail in this JVM.
 * With {@code SB_BENCH_INSTALL_DOVECOT=1} and root, a missing Dovecot is installed with apt-get
 * first.
 */
abstract class MailServer implements AutoCloseable {
  static final String USER = Corpus.SUPPORT;
  static final String PASSWORD = "secret";
  private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

  abstract String kind();

  abstract int imapPort();

  @Override
  public abstract void close();

  static MailServer start(Path tmp) throws Exception {
    if (!Files.isExecutable(DOVECOT) && "1".equals(System.getenv("SB_BENCH_INSTALL_DOVECOT")) && isRoot()) {
      System.out.println("installing dovecot-imapd with apt-get ...");
      new ProcessBuilder("apt-get", "install", "-y", "-q", "dovecot-imapd")
          .redirectErrorStream(true)
          .redirectOutput(tmp.resolve("apt.log").toFile())
          .start()
          .waitFor(5, TimeUnit.MINUTES);
    }
    if (Files.isExecutable(DOVECOT) && !"greenmail".equals(System.getenv("SB_BENCH_IMAP"))) {
      try {
        return Dovecot.start(tmp.resolve("dovecot").toAbsolutePath());
      } catch (Exception e) {
        System.out.println("Dovecot did not start (" + e.getMessage() + "); using GreenMail");
      }
    }
    return new Green();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** GreenMail in this JVM. */
  static final class Green extends MailServer {
    final GreenMail server;

    Green() {
      server = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
      server.start();
      server.setUser(USER, USER, PASSWORD);
    }

    @Override
    String kind() {
      return "GreenMail (in this JVM)";
    }

    @Override
    int imapPort() {
      return server.getImap().getPort();
    }

    @Override
    public void close() {
      server.stop();
    }
  }

  /** Dovecot with its own configuration, run as the user {@code dovecot} when we are root. */
  static final class Dovecot extends MailServer {
    private final Path dir;
    private final int port;

    private Dovecot(Path dir, int port) {
      this.dir = dir;
      this.port = port;
    }

    static Dovecot start(Path dir) throws Exception {
      new Dovecot(dir, 0).close(); // one left running by an interrupted earlier run
      Bench.deleteTree(dir);
      Files.createDirectories(dir.resolve("run"));
      Files.createDirectories(dir.resolve("state"));
      Files.createDirectories(dir.resolve("mail"));
      boolean root = isRoot();
      String user = root ? "dovecot" : System.getProperty("user.name");
      String uid = id("-u", user);
      String gid = id("-g", user);
      int port = freePort();
      String conf =
          String.join(
              "\n",
              "base_dir = " + dir.resolve("run"),
              "state_dir = " + dir.resolve("state"),
              "log_path = " + dir.resolve("dovecot.log"),
              "protocols = imap",
              "listen = 127.0.0.1",
              "ssl = no",
              "disable_plaintext_auth = no",
              "auth_mechanisms = plain login",
              "mail_location = maildir:" + dir.resolve("mail") + "/%u",
              "first_valid_uid = 0",
              "default_internal_user = " + user,
              "default_internal_group = " + id("-gn", user),
              "default_login_user = " + user,
              "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " + dir.resolve("passwd") + "\n}",
              "userdb {\n  driver = static\n  args = uid=" + uid + " gid=" + gid + " home=" + dir.resolve("mail") + "/%u\n}",
              "service anvil {\n  chroot =\n}",
              "service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = " + port + "\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}",
              "");
      Files.writeString(dir.resolve("dovecot.conf"), conf);
      Files.writeString(dir.resolve("passwd"), USER + ":{PLAIN}" + PASSWORD + "\n");
      List<String> cmd = new ArrayList<>();
      if (root) {
        run("chown", "-R", user + ":" + id("-gn", user), dir.toString());
        cmd.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + gid, "--init-groups"));
      }
      cmd.addAll(List.of(DOVECOT.toString(), "-c", dir.resolve("dovecot.conf").toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile()).start();
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("dovecot exited: " + Files.readString(dir.resolve("start.log")).strip());
      }
      Dovecot d = new Dovecot(dir, port);
      long until = System.currentTimeMillis() + 10_000;
      while (true) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          s.setSoTimeout(2000);
          int c = s.getInputStream().read(); // the greeting: login processes are up
          if (c == '*') {
            return d;
          }
        } catch (IOException e) {
          if (System.currentTimeMillis() > until) {
            d.close();
            throw new IOException("dovecot not answering on " + port + ": " + e.getMessage());
          }
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
    }

    private static String id(String flag, String user) throws Exception {
      Process p = new ProcessBuilder("id", flag, user).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return out;
    }

    private static void run(String... cmd) throws Exception {
      new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    @Override
    String kind() {
      try {
        Process p = new ProcessBuilder(DOVECOT.toString(), "--version").start();
        String v = new String(p.getInputStream().readAllBytes()).strip().split(" ")[0];
        return "Dovecot " + v + " (separate process, Maildir)";
      } catch (IOException e) {
        return "Dovecot";
      }
    }

    @Override
    int imapPort() {
      return port;
    }

    @Override
    public void close() {
      try {
        Path pid = dir.resolve("run/master.pid");
        if (Files.exists(pid)) {
          String id = Files.readString(pid).strip();
          new ProcessBuilder("kill", id).start().waitFor();
          long until = System.currentTimeMillis() + 10_000;
          while (ProcessHandle.of(Long.parseLong(id)).map(ProcessHandle::isAlive).orElse(false)
              && System.currentTimeMillis() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
          }
        }
      } catch (Exception e) {
        System.out.println("stopping dovecot: " + e);
      }
    }
  }
}
