import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest SMTP server that accepts every message and keeps none: the far end of the
 * outbound benchmark, so the figures measure the client, not a mail server's storage.
 */
final class SmtpSink implements AutoCloseable {
  private final ServerSocket socket;
  final AtomicLong received = new AtomicLong();

  SmtpSink() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "smtp-sink");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "smtp-sink-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
      OutputStream out = s.getOutputStream();
      out.write("220 sink ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line;
      while ((line = readLine(in)) != null) {
        String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (cmd) {
          case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 PIPELINING");
          case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 ok");
          case "DATA" -> {
            reply(out, "354 go ahead");
            String l;
            while ((l = readLine(in)) != null && !l.equals(".")) {
              // discard
            }
            received.incrementAndGet();
            reply(out, "250 queued");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "502 unknown");
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(80);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
