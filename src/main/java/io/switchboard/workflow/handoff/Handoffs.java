package io.switchboard.workflow.handoff;

import io.switchboard.channel.email.EmailAccount;
import io.switchboard.conversation.InboundIntercept;
import io.switchboard.model.InboundMessage;
import io.switchboard.model.WorkflowEvent;
import io.switchboard.store.ConversationActions;
import io.switchboard.store.InboxQueries;
import io.switchboard.store.WorkflowEventStore;
import jakarta.mail.MessagingException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hand-off to departments. {@link #handOff} forwards a conversation with its transcript to the
 * department's address and leaves it pending, tagged {@code waiting-on:<department>}; {@link
 * #take} recognises the department's answer when the mailbox's poller brings it in (its token in
 * the subject or the thread headers, sent from the department's address) and stores it as an
 * internal note, then removes the tag and reopens the conversation for the agent.
 */
public final class Handoffs implements InboundIntercept {
  private static final Logger LOG = LoggerFactory.getLogger(Handoffs.class);
  private static final Pattern SUBJECT_TOKEN = Pattern.compile("\\[SB-H ([0-9a-f]{24})\\]");
  private static final Pattern ID_TOKEN = Pattern.compile("<handoff\\.([0-9a-f]{24})@");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  public static final String TAG_PREFIX = "waiting-on:";

  private final Map<String, Department> departments = new LinkedHashMap<>();
  private final List<EmailAccount> mailboxes;
  private final String handoffAccount;
  private final HandoffStore store;
  private final InboxQueries inbox;
  private final ConversationActions actions;
  private final HandoffMailer mailer;
  private final SecureRandom random = new SecureRandom();
  private volatile WorkflowEventStore events;

  public Handoffs(
      List<Department> departments,
      List<EmailAccount> mailboxes,
      String handoffAccount,
      HandoffStore store,
      InboxQueries inbox,
      ConversationActions actions,
      HandoffMailer mailer) {
    departments.forEach(d -> this.departments.put(d.name(), d));
    this.mailboxes = List.copyOf(mailboxes);
    this.handoffAccount = handoffAccount;
    this.store = store;
    this.inbox = inbox;
    this.actions = actions;
    this.mailer = mailer;
  }

  /** Where the notes that answers become write their events. */
  public void setEvents(WorkflowEventStore events) {
    this.events = events;
  }

  public List<Department> departments() {
    return List.copyOf(departments.values());
  }

  /** Why a hand-off cannot be made; {@code status} is the HTTP status that fits. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Forwards the conversation to the department and records it; nothing is recorded when the mail
   * cannot be sent.
   */
  public HandoffStore.Handoff handOff(long conversationId, String departmentName, String note, String actor) throws Refused {
    Department d = departments.get(departmentName);
    if (d == null) {
      throw new Refused(422, "no department " + departmentName + "; known: " + departments.keySet());
    }
    InboxQueries.ConversationRow c =
        inbox.conversation(conversationId).orElseThrow(() -> new Refused(404, "no conversation " + conversationId));
    EmailAccount from = mailbox(c).orElseThrow(() -> new Refused(422, "no email account to send hand-offs from"));
    String token = token();
    String messageId = "<handoff." + token + "@" + from.domain() + ">";
    String cleanNote = note == null || note.isBlank() ? null : note.strip();
    long id = store.create(conversationId, d, token, messageId, cleanNote, actor);
    try {
      mailer.send(new HandoffMailer.Mail(from, d.address(), messageId, subject(c, token), body(c, d, cleanNote, actor)));
    } catch (MessagingException e) {
      store.discard(id);
      throw new Refused(502, "cannot send the hand-off to " + d.address() + ": " + e.getMessage());
    }
    actions.addNote(conversationId, actor,
        "Handed off to " + d.name() + " (" + d.address() + ")" + (cleanNote == null ? "" : ": " + cleanNote));
    actions.addTag(conversationId, TAG_PREFIX + d.name(), actor);
    actions.setStatus(conversationId, "pending", actor);
    return store.byToken(token).orElseThrow();
  }

  public List<HandoffStore.Handoff> forConversation(long conversationId) {
    return store.forConversation(conversationId);
  }

  /** A department's answer: an email from its address that carries an open hand-off's token. */
  @Override
  public Optional<Taken> take(InboundMessage m) {
    if (!"email".equals(m.channel())) {
      return Optional.empty();
    }
    Optional<HandoffStore.Handoff> found = token(m).flatMap(store::byToken);
    if (found.isEmpty() || !found.get().address().equalsIgnoreCase(m.contactHandle())) {
      return Optional.empty();
    }
    HandoffStore.Handoff h = found.get();
    String text = m.displayText() != null && !m.displayText().isBlank() ? m.displayText() : m.text();
    String note = "Answer from " + h.department() + " (" + h.address() + "):\n\n" + (text == null ? "" : text.strip());
    WorkflowEventStore out = events;
    // the note, its event, the waiting tag's removal and the reopening commit together: a crash
    // cannot leave the note stored with the conversation still pending, which a redelivered answer
    // (a duplicate) would never repair
    Supplier<Optional<Long>> answer =
        () -> {
          Optional<Long> id = store.answer(h, m.channel(), m.externalId(), note, m.sentAt());
          id.ifPresent(
              n -> {
                if (out != null) {
                  out.append(WorkflowEvent.noteAdded(h.conversationId(), n, h.department()));
                }
                answered(h);
              });
          return id;
        };
    Optional<Long> noteId = out == null ? answer.get() : out.inTransaction(answer);
    if (noteId.isEmpty()) {
      return Optional.of(new Taken(h.conversationId(), -1, true));
    }
    LOG.info("conversation {}: answer from {} stored as a note", h.conversationId(), h.department());
    return Optional.of(new Taken(h.conversationId(), noteId.get(), false));
  }

  /**
   * The department answered: its waiting tag comes off once nothing else waits on it, and the
   * conversation opens again, since the agent has something to act on.
   */
  private void answered(HandoffStore.Handoff h) {
    if (!store.stillWaiting(h.conversationId(), h.department())) {
      actions.removeTag(h.conversationId(), TAG_PREFIX + h.department(), h.department());
    }
    actions.setStatus(h.conversationId(), "open", h.department());
  }

  static Optional<String> token(InboundMessage m) {
    if (m.subject() != null) {
      Matcher s = SUBJECT_TOKEN.matcher(m.subject());
      if (s.find()) {
        return Optional.of(s.group(1));
      }
    }
    for (String ref : m.threadRefs()) {
      Matcher r = ID_TOKEN.matcher(ref.toLowerCase(Locale.ROOT));
      if (r.find()) {
        return Optional.of(r.group(1));
      }
    }
    return Optional.empty();
  }

  /** The conversation's own mailbox, else the configured hand-off account, else the first mailbox. */
  private Optional<EmailAccount> mailbox(InboxQueries.ConversationRow c) {
    if (c.channel().equals("email")) {
      Optional<EmailAccount> own = mailboxes.stream().filter(a -> a.id().equals(c.account())).findFirst();
      if (own.isPresent()) {
        return own;
      }
    }
    if (handoffAccount != null) {
      return mailboxes.stream().filter(a -> a.id().equals(handoffAccount)).findFirst();
    }
    return mailboxes.stream().findFirst();
  }

  private String token() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String subject(InboxQueries.ConversationRow c, String token) {
    String s = c.subject() == null || c.subject().isBlank() ? "conversation " + c.id() : c.subject().strip();
    return "[SB-H " + token + "] " + s;
  }

  /** The note, then the conversation so far: customer messages and replies, oldest first. */
  private String body(InboxQueries.ConversationRow c, Department d, String note, String actor) {
    StringBuilder b = new StringBuilder();
    b.append("Hello ").append(d.name()).append(",\n\n");
    b.append(actor).append(" hands this customer conversation to you");
    b.append(note == null ? ".\n" : ":\n\n" + note + "\n");
    b.append("\nPlease reply to this email; your answer reaches the agent as an internal note and is not sent to the customer.\n\n");
    b.append("Customer: ").append(c.contact().name() == null ? "" : c.contact().name());
    if (c.contact().handle() != null) {
      b.append(" <").append(c.contact().handle()).append(">");
    }
    b.append("\nChannel: ").append(c.channel()).append(" (").append(c.account()).append(")\n");
    b.append("Conversation: #").append(c.id()).append("\n\n");
    b.append("---- Transcript ----\n");
    for (InboxQueries.MessageRow m : inbox.messages(c.id())) {
      if (m.direction().equals("note")) {
        continue;
      }
      String who = m.direction().equals("in") ? "Customer (" + m.author() + ")" : "Agent (" + m.author() + ")";
      String text = m.displayText() != null ? m.displayText() : m.text();
      b.append("\n").append(WHEN.format(m.sentAt())).append(" - ").append(who).append(":\n");
      b.append(text == null ? "" : text.strip()).append("\n");
    }
    return b.toString();
  }
}
