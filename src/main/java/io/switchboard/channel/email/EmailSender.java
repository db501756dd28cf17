package io.switchboard.channel.email;

import io.switchboard.channel.ChannelSender;
import io.switchboard.channel.SendException;
import io.switchboard.model.OutboundMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends replies over SMTP, threaded under the customer's message: {@code In-Reply-To} and {@code
 * References} set, and the Message-ID chosen before sending so our own copy is recognised when it
 * comes back.
 */
public final class EmailSender implements ChannelSender {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmailSender.class);
  private final Map<String, EmailAccount> accounts;
  private final Map<String, Session> sessions;
  private final Map<String, SentFolder> sentFolders;
  private final Map<String, Connection> connections = new java.util.concurrent.ConcurrentHashMap<>();

  /** How long an idle SMTP connection is kept for the next reply. */
  static final java.time.Duration REUSE_WITHIN = java.time.Duration.ofSeconds(5);

  public EmailSender(List<EmailAccount> accounts) {
    this.accounts = accounts.stream().collect(Collectors.toMap(EmailAccount::id, Function.identity()));
    this.sessions =
        accounts.stream().collect(Collectors.toMap(EmailAccount::id, a -> Session.getInstance(a.smtp().smtpProperties())));
    this.sentFolders = new java.util.HashMap<>();
    accounts.forEach(a -> a.sent().ifPresent(f -> sentFolders.put(a.id(), new SentFolder(a, f))));
  }


  @Override
  public String channel() {
    return "email";
  }

  @Override
  public Optional<String> assignExternalId(String account) {
    return Optional.of("<sb." + UUID.randomUUID() + "@" + account(account).domain() + ">");
  }

  @Override
  public String send(OutboundMessage m) throws SendException {
    EmailAccount account = account(m.account());
    Session session = sessions.get(account.id());
    try {
      MimeMessage mail =
          OutgoingMail.plain(session, account, account.displayName(), m.externalId(), replySubject(m.subject()), m.text());
      mail.setRecipient(
          Message.RecipientType.TO, new InternetAddress(m.recipientHandle(), m.recipientName(), "UTF-8"));
      if (m.inReplyTo() != null) {
        mail.setHeader("In-Reply-To", m.inReplyTo());
      }
      Set<String> refs = new LinkedHashSet<>(m.references());
      if (m.inReplyTo() != null) {
        refs.add(m.inReplyTo());
      }
      if (!refs.isEmpty()) {
        mail.setHeader("References", MimeUtility.fold(12, String.join(" ", refs)));
      }
      mail.setHeader("X-Switchboard-Conversation", String.valueOf(m.conversationId()));
      mail.saveChanges();
      Connection c = connections.computeIfAbsent(account.id(), id -> new Connection());
      synchronized (c) {
        c.send(session, account.smtp(), mail);
      }
      fileSent(account, mail);
      return m.externalId();
    } catch (SMTPSendFailedException e) {
      // 4xx: the server may take it later; 5xx: it never will
      throw new SendException("SMTP refused: " + e.getMessage().trim(), e.getReturnCode() < 500, e);
    } catch (SendFailedException e) {
      throw new SendException("SMTP refused the recipient: " + e.getMessage().trim(), false, e);
    } catch (MessagingException e) {
      throw new SendException("SMTP unreachable: " + rootMessage(e), true, e);
    } catch (UnsupportedEncodingException e) {
      throw new SendException("cannot encode address: " + e.getMessage(), false, e);
    }
  }

  private void fileSent(EmailAccount account, MimeMessage mail) {
    SentFolder sent = sentFolders.get(account.id());
    if (sent == null) {
      return;
    }
    try {
      sent.file(mail);
    } catch (MessagingException e) {
      // the reply is out; only the copy is missing, which makes a later retry less certain
      LOG.warn("{}: could not file reply {} in the Sent folder: {}", account.id(), safeId(mail), e.getMessage());
    }
  }

  private static String safeId(MimeMessage mail) {
    try {
      return mail.getMessageID();
    } catch (MessagingException e) {
      return "?";
    }
  }

  /** A retried reply whose Message-ID is already in the Sent folder went out before a crash. */
  @Override
  public Optional<String> findSent(OutboundMessage m) {
    SentFolder sent = sentFolders.get(m.account());
    if (sent == null || m.externalId() == null) {
      return Optional.empty();
    }
    try {
      return sent.contains(m.externalId()) ? Optional.of(m.externalId()) : Optional.empty();
    } catch (MessagingException e) {
      LOG.warn("{}: cannot look in the Sent folder: {}", m.account(), e.getMessage());
      return Optional.empty();
    }
  }

  static String replySubject(String subject) {
    String s = subject == null ? "" : subject.trim();
    return s.regionMatches(true, 0, "re:", 0, 3) ? s : "Re: " + s;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
  }

  private EmailAccount account(String id) {
    EmailAccount a = accounts.get(id);
    if (a == null) {
      throw new IllegalArgumentException("no email account " + id);
    }
    return a;
  }

  /**
   * One account's SMTP connection, kept open between replies so a burst of them does not pay a new
   * connection (and TLS handshake and login) each. It is reused only when it was used within the
   * last {@link #REUSE_WITHIN}, far below any server's idle timeout, so a reply never goes out on
   * a connection the server already dropped; after any failure it is closed and the next reply
   * opens a new one. Callers hold the object's lock.
   */
  private static final class Connection {
    private Transport transport;
    private long lastUsed;

    void send(Session session, EmailAccount.Server smtp, MimeMessage mail) throws MessagingException {
      long now = System.nanoTime();
      // no isConnected() check: for SMTP it costs a NOOP round trip per reply
      if (transport != null && now - lastUsed > REUSE_WITHIN.toNanos()) {
        close();
      }
      try {
        if (transport == null) {
          Transport t = session.getTransport();
          if (smtp.password().isEmpty()) {
            t.connect();
          } else {
            t.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
          }
          transport = t;
        }
        transport.sendMessage(mail, mail.getAllRecipients());
        lastUsed = System.nanoTime();
      } catch (MessagingException | RuntimeException e) {
        close();
        throw e;
      }
    }

    void close() {
      Transport t = transport;
      transport = null;
      if (t != null) {
        try {
          t.close();
        } catch (MessagingException e) {
          LOG.debug("closing SMTP connection: {}", e.toString());
        }
      }
    }
  }
}
