package io.switchboard;

import io.switchboard.api.ApiServer;
import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.Outbound;
import io.switchboard.channel.email.EmailAccount;
import io.switchboard.channel.email.EmailInbound;
import io.switchboard.channel.email.EmailNormalizer;
import io.switchboard.channel.email.EmailSender;
import io.switchboard.channel.email.ImapPoller;
import io.switchboard.channel.email.MimeParser;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.Replies;
import io.switchboard.conversation.Tagger;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.store.Database;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.UserStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The object graph of one Switchboard instance: plain Java, no Camel. */
public final class Services implements AutoCloseable {
  final Database database;
  final UserStore users;
  final Ingest ingest;
  final EmailInbound emailInbound;
  final Outbound outbound;
  final ApiServer api;
  final List<EmailAccount> emailAccounts;

  Services(Settings settings, Path dataDir, Clock clock) {
    PropertiesFile app = settings.app();
    this.database = Database.embeddedOr(app, dataDir);
    var jdbi = database.jdbi();
    this.users = new UserStore(jdbi, clock);
    ChannelHealth health = new ChannelHealth(jdbi, clock);
    CursorStore cursors = new CursorStore(jdbi, clock);
    this.emailAccounts =
        settings.accounts().stream().filter(a -> a.channel().equals("email")).map(EmailAccount::from).toList();

    this.ingest = newIngest(app, database, clock);
    this.emailInbound =
        new EmailInbound(emailAccounts.stream().map(a -> new ImapPoller(a, cursors, health)).toList());

    List<ChannelSender> senders = List.of(new EmailSender(emailAccounts));
    OutboxStore outbox = new OutboxStore(jdbi, clock);
    this.outbound =
        new Outbound(
            outbox,
            senders,
            clock,
            app.get("switchboard.instance", ManagementFactory.getRuntimeMXBean().getName()),
            app.getDuration("switchboard.outbox.retryBase", Duration.ofSeconds(5)),
            app.getInt("switchboard.outbox.maxAttempts", 10));
    InboxQueries inbox = new InboxQueries(jdbi);
    this.api = new ApiServer(inbox, new Replies(inbox, outbox, outbound), health, users);
  }

  public UserStore users() {
    return users;
  }

  /** The database, for tools and tests that read it directly. */
  public org.jdbi.v3.core.Jdbi jdbi() {
    return database.jdbi();
  }

  /** The ingest steps with every channel's normalizer; shared by the daemon and {@code import}. */
  public static Ingest newIngest(PropertiesFile app, Database database, Clock clock) {
    long maxAttachment = app.getInt("switchboard.mail.maxAttachmentMb", 25) * 1024L * 1024L;
    List<InboundNormalizer> normalizers = List.of(new EmailNormalizer(new MimeParser(maxAttachment)));
    return new Ingest(normalizers, new MessageStore(database.jdbi(), clock), Tagger.NONE);
  }

  /** Stops what waits on the network (HTTP, IMAP IDLE) so the routes can stop quickly. */
  void stopListening() {
    api.close();
    emailInbound.close();
  }

  @Override
  public void close() {
    stopListening();
    database.close();
  }
}
