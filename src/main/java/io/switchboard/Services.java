package io.switchboard;

import io.switchboard.api.ApiServer;
import io.switchboard.api.VoiceApi;
import io.switchboard.channel.ChannelContext;
import io.switchboard.channel.ChannelModule;
import io.switchboard.channel.ChannelModules;
import io.switchboard.channel.Inbound;
import io.switchboard.channel.InboundNormalizer;
import io.switchboard.channel.Outbound;
import io.switchboard.config.PropertiesFile;
import io.switchboard.config.Settings;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.OutboundVoiceCheck;
import io.switchboard.conversation.Replies;
import io.switchboard.conversation.ReplyVoice;
import io.switchboard.conversation.Tagger;
import io.switchboard.store.ChannelHealth;
import io.switchboard.store.CursorStore;
import io.switchboard.store.Database;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.QuarantineStore;
import io.switchboard.store.UserStore;
import io.switchboard.voice.VoiceGuide;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The object graph of one Switchboard instance: plain Java, no Camel. */
public final class Services implements AutoCloseable {
  final Database database;
  final UserStore users;
  final List<ChannelModule> channels;
  final Ingest ingest;
  final Inbound inbound;
  final Outbound outbound;
  final ApiServer api;

  Services(Settings settings, Path dataDir, Clock clock) {
    PropertiesFile app = settings.app();
    this.database = Database.embeddedOr(app, dataDir);
    Jdbi jdbi = database.jdbi();
    this.users = new UserStore(jdbi, clock);
    ChannelHealth health = new ChannelHealth(jdbi, clock);
    ChannelContext ctx = new ChannelContext(app, new CursorStore(jdbi, clock), health, clock);
    this.channels = ChannelModules.create(settings.accounts(), ctx);

    this.ingest = newIngest(database, clock, channels.stream().map(ChannelModule::normalizer).toList());
    this.inbound = new Inbound(channels.stream().flatMap(c -> c.pollers().stream()).toList());
    OutboxStore outbox = new OutboxStore(jdbi, clock);
    this.outbound =
        new Outbound(
            outbox,
            channels.stream().map(ChannelModule::sender).toList(),
            clock,
            app.get("switchboard.instance", ManagementFactory.getRuntimeMXBean().getName()),
            app.getDuration("switchboard.outbox.retryBase", Duration.ofSeconds(5)),
            app.getInt("switchboard.outbox.maxAttempts", 10));
    InboxQueries inbox = new InboxQueries(jdbi);
    ReplyVoice voice = new ReplyVoice(VoiceGuide.loadOrPackaged(settings.configDir().resolve("voice")));
    outbound.setVoiceGate(new OutboundVoiceCheck(inbox, voice));
    this.api =
        new ApiServer(inbox, new Replies(inbox, outbox, outbound, voice), health, users, new QuarantineStore(jdbi))
            .with(new VoiceApi(inbox, voice, ApiServer.jsonMapper()));
  }

  public UserStore users() {
    return users;
  }

  /** The database, for tools and tests that read it directly. */
  public Jdbi jdbi() {
    return database.jdbi();
  }

  /** The ingest steps over the given normalizers; shared by the daemon and {@code import}. */
  public static Ingest newIngest(Database database, Clock clock, List<InboundNormalizer> normalizers) {
    return new Ingest(normalizers, new MessageStore(database.jdbi(), clock), Tagger.NONE);
  }

  /** Stops what waits on the network (HTTP, IMAP IDLE) so the routes can stop quickly. */
  void stopListening() {
    api.close();
    inbound.close();
  }

  @Override
  public void close() {
    stopListening();
    database.close();
  }
}
