import io.switchboard.channel.email.EmailAccount;
import io.switchboard.channel.email.EmailSender;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.model.OutboundMessage;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Outbound replies over SMTP into a sink that keeps nothing: Switchboard's {@link EmailSender}
 * (threading headers, chosen Message-ID, its connection handling) against a plain Jakarta Mail
 * sender building a similar message, once over one reused connection and once with a new
 * connection per message. Runs interleaved; medians.
 */
final class OutboundBench {
  record Result(double reused, double plainReused, double plainFresh) {}

  private OutboundBench() {}

  static Result run(Path work, int perRun, int runs) throws Exception {
    try (SmtpSink sink = new SmtpSink()) {
      Map<String, String> settings = Map.ofEntries(
          Map.entry("channel", "email"), Map.entry("address", "support@shop.test"),
          Map.entry("imap.host", "127.0.0.1"), Map.entry("imap.sent.folder", "none"),
          Map.entry("smtp.host", "127.0.0.1"), Map.entry("smtp.port", String.valueOf(sink.port())),
          Map.entry("smtp.ssl", "false"), Map.entry("smtp.starttls", "false"));
      EmailAccount account = EmailAccount.from(ChannelAccount.of(new PropertiesFile("bench", settings), "email-bench"));
      EmailSender sender = new EmailSender(List.of(account));
      Properties p = new Properties();
      p.put("mail.smtp.host", "127.0.0.1");
      p.put("mail.smtp.port", String.valueOf(sink.port()));
      Session session = Session.getInstance(p);
      List<Double> sb = new ArrayList<>();
      List<Double> plainReused = new ArrayList<>();
      List<Double> plainFresh = new ArrayList<>();
      // warm up every path once
      switchboard(sender, account, 300);
      plain(session, 300, true);
      plain(session, 100, false);
      for (int r = 1; r <= runs; r++) {
        sb.add(switchboard(sender, account, perRun));
        plainReused.add(plain(session, perRun, true));
        plainFresh.add(plain(session, perRun / 2, false));
        System.out.printf("  outbound run %d: EmailSender %,.0f/s, plain reused %,.0f/s, plain new connection each %,.0f/s%n",
            r, sb.get(r - 1), plainReused.get(r - 1), plainFresh.get(r - 1));
      }
      return new Result(Bench.median(sb), Bench.median(plainReused), Bench.median(plainFresh));
    }
  }

  private static double switchboard(EmailSender sender, EmailAccount account, int n) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String id = sender.assignExternalId(account.id()).orElseThrow();
      sender.send(new OutboundMessage(i, i, account.id(), false, "customer" + i + "@customer.test", "Customer " + i,
          "Where is my order " + i + "?", "Hello,\n\nyour parcel left our warehouse today.\n\nKind regards\nShop Support",
          id, "<c" + i + "@customer.test>", List.of("<c" + i + "@customer.test>")));
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double plain(Session session, int n, boolean reuse) throws Exception {
    long t0 = System.nanoTime();
    Transport shared = null;
    if (reuse) {
      shared = session.getTransport("smtp");
      shared.connect();
    }
    try {
      for (int i = 0; i < n; i++) {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("support@shop.test", "Shop Support", "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("customer" + i + "@customer.test", "Customer " + i, "UTF-8"));
        m.setSubject("Re: Where is my order " + i + "?", "UTF-8");
        m.setHeader("In-Reply-To", "<c" + i + "@customer.test>");
        m.setHeader("References", "<c" + i + "@customer.test>");
        m.setText("Hello,\n\nyour parcel left our warehouse today.\n\nKind regards\nShop Support", "UTF-8");
        m.saveChanges();
        if (reuse) {
          shared.sendMessage(m, m.getAllRecipients());
        } else {
          try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, m.getAllRecipients());
          }
        }
      }
    } finally {
      if (shared != null) {
        shared.close();
      }
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }
}
