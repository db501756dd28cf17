package io.switchboard.channel.email;

import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelContract;
import io.switchboard.channel.ChannelModule;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.support.TestMail;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.MessageIDTerm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** Email passes the channel contract against GreenMail. */
class EmailChannelContractTest implements ChannelContract {

  @Override
  public Harness harness(Path dir) {
    TestMail mail = new TestMail();
    AtomicInteger n = new AtomicInteger();
    java.util.Set<String> customers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return new Harness() {
      @Override
      public ChannelModule module(ChannelContext ctx) {
        PropertiesFile f =
            new PropertiesFile(
                "contract",
                Map.ofEntries(
                    Map.entry("channel", "email"),
                    Map.entry("address", TestMail.SUPPORT),
                    Map.entry("imap.host", "127.0.0.1"),
                    Map.entry("imap.port", String.valueOf(mail.imapPort())),
                    Map.entry("imap.ssl", "false"),
                    Map.entry("imap.password", TestMail.PASSWORD),
                    Map.entry("poll.interval", "100ms"),
                    Map.entry("imap.idle.max", "2s"),
                    Map.entry("smtp.host", "127.0.0.1"),
                    Map.entry("smtp.port", String.valueOf(mail.smtpPort())),
                    Map.entry("smtp.ssl", "false")));
        return new EmailModule(List.of(ChannelAccount.of(f, "shop")), ctx);
      }

      @Override
      public String account() {
        return "shop";
      }

      @Override
      public void customerWrites(String author, String text, String replyTo) {
        customers.add(author + "@example.com");
        String id = "<c" + n.incrementAndGet() + "." + author + "@example.com>";
        mail.deliver(TestMail.email(author + "@example.com", id, replyTo == null ? "Question" : "Re: Question", text, replyTo));
      }

      @Override
      public int repliesReceived() {
        // replies in the customers' inboxes; the copies filed in our Sent folder do not count
        var imap = mail.server.getManagers().getImapHostManager();
        var users = mail.server.getManagers().getUserManager();
        int count = 0;
        for (String c : customers) {
          var user = users.getUserByEmail(c);
          if (user != null) {
            try {
              count += imap.getInbox(user).getMessageCount();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }
        return count;
      }

      @Override
      public void echo(String sentExternalId) {
        // a copy of our reply lands in the support mailbox, as with a Cc to ourselves
        try {
          Session session = Session.getInstance(new Properties());
          Store store = session.getStore("imap");
          store.connect("127.0.0.1", mail.imapPort(), TestMail.SUPPORT, TestMail.PASSWORD);
          Folder sent = store.getFolder("Sent");
          sent.open(Folder.READ_ONLY);
          Message[] found = sent.search(new MessageIDTerm(sentExternalId));
          mail.support.deliver(new MimeMessage((MimeMessage) found[0]));
          store.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void close() {
        mail.close();
      }
    };
  }
}
