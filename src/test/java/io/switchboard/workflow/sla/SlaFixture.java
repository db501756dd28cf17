package io.switchboard.workflow.sla;

import io.switchboard.channel.Outbound;
import io.switchboard.channel.email.EmailAccount;
import io.switchboard.channel.email.EmailNormalizer;
import io.switchboard.channel.email.EmailSender;
import io.switchboard.channel.email.MimeParser;
import io.switchboard.config.ChannelAccount;
import io.switchboard.config.PropertiesFile;
import io.switchboard.conversation.Ingest;
import io.switchboard.conversation.IngestItem;
import io.switchboard.conversation.Replies;
import io.switchboard.conversation.ReplyVoice;
import io.switchboard.model.RawInbound;
import io.switchboard.model.Tags;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.Database;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.MessageStore;
import io.switchboard.store.OutboxStore;
import io.switchboard.store.UserStore;
import io.switchboard.store.WorkflowEventStore;
import io.switchboard.support.MutableClock;
import io.switchboard.support.TestMail;
import io.switchboard.voice.VoiceGuide;
import io.switchboard.workflow.WorkflowReactions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * The real stores on HSQLDB in a temporary folder, the real ingest steps reading raw emails, real
 * replies into the outbox, and the SLA wired as the daemon wires it, all on a clock the test moves.
 * Escalation email goes to GreenMail on loopback.
 */
final class SlaFixture implements AutoCloseable {
  /** Monday 23 November 2026, 09:00 in London (GMT). */
  static final Instant MONDAY_9 = Instant.parse("2026-11-23T09:00:00Z");
  static final String LEAD_MAIL = "lead@shop.test";

  /** Office hours Mon–Fri 09:00–17:00 in London; a holiday on Thursday 26 November. */
  static final String CONFIG =
      String.join(
          "\n",
          "tick: 1s",
          "warnAt: 75%",
          "calendars:",
          "  office:",
          "    zone: Europe/London",
          "    hours:",
          "      mon-fri: \"09:00-17:00\"",
          "    holidays: [2026-11-26]",
          "defaultCalendar: office",
          "policies:",
          "  - name: standard",
          "    firstResponse: 4h",
          "    nextResponse: 2h",
          "    resolution: 16h",
          "  - name: urgent",
          "    urgency: urgent",
          "    firstResponse: 1h",
          "escalation:",
          "  lead: lead",
          "  notify: [" + LEAD_MAIL + "]",
          "  raiseUrgency: true",
          "  inboxUrl: http://inbox.test",
          "followUps:",
          "  checkBack:",
          "    enabled: CHECKBACK",
          "    after: 3d",
          "    template: check-back",
          "    author: auto:check-back",
          "    agentName: Customer Care",
          "");

  final MutableClock clock = new MutableClock(MONDAY_9);
  final Database db;
  final Jdbi jdbi;
  final SlaSettings settings;
  final Ingest ingest;
  final Replies replies;
  final ConversationActions actions;
  final InboxQueries inbox;
  final Sla sla;
  final WorkflowEventStore events;
  final WorkflowReactions reactions;
  String urgency = "normal";
  private final AtomicInteger ids = new AtomicInteger();

  SlaFixture(Path dir, TestMail mail, boolean checkBack, io.switchboard.support.TestStore store) {
    db = store.open(dir);
    jdbi = db.jdbi();
    new UserStore(jdbi, clock).create("lead", "Lea Lead", "lead-password", "lead");
    new UserStore(jdbi, clock).create("tom", "Tom Agent", "tom-password", "agent");
    ChannelAccount account = account(mail);
    settings = settings(CONFIG.replace("CHECKBACK", String.valueOf(checkBack)), List.of(account));
    ingest =
        new Ingest(
            List.of(new EmailNormalizer(new MimeParser(1_000_000))),
            new MessageStore(jdbi, clock),
            (message, conversationId) -> new Tags("en", "neutral", 0.5, urgency, List.of()));
    inbox = new InboxQueries(jdbi);
    OutboxStore outbox = new OutboxStore(jdbi, clock);
    Outbound outbound =
        new Outbound(outbox, List.of(new EmailSender(List.of(EmailAccount.from(account)))), clock, "test", Duration.ofSeconds(1), 3);
    VoiceGuide guide = VoiceGuide.loadPackaged();
    replies = new Replies(inbox, outbox, outbound, new ReplyVoice(guide));
    actions = new ConversationActions(jdbi, clock);
    sla = Sla.create(settings, jdbi, clock, inbox, replies, guide);
    events = new WorkflowEventStore(jdbi, clock);
    reactions = new WorkflowReactions(events, WorkflowReactions.Settings.defaults("test"), clock).addAll(sla.listeners());
    ingest.setEvents(events);
    replies.setEvents(events);
    actions.setEvents(events);
    sla.setEvents(events);
  }

  static ChannelAccount account(TestMail mail) {
    int smtp = mail == null ? 25 : mail.smtpPort();
    return new ChannelAccount(
        "email-test",
        "email",
        new PropertiesFile(
            "email-test.properties",
            Map.of(
                "channel", "email",
                "address", TestMail.SUPPORT,
                "display.name", "Shop Support",
                "imap.host", "127.0.0.1",
                "smtp.host", "127.0.0.1",
                "smtp.port", String.valueOf(smtp),
                "smtp.ssl", "false",
                "smtp.starttls", "false")));
  }

  static SlaSettings settings(String yaml, List<ChannelAccount> accounts) {
    UnaryOperator<String> noEnv = name -> null;
    return SlaSettings.parse("sla.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), accounts, noEnv);
  }

  /** A customer's email, through the real ingest steps; returns the conversation id. */
  long customerWrites(String from, String inReplyTo) {
    String messageId = "<c" + ids.incrementAndGet() + "@customer.test>";
    String raw = TestMail.email(from, messageId, "My order", "Where is my order? It has not arrived yet.", inReplyTo);
    IngestItem item = ingest.receive(new RawInbound("email", "email-test", messageId, raw.getBytes(StandardCharsets.UTF_8)));
    try {
      ingest.normalize(item);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ingest.store(ingest.tag(ingest.thread(ingest.dedupe(item))));
    reactions.drain();
    if (item.conversationId() == null) {
      throw new IllegalStateException("not stored: " + item.reason());
    }
    lastCustomerMessageId = messageId;
    return item.conversationId();
  }

  String lastCustomerMessageId;

  /** A new conversation from a new customer. */
  long newConversation() {
    return customerWrites("customer" + ids.incrementAndGet() + "@example.test", null);
  }

  /** Tom's reply to the customer, queued into the outbox. */
  void reply(long conversationId) {
    try {
      replies.queue(
          conversationId,
          "tom",
          "Tom Agent",
          "Thanks for checking in about your order. It is on its way and should arrive within two working days.",
          "test reply")
          .orElseThrow();
      reactions.drain();
    } catch (Replies.Rejected e) {
      throw new IllegalStateException(e);
    }
  }

  /** An agent's status change, and the reactions to it (as the workflow-events route runs them). */
  void setStatus(long conversationId, String status, String actor) {
    actions.setStatus(conversationId, status, actor);
    reactions.drain();
  }

  void addNote(long conversationId, String author, String text) {
    actions.addNote(conversationId, author, text);
    reactions.drain();
  }

  /** One tick of the SLA route, and the reactions to what it changed. */
  Sla.TickResult tick(Sla sla) {
    Sla.TickResult r = sla.tick();
    reactions.drain();
    return r;
  }

  SlaRow row(long conversationId) {
    return new SlaStore(jdbi).find(conversationId).orElseThrow();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  List<String> activityKinds(long conversationId) {
    return actions.activity(conversationId).stream().map(ConversationActions.Activity::kind).toList();
  }

  long count(String sql, Object... args) {
    return jdbi.withHandle(
        h -> {
          var q = h.createQuery(sql);
          for (int i = 0; i < args.length; i++) {
            q.bind(i, args[i]);
          }
          return q.mapTo(Long.class).one();
        });
  }

  String conversationField(long conversationId, String column) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + column + " FROM conversation WHERE id = :id").bind("id", conversationId).mapTo(String.class).one());
  }

  @Override
  public void close() {
    reactions.close();
    db.close();
  }

}
