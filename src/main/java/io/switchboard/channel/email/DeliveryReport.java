package io.switchboard.channel.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A bounce: a delivery status notification (RFC 3464, {@code multipart/report;
 * report-type=delivery-status}) saying that a message could not be delivered. It names the message
 * it concerns (the Message-ID in its returned headers), whom it was for and why; the normalizer
 * files the bounce under that message in the recipient's conversation and notes the failure, so
 * the reply it concerns is marked undelivered instead of a new conversation being opened. Delayed
 * or relayed notices are not failures. Stateless.
 */
public final class DeliveryReport {
  /** How the failure is handed on in the message's notes: this prefix, then the reason. */
  public static final String NOTE_PREFIX = "delivery failed: ";
  private static final int MAX_PART = 256 * 1024;

  /**
   * @param originalMessageId the Message-ID of the message that bounced
   * @param recipient whom that message was for (its To, else the failed Final-Recipient), lower-cased;
   *     null when the report does not say
   * @param reason what the reporting server said, e.g. "5.1.1 nobody@example.invalid: smtp; 550 user unknown"
   */
  public record Failure(String originalMessageId, String recipient, String reason) {}

  private DeliveryReport() {}

  /** The failure this mail reports, if it is a delivery status notification of a failure. */
  static Optional<Failure> read(MimeMessage message) {
    try {
      String type = PartReader.contentTypeHeader(message);
      if (!"multipart/report".equals(PartReader.baseType(type))
          || !"delivery-status".equalsIgnoreCase(String.valueOf(PartReader.parameter(type, "report-type")))) {
        return Optional.empty();
      }
      if (!(message.getContent() instanceof Multipart parts)) {
        return Optional.empty();
      }
      String originalId = null;
      String recipient = null;
      List<String> failures = new ArrayList<>();
      List<String> failedRecipients = new ArrayList<>();
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        String partType = PartReader.baseType(PartReader.contentTypeHeader(part));
        if ("message/delivery-status".equals(partType)) {
          failures.addAll(failures(text(part), failedRecipients));
        } else if ("message/rfc822".equals(partType) || "text/rfc822-headers".equals(partType)) {
          InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(bytes(part)));
          originalId = HeaderValues.messageId(headers.getHeader("Message-ID", null));
          recipient = HeaderValues.mailboxes(headers.getHeader("To", ",")).stream().findFirst().map(HeaderValues.Mailbox::address).orElse(null);
        }
      }
      if (originalId == null || failures.isEmpty()) {
        return Optional.empty();
      }
      if (recipient == null && !failedRecipients.isEmpty()) {
        recipient = failedRecipients.get(0).toLowerCase(Locale.ROOT);
      }
      return Optional.of(new Failure(originalId, recipient, String.join("; ", failures)));
    } catch (MessagingException | IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable report is an ordinary auto-generated mail
    }
  }

  /** The reason in a note written by the normalizer, or empty when the notes report no failure. */
  public static Optional<String> failureIn(List<String> notes) {
    return notes.stream().filter(n -> n.startsWith(NOTE_PREFIX)).map(n -> n.substring(NOTE_PREFIX.length())).findFirst();
  }

  /**
   * "status recipient: diagnostic" for each per-recipient block whose Action is failed; the
   * recipients are added to {@code recipients}.
   */
  private static List<String> failures(String status, List<String> recipients) {
    List<String> failed = new ArrayList<>();
    // blocks of fields separated by blank lines: the per-message one, then one per recipient
    for (String block : status.split("\\r?\\n\\s*\\r?\\n")) {
      String action = field(block, "Action");
      if (action == null || !action.toLowerCase(Locale.ROOT).startsWith("failed")) {
        continue;
      }
      String recipient = field(block, "Final-Recipient");
      if (recipient != null && recipient.contains(";")) {
        recipient = recipient.substring(recipient.indexOf(';') + 1).strip();
      }
      if (recipient != null && recipient.contains("@")) {
        recipients.add(recipient);
      }
      String code = field(block, "Status");
      String diagnostic = field(block, "Diagnostic-Code");
      StringBuilder s = new StringBuilder();
      s.append(code == null ? "failed" : code);
      if (recipient != null) {
        s.append(' ').append(recipient);
      }
      if (diagnostic != null) {
        s.append(": ").append(diagnostic);
      }
      failed.add(s.toString());
    }
    return failed;
  }

  private static String field(String block, String name) {
    String value = null;
    for (String line : block.split("\\r?\\n")) {
      if (value != null && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
        value = value + " " + line.strip(); // folded continuation
        continue;
      }
      if (value != null) {
        return value;
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
        value = line.substring(colon + 1).strip();
      }
    }
    return value;
  }

  private static String text(Part part) throws MessagingException, IOException {
    return new String(bytes(part), StandardCharsets.UTF_8);
  }

  /** The part's decoded bytes, at most 256 KB (a report's parts are small). */
  private static byte[] bytes(Part part) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      return in.readNBytes(MAX_PART);
    }
  }
}
