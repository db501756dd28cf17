package io.switchboard.workflow.sla;

import io.switchboard.channel.email.EmailAccount;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
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
    MimeMessage mail = new MimeMessage(session);
    try {
      mail.setFrom(new InternetAddress(account.address(), account.displayName() + " (SLA)", "UTF-8"));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    for (String to : notice.to()) {
      mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    mail.setSubject(notice.subject(), "UTF-8");
    mail.setHeader("Auto-Submitted", "auto-generated");
    mail.setSentDate(new Date());
    mail.setText(notice.text(), StandardCharsets.UTF_8.name());
    mail.saveChanges();
    account.smtp().send(mail);
  }
}
