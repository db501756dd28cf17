package io.switchboard.workflow.sla;

import io.switchboard.channel.email.EmailAccount;
import io.switchboard.channel.email.OutgoingMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** Tells people of a breach by email, through the SMTP server of one of our email accounts. */
public final class EscalationMailer {
  /** One notice: who gets it and what it says. */
  public record Notice(List<String> to, String subject, String text) {}

  private final EmailAccount account;
  private final Session session;

  public EscalationMailer(EmailAccount account) {
    this.account = account;
    this.session = Session.getInstance(account.smtp().smtpProperties());
  }

  public void send(Notice notice) throws MessagingException {
    if (notice.to().isEmpty()) {
      return;
    }
    MimeMessage mail =
        OutgoingMail.plain(session, account, account.displayName() + " (SLA)", null, notice.subject(), notice.text());
    for (String to : notice.to()) {
      mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    mail.setHeader("Auto-Submitted", "auto-generated");
    mail.saveChanges();
    account.smtp().send(mail);
  }
}
