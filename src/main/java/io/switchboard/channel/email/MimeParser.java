package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Parses raw RFC 5322 / MIME bytes into a {@link ParsedEmail}, tolerating what real mail gets
 * wrong: wrong or unknown charsets, broken boundaries and transfer encodings, raw 8-bit headers,
 * very long lines, deep nesting. Problems that still leave something readable become {@link
 * ParsedEmail#warnings()}; only mail without a From address or without any readable body is
 * rejected.
 *
 * <p>Body rules: text/plain is the text; HTML-only mail is converted to text; in
 * multipart/alternative the plain part gives the text and the HTML part the {@code html};
 * multipart/mixed and /related are walked to a depth of 20; parts that are not body text become
 * attachments. A nested message/rfc822 (forward, bounce) has its headers and text appended to
 * {@code text} as a "Forwarded message" block and its attachments collected; when it is a declared
 * attachment its .eml is also kept as an attachment.
 *
 * <p>Lifecycle and threading: create once and share; instances are immutable and stateless, so
 * {@link #parse} may be called from any number of threads at once.
 */
public final class MimeParser {

  /**
   * One session for all parses: it is only read from. Only {@code mail.mime.address.strict} and
   * {@code mail.mime.allowutf8} are session properties in Jakarta Mail 2.1; the other leniency
   * switches are read from JVM-wide system properties, which a library must not flip for the whole
   * daemon. They are set here too in case a later Jakarta version reads them from the session, but
   * this parser does not depend on them: charset, RFC 2047, parameter and base64 leniency are
   * handled by its own fallbacks.
   */
  private static final Session SESSION;

  static {
    MailStreams.skipServiceLookup();
    SESSION = Session.getInstance(sessionProperties());
  }

  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]+");

  private final long maxAttachmentBytes;

  /**
   * @param maxAttachmentBytes decoded attachments larger than this keep their metadata but lose
   *     their content (content null, plus a warning)
   */
  public MimeParser(long maxAttachmentBytes) {
    if (maxAttachmentBytes < 0) {
      throw new IllegalArgumentException(
          "maxAttachmentBytes must not be negative: " + maxAttachmentBytes);
    }
    this.maxAttachmentBytes = maxAttachmentBytes;
  }

  /**
   * Parses one message.
   *
   * @param raw the message as received (headers and body; a leading mbox "From " line is tolerated)
   * @return the parsed mail, never null
   * @throws MalformedEmailException when the mail has no From address or no readable body at all
   */
  public ParsedEmail parse(byte[] raw) throws MalformedEmailException {
    if (raw == null || raw.length == 0) {
      throw new MalformedEmailException("empty message");
    }
    MimeMessage message;
    try {
      // a shared stream: Jakarta keeps the content as a view of these bytes instead of a copy, and
      // the parts of a multipart as views of that
      message = new MimeMessage(SESSION, new SharedByteArrayInputStream(withoutMboxFromLine(raw)));
    } catch (MessagingException | RuntimeException e) {
      throw new MalformedEmailException("MIME structure unreadable: " + PartReader.describe(e), e);
    }

    List<String> warnings = new ArrayList<>();
    String fromHeader = header(message, "From");
    HeaderValues.Mailbox from =
        HeaderValues.mailboxes(fromHeader).stream()
            .findFirst()
            .orElseThrow(() -> new MalformedEmailException(noFrom(fromHeader)));
    if (from.address().indexOf('@') < 0) {
      warnings.add("From address \"" + from.address() + "\" has no domain");
    }

    BodyWalker.Body body = new BodyWalker(SESSION, maxAttachmentBytes).walk(message);
    if (body.failure() != null) {
      throw new MalformedEmailException("body unreadable: " + body.failure());
    }
    warnings.addAll(body.warnings());

    String messageId = HeaderValues.messageId(PartReader.firstHeader(message, "Message-ID"));
    List<String> references = HeaderValues.messageIds(header(message, "References"));
    String subject = PartReader.firstHeader(message, "Subject");
    String contentType = PartReader.baseType(PartReader.contentTypeHeader(message));
    return new ParsedEmail(
        messageId,
        HeaderValues.messageId(PartReader.firstHeader(message, "In-Reply-To")),
        references,
        from.address(),
        from.name(),
        addresses(header(message, "To")),
        addresses(header(message, "Cc")),
        subject == null
            ? null
            : CONTROL.matcher(EncodedWords.decode(subject)).replaceAll(" ").strip(),
        HeaderValues.date(PartReader.firstHeader(message, "Date")),
        body.text(),
        QuoteTrimmer.trim(body.text()),
        body.html(),
        body.attachments(),
        AutoGenerated.isAutoGenerated(message, contentType),
        warnings,
        DeliveryReport.read(message).orElse(null));
  }

  private static String noFrom(String header) {
    if (header == null || header.isBlank()) {
      return "no From address";
    }
    String shown = CONTROL.matcher(header).replaceAll(" ").strip();
    return "no From address in \""
        + (shown.length() > 100 ? shown.substring(0, 100) + "..." : shown)
        + "\"";
  }

  private static List<String> addresses(String header) {
    return HeaderValues.mailboxes(header).stream().map(HeaderValues.Mailbox::address).toList();
  }

  /**
   * All occurrences of a header joined by commas (for address lists and References); null when
   * absent.
   */
  private static String header(MimeMessage message, String name) {
    try {
      return message.getHeader(name, ",");
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] withoutMboxFromLine(byte[] raw) {
    if (raw.length < 5
        || raw[0] != 'F'
        || raw[1] != 'r'
        || raw[2] != 'o'
        || raw[3] != 'm'
        || raw[4] != ' ') {
      return raw;
    }
    for (int i = 5; i < raw.length; i++) {
      if (raw[i] == '\n') {
        return Arrays.copyOfRange(raw, i + 1, raw.length);
      }
    }
    return raw;
  }

  private static Properties sessionProperties() {
    Properties p = new Properties();
    p.setProperty("mail.mime.address.strict", "false");
    // keep raw 8-bit header bytes as ISO-8859-1 chars so TextDecoding can re-decode them exactly
    p.setProperty("mail.mime.allowutf8", "false");
    p.setProperty("mail.mime.decodetext.strict", "false");
    p.setProperty("mail.mime.parameters.strict", "false");
    p.setProperty("mail.mime.base64.ignoreerrors", "true");
    p.setProperty("mail.mime.ignoreunknownencoding", "true");
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    p.setProperty("mail.mime.multipart.allowempty", "true");
    return p;
  }
}
