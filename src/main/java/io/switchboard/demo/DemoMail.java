package io.switchboard.demo;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Demo mode's mail side: an embedded IMAP and SMTP server on loopback (GreenMail), a support
 * mailbox seeded with the sample customer emails packaged under {@code demo/mail/}, and an email
 * account pointing at it.
 */
public final class DemoMail implements DemoChannel {
  public static final String ADDRESS = "support@northwind.test";
  private static final String PASSWORD = "demo";

  private final GreenMail server;
  private final int seeded;

  private DemoMail(GreenMail server, int seeded) {
    this.server = server;
    this.seeded = seeded;
  }

  public static DemoMail start() {
    GreenMail mail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
            });
    mail.start();
    GreenMailUser support = mail.setUser(ADDRESS, ADDRESS, PASSWORD);
    int n = 0;
    Session session = Session.getInstance(new Properties());
    for (Path eml : samples()) {
      try (InputStream in = Files.newInputStream(eml)) {
        support.deliver(new MimeMessage(session, in));
        n++;
      } catch (IOException | MessagingException e) {
        throw new IllegalStateException("demo sample " + eml.getFileName() + ": " + e.getMessage(), e);
      }
    }
    return new DemoMail(mail, n);
  }

  private static List<Path> samples() {
    try (Stream<Path> files = Files.list(Settings.packaged("demo/mail"))) {
      return files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("demo samples: " + e.getMessage(), e);
    }
  }

  @Override
  public String channel() {
    return "email";
  }

  @Override
  public List<ChannelAccount> accounts() {
    PropertiesFile demo =
        new PropertiesFile(
            "demo mode",
            Map.ofEntries(
                Map.entry("channel", "email"),
                Map.entry("account", "demo-support"),
                Map.entry("address", ADDRESS),
                Map.entry("display.name", "Northwind Support"),
                Map.entry("imap.host", "127.0.0.1"),
                Map.entry("imap.port", String.valueOf(server.getImap().getPort())),
                Map.entry("imap.ssl", "false"),
                Map.entry("imap.user", ADDRESS),
                Map.entry("imap.password", PASSWORD),
                Map.entry("poll.interval", "2s"),
                Map.entry("imap.idle.max", "5s"),
                Map.entry("smtp.host", "127.0.0.1"),
                Map.entry("smtp.port", String.valueOf(server.getSmtp().getPort())),
                Map.entry("smtp.ssl", "false"),
                Map.entry("smtp.starttls", "false")));
    return List.of(ChannelAccount.of(demo, "demo-support"));
  }

  @Override
  public String welcome() {
    return String.format(
        "embedded mail server on 127.0.0.1 (IMAP %d, SMTP %d) with %d sample emails in %s",
        server.getImap().getPort(), server.getSmtp().getPort(), seeded, ADDRESS);
  }

  @Override
  public void close() {
    server.stop();
  }
}
