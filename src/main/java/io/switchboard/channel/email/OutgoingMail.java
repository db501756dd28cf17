package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * A plain-text email from one of our mailboxes, with what every mail we send shares: the sender
 * (the account's address under a display name), a UTF-8 subject and body, the sent date, and, when
 * given, a Message-ID chosen in advance (so our own copy, or an answer to it, is recognised when
 * the poller reads it back). Callers add recipients and their own headers, then send it.
 */
public final class OutgoingMail {
  private OutgoingMail() {}

  /**
   * @param messageId the Message-ID to keep, or null to let Jakarta Mail make one
   * @throws MessagingException when the display name cannot be encoded or a header is invalid
   */
  public static MimeMessage plain(
      Session session, EmailAccount from, String fromName, String messageId, String subject, String text)
      throws MessagingException {
    MimeMessage mail = messageId == null ? new MimeMessage(session) : new FixedIdMessage(session, messageId);
    try {
      mail.setFrom(new InternetAddress(from.address(), fromName, StandardCharsets.UTF_8.name()));
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("cannot encode the sender " + fromName, e);
    }
    mail.setSubject(subject, StandardCharsets.UTF_8.name());
    mail.setSentDate(new Date());
    mail.setText(text, StandardCharsets.UTF_8.name());
    return mail;
  }

  /** A MimeMessage that keeps the Message-ID we chose instead of making a new one on save. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
