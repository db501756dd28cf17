package io.switchboard.digest;

import io.switchboard.channel.email.EmailAccount;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Sends a rendered digest over SMTP as one message to the whole list: multipart/alternative with
 * the plain text first and then multipart/related holding the HTML and its charts (Content-ID).
 */
public final class DigestMailer {
  private final EmailAccount.Server smtp;
  private final Session session;
  private final String from;

  public DigestMailer(EmailAccount.Server smtp, String from) {
    this.smtp = smtp;
    this.from = from;
    this.session = Session.getInstance(smtp.smtpProperties());
  }

  public MimeMessage message(DigestRenderer.Rendered r, List<String> recipients) throws MessagingException {
    MimeMessage mail = new MimeMessage(session);
    mail.setFrom(new InternetAddress(from));
    for (String to : recipients) {
      mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    mail.setSubject(r.subject(), "UTF-8");
    mail.setSentDate(new Date());

    MimeBodyPart text = new MimeBodyPart();
    text.setText(r.text(), "UTF-8", "plain");

    MimeMultipart related = new MimeMultipart("related");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(r.html(), "UTF-8", "html");
    related.addBodyPart(html);
    for (Map.Entry<String, byte[]> image : r.images().entrySet()) {
      MimeBodyPart png = new MimeBodyPart();
      png.setDataHandler(new DataHandler(new ByteArrayDataSource(image.getValue(), "image/png")));
      png.setContentID("<" + image.getKey() + ">");
      png.setDisposition(MimeBodyPart.INLINE);
      png.setFileName(image.getKey().substring(0, image.getKey().indexOf('@')) + ".png");
      related.addBodyPart(png);
    }
    MimeBodyPart relatedPart = new MimeBodyPart();
    relatedPart.setContent(related);

    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(relatedPart);
    mail.setContent(alternative);
    mail.saveChanges();
    return mail;
  }

  public void send(DigestRenderer.Rendered r, List<String> recipients) throws MessagingException {
    smtp.send(message(r, recipients));
  }
}
