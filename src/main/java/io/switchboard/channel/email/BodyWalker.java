package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks one message's MIME tree and collects body text, HTML and attachments. Every part is read on
 * its own: a part that fails becomes a warning and the rest is kept. One instance per message; not
 * thread-safe.
 */
final class BodyWalker {

  static final int MAX_DEPTH = 20;

  /**
   * The collected body; {@code failure} is set when the top-level body could not be read at all.
   */
  record Body(
      String text,
      String html,
      List<ParsedEmail.Attachment> attachments,
      List<String> warnings,
      String failure) {}

  /**
   * A piece of body in MIME order; {@code html} is null for text that came from text/plain. The
   * text of an HTML piece is made when first asked for: the HTML twin of a plain part in
   * multipart/alternative is never read as text, and converting it was a tenth of parsing a mail.
   */
  private final class Segment {
    private final String html;
    private String text;

    Segment(String text, String html) {
      this.text = text;
      this.html = html;
    }

    String html() {
      return html;
    }

    String text() {
      if (text == null) {
        try {
          text = HtmlText.toText(html);
        } catch (RuntimeException e) {
          warnings.add("HTML could not be read as text: " + PartReader.describe(e));
          text = "";
        }
      }
      return text;
    }
  }

  private static final Pattern META_CHARSET =
      Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([\\w.:-]+)");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

  private final Session session;
  private final long maxAttachmentBytes;
  private final List<ParsedEmail.Attachment> attachments = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private List<Segment> segments = new ArrayList<>();
  private String failure;

  BodyWalker(Session session, long maxAttachmentBytes) {
    this.session = session;
    this.maxAttachmentBytes = maxAttachmentBytes;
  }

  Body walk(MimeMessage message) {
    walk(message, "body", 0);
    String text = joinText(segments);
    List<String> htmls =
        segments.stream().map(Segment::html).filter(h -> h != null && !h.isBlank()).toList();
    String html = null;
    if (!htmls.isEmpty()) {
      try {
        html = HtmlText.sanitize(String.join("\n", htmls));
      } catch (RuntimeException e) {
        warnings.add("HTML could not be sanitized and was dropped: " + PartReader.describe(e));
      }
    }
    boolean nothing = text.isEmpty() && html == null && attachments.isEmpty();
    return new Body(text, html, attachments, warnings, nothing ? failure : null);
  }

  private void walk(Part part, String where, int depth) {
    walk(part, where, depth, false);
  }

  private void walk(Part part, String where, int depth, boolean inDigest) {
    if (depth > MAX_DEPTH) {
      warnings.add(where + ": MIME nesting deeper than " + MAX_DEPTH + " levels, skipped");
      return;
    }
    // RFC 2046 5.1.5: untyped parts of a digest are messages, not text
    String contentType =
        inDigest && PartReader.firstHeader(part, "Content-Type") == null
            ? "message/rfc822"
            : PartReader.contentTypeHeader(part);
    String type = PartReader.baseType(contentType);
    try {
      if (type.startsWith("multipart/")) {
        multipart(part, contentType, type, where, depth);
      } else if (type.equals("message/rfc822") || type.equals("message/global")) {
        nestedMessage(part, where, depth);
      } else if (isBodyText(part, type)) {
        bodyText(part, contentType, type, where);
      } else {
        attachment(part, type, where);
      }
    } catch (MessagingException | IOException | RuntimeException e) {
      warnings.add(where + " (" + type + ") unreadable: " + PartReader.describe(e));
      if (depth == 0) {
        failure = PartReader.describe(e);
      }
    }
  }

  private void multipart(Part part, String contentType, String type, String where, int depth)
      throws MessagingException, IOException {
    MimeMultipart multipart = new MimeMultipart(dataSource(part, contentType, type));
    int count;
    try {
      count = multipart.getCount(); // parsing happens here
    } catch (MessagingException e) {
      warnings.add(
          where
              + ": multipart structure unreadable ("
              + PartReader.describe(e)
              + "), body kept as plain text");
      bodyText(part, contentType, "text/plain", where);
      return;
    }
    if (type.equals("multipart/alternative")) {
      alternative(multipart, count, where, depth);
      return;
    }
    boolean digest = type.equals("multipart/digest");
    for (int i = 0; i < count; i++) {
      walk(multipart.getBodyPart(i), child(where, i), depth + 1, digest);
    }
  }

  /**
   * Text comes from the first alternative with real plain text (an empty text/plain next to a full
   * HTML part is common), HTML from the last alternative that has some; if there is no plain text
   * the HTML is converted.
   */
  private void alternative(MimeMultipart multipart, int count, String where, int depth)
      throws MessagingException {
    List<Segment> outer = segments;
    List<List<Segment>> alternatives = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        segments = new ArrayList<>();
        walk(multipart.getBodyPart(i), child(where, i), depth + 1);
        alternatives.add(segments);
      }
    } finally {
      segments = outer;
    }
    List<Segment> plain =
        alternatives.stream()
            .filter(a -> a.stream().anyMatch(s -> s.html() == null && !s.text().isBlank()))
            .findFirst()
            .orElse(null);
    List<Segment> rich = null;
    for (List<Segment> a : alternatives) {
      if (a.stream().anyMatch(s -> s.html() != null)) {
        rich = a;
      }
    }
    if (plain == null && rich == null) {
      return;
    }
    String text = joinText(plain != null ? plain : rich);
    String html =
        rich == null
            ? null
            : String.join("\n", rich.stream().map(Segment::html).filter(h -> h != null).toList());
    segments.add(new Segment(text, html));
  }

  /**
   * A message/rfc822 part (a forwarded mail, or the original inside a bounce) is shown inline: its
   * headers and text are appended to the body as a forwarded block so agents can read it; its
   * attachments are collected; its HTML is not merged. When it is a declared attachment, the .eml
   * is also kept as an attachment.
   */
  private void nestedMessage(Part part, String where, int depth)
      throws MessagingException, IOException {
    PartReader.Content content = PartReader.read(part, Long.MAX_VALUE);
    note(where, content);
    if ("attachment".equals(PartReader.disposition(part))) {
      addAttachment(part, "message/rfc822", content.bytes(), content.size(), ".eml");
    }
    MimeMessage nested = new MimeMessage(session, new SharedByteArrayInputStream(content.bytes()));
    List<Segment> outer = segments;
    List<Segment> inner = new ArrayList<>();
    try {
      segments = inner;
      walk(nested, where, depth + 1); // numbered like IMAP: the children of part 2 are 2.1, 2.2
    } finally {
      segments = outer;
    }
    StringBuilder block = new StringBuilder("---------- Forwarded message ----------\n");
    appendHeader(block, nested, "From");
    appendHeader(block, nested, "Date");
    appendHeader(block, nested, "Subject");
    appendHeader(block, nested, "To");
    block.append('\n').append(joinText(inner));
    segments.add(new Segment(block.toString().strip(), null));
  }

  private static void appendHeader(StringBuilder block, MimeMessage message, String name) {
    String value = PartReader.firstHeader(message, name);
    if (value != null) {
      block
          .append(name)
          .append(": ")
          .append(clean(EncodedWords.decode(value)).strip())
          .append('\n');
    }
  }

  /** text/plain and text/html are body text unless they are declared or named as attachments. */
  private static boolean isBodyText(Part part, String type) {
    if (!type.equals("text/plain") && !type.equals("text/html")) {
      return false;
    }
    String disposition = PartReader.disposition(part);
    if ("attachment".equals(disposition)) {
      return false;
    }
    return "inline".equals(disposition) || PartReader.filename(part) == null;
  }

  private void bodyText(Part part, String contentType, String type, String where)
      throws MessagingException, IOException {
    PartReader.Content content = PartReader.read(part, Long.MAX_VALUE);
    note(where, content);
    String charset = PartReader.parameter(contentType, "charset");
    if (type.equals("text/html")) {
      if (charset == null) {
        charset = metaCharset(content.bytes());
      }
      String html = clean(TextDecoding.decode(content.bytes(), charset));
      segments.add(new Segment(null, html));
    } else {
      segments.add(new Segment(clean(TextDecoding.decode(content.bytes(), charset)), null));
    }
  }

  private void attachment(Part part, String type, String where)
      throws MessagingException, IOException {
    PartReader.Content content = PartReader.read(part, maxAttachmentBytes);
    note(where, content);
    addAttachment(part, type, content.bytes(), content.size(), null);
  }

  private void addAttachment(Part part, String type, byte[] bytes, long size, String extension) {
    String filename = PartReader.filename(part);
    if (filename == null) {
      filename =
          "attachment-"
              + (attachments.size() + 1)
              + (extension != null ? extension : extension(type));
    }
    if (bytes == null || size > maxAttachmentBytes) {
      warnings.add("attachment " + filename + " (" + size + " bytes) dropped: over limit");
      bytes = null;
    }
    attachments.add(new ParsedEmail.Attachment(filename, type, size, bytes));
  }

  private void note(String where, PartReader.Content content) {
    if (content.problem() != null) {
      warnings.add(where + ": " + content.problem());
    }
  }

  private static MimePartDataSource dataSource(Part part, String contentType, String type)
      throws MessagingException {
    if (!(part instanceof MimePart mime)) {
      throw new MessagingException("not a MIME part: " + part.getClass().getSimpleName());
    }
    // MimeMultipart parses the whole Content-Type strictly just to find the boundary; handing it a
    // rebuilt header keeps a junk parameter elsewhere from costing the entire body
    String boundary = PartReader.parameter(contentType, "boundary");
    String clean =
        boundary == null
            ? type // Jakarta then takes the first "--" line as the boundary
            : type + "; boundary=\"" + boundary.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return new MimePartDataSource(mime) {
      @Override
      public String getContentType() {
        return clean;
      }
    };
  }

  private static String child(String where, int index) {
    return where.equals("body") ? "part " + (index + 1) : where + "." + (index + 1);
  }

  private static String joinText(List<Segment> parts) {
    return String.join(
        "\n\n", parts.stream().map(Segment::text).filter(t -> !t.isBlank()).toList());
  }

  /**
   * Unifies line ends, drops control characters (PostgreSQL rejects NUL in text) and surrounding
   * blank lines.
   */
  private static String clean(String text) {
    String s = CONTROL.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
    return s.replaceFirst("^(?:[ \\t]*\\n)+", "").stripTrailing();
  }

  private static String metaCharset(byte[] html) {
    String head = new String(html, 0, Math.min(html.length, 4096), StandardCharsets.ISO_8859_1);
    Matcher m = META_CHARSET.matcher(head);
    return m.find() ? m.group(1) : null;
  }

  private static String extension(String type) {
    String subtype = type.substring(type.indexOf('/') + 1).toLowerCase(Locale.ROOT);
    return subtype.matches("[a-z0-9]{1,8}") ? "." + subtype : "";
  }
}
