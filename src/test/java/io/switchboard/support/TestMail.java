package io.switchboard.support;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** GreenMail on loopback, with the support mailbox the tests' email account reads. */
public final class TestMail implements AutoCloseable {
  public static final String SUPPORT = "support@shop.test";
  public static final String PASSWORD = "secret";

  public final GreenMail server;
  public final GreenMailUser support;

  public TestMail() {
    server =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
            });
    server.start();
    support = server.setUser(SUPPORT, SUPPORT, PASSWORD);
  }

  public int imapPort() {
    return server.getImap().getPort();
  }

  public int smtpPort() {
    return server.getSmtp().getPort();
  }

  /** Drops a raw RFC 822 message into the support mailbox, as if a customer had sent it. */
  public void deliver(String rfc822) {
    try {
      Session session = Session.getInstance(new Properties());
      support.deliver(
          new MimeMessage(session, new ByteArrayInputStream(rfc822.getBytes(StandardCharsets.UTF_8))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plain customer email; {@code inReplyTo} may be null. */
  public static String email(String from, String messageId, String subject, String body, String inReplyTo) {
    StringBuilder s = new StringBuilder();
    s.append("From: Customer <").append(from).append(">\r\n");
    s.append("To: ").append(SUPPORT).append("\r\n");
    s.append("Subject: ").append(subject).append("\r\n");
    s.append("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n");
    s.append("Message-ID: ").append(messageId).append("\r\n");
    if (inReplyTo != null) {
      s.append("In-Reply-To: ").append(inReplyTo).append("\r\n");
      s.append("References: ").append(inReplyTo).append("\r\n");
    }
    s.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
    s.append(body).append("\r\n");
    return s.toString();
  }

  @Override
  public void close() {
    server.stop();
  }
}
