package io.switchboard.workflow.handoff;

import io.switchboard.channel.email.EmailAccount;
import io.switchboard.channel.email.OutgoingMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends a hand-off by SMTP from a support mailbox to a department. The Message-ID and the subject
 * carry the hand-off's token, and replies go to the mailbox, so the department's answer comes back
 * through the mailbox's IMAP poller and threads to the conversation.
 */
public final class HandoffMailer {
  /** A hand-off email ready to send. */
  public record Mail(EmailAccount from, String to, String messageId, String subject, String text) {}

  /** @throws MessagingException when the server cannot be reached or refuses the mail */
  public void send(Mail m) throws MessagingException {
    EmailAccount account = m.from();
    Session session = Session.getInstance(account.smtp().smtpProperties());
    MimeMessage mail = OutgoingMail.plain(session, account, account.displayName(), m.messageId(), m.subject(), m.text());
    mail.setReplyTo(new InternetAddress[] {new InternetAddress(account.address())});
    mail.setRecipient(Message.RecipientType.TO, new InternetAddress(m.to()));
    mail.setHeader("Auto-Submitted", "auto-generated");
    mail.saveChanges();
    account.smtp().send(mail);
  }
}
