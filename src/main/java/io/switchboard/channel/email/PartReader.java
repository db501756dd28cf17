package io.switchboard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one MIME part's metadata and decoded bytes, tolerating broken headers and broken transfer
 * encodings: Jakarta's strict parsers are tried first, regular expressions and raw bytes are the
 * fallback. Stateless.
 */
final class PartReader {

  /**
   * Decoded content: {@code bytes} is null when it exceeded the limit; {@code problem} explains any
   * fallback.
   */
  record Content(byte[] bytes, long size, String problem) {}

  private static final Pattern BASE_TYPE = Pattern.compile("^\\s*([\\w.+-]+/[\\w.+-]+)");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");

  /** The bytes of clean base64 lines: the alphabet, padding and line ends. */
  private static final boolean[] BASE64_LINE = new boolean[256];

  static {
    for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n".toCharArray()) {
      BASE64_LINE[c] = true;
    }
  }

  private PartReader() {}

  /**
   * Lower-cased type without parameters; text/plain when absent or unreadable, as RFC 2045
   * prescribes.
   */
  static String baseType(String contentTypeHeader) {
    if (contentTypeHeader == null || contentTypeHeader.isBlank()) {
      return "text/plain";
    }
    try {
      return new ContentType(contentTypeHeader).getBaseType().toLowerCase(Locale.ROOT);
    } catch (ParseException | RuntimeException e) {
      Matcher m = BASE_TYPE.matcher(contentTypeHeader);
      return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "text/plain";
    }
  }

  static String contentTypeHeader(Part part) {
    try {
      return part.getContentType();
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  /** A Content-Type parameter such as charset, or null. */
  static String parameter(String header, String name) {
    if (header == null) {
      return null;
    }
    try {
      return new ContentType(header).getParameter(name);
    } catch (ParseException | RuntimeException e) {
      return regexParameter(header, name);
    }
  }

  /** "attachment", "inline" or null, lower-cased. */
  static String disposition(Part part) {
    String header = firstHeader(part, "Content-Disposition");
    if (header == null) {
      return null;
    }
    try {
      String d = new ContentDisposition(header).getDisposition();
      return d == null ? null : d.toLowerCase(Locale.ROOT);
    } catch (ParseException | RuntimeException e) {
      String d = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      return d.isEmpty() ? null : d;
    }
  }

  /**
   * The decoded file name without directories or control characters, or null when the part names
   * none.
   */
  static String filename(Part part) {
    String name = null;
    try {
      name = part.getFileName();
    } catch (MessagingException | RuntimeException e) {
      // malformed parameter list: pick the value out by hand below
    }
    if (name == null) {
      name = regexParameter(firstHeader(part, "Content-Disposition"), "filename");
    }
    if (name == null) {
      name = regexParameter(firstHeader(part, "Content-Type"), "name");
    }
    if (name == null) {
      return null;
    }
    name = EncodedWords.decode(name);
    // a name is only a label: never let "../../x" or "C:\x" reach code that might write files
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = CONTROL.matcher(name).replaceAll("").strip();
    if (name.length() > 255) {
      name = name.substring(name.length() - 255);
    }
    return name.isEmpty() || name.equals(".") || name.equals("..") ? null : name;
  }

  /**
   * Reads the decoded content, keeping at most {@code limit} bytes (beyond it only the size is
   * counted). When the transfer encoding is broken, base64 is decoded leniently and anything else
   * is taken raw.
   */
  static Content read(Part part, long limit) throws MessagingException, IOException {
    byte[] decoded = cleanBase64(part);
    if (decoded != null) {
      return new Content(decoded.length <= limit ? decoded : null, decoded.length, null);
    }
    try (InputStream in = part.getInputStream()) {
      return copy(in, limit, null);
    } catch (MessagingException | IOException e) {
      InputStream raw = rawStream(part);
      if (raw == null) {
        throw e;
      }
      try (raw) {
        byte[] bytes = raw.readAllBytes();
        String encoding = firstHeader(part, "Content-Transfer-Encoding");
        if (encoding != null && encoding.trim().equalsIgnoreCase("base64")) {
          bytes = EncodedWords.base64(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return copy(
            new ByteArrayInputStream(bytes),
            limit,
            "content decoding failed (" + describe(e) + "), read leniently");
      }
    }
  }

  /**
   * Base64 content decoded in one pass with the JDK's decoder, which is several times faster than
   * Jakarta's decoding stream (attachments are the bulk of a mailbox's bytes); null when the part
   * is not base64 or its bytes are anything but clean base64 lines, which then take the stream
   * and its lenient fallback as before. The raw content is a view of the message's bytes, not a
   * copy (MimeParser hands Jakarta a shared stream).
   */
  private static byte[] cleanBase64(Part part) {
    String encoding = firstHeader(part, "Content-Transfer-Encoding");
    if (encoding == null || !encoding.trim().equalsIgnoreCase("base64")) {
      return null;
    }
    try {
      InputStream raw = rawStream(part);
      if (raw == null) {
        return null;
      }
      byte[] bytes;
      try (raw) {
        bytes = raw.readAllBytes();
      }
      for (byte b : bytes) {
        if (!BASE64_LINE[b & 0xFF]) {
          return null;
        }
      }
      return Base64.getMimeDecoder().decode(bytes);
    } catch (MessagingException | IOException | IllegalArgumentException e) {
      return null; // bad padding and the like: the lenient path decides
    }
  }

  private static InputStream rawStream(Part part) throws MessagingException {
    if (part instanceof MimeBodyPart p) {
      return p.getRawInputStream();
    }
    if (part instanceof MimeMessage m) {
      return m.getRawInputStream();
    }
    return null;
  }

  private static Content copy(InputStream in, long limit, String problem) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long size = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (size + n <= limit) {
        kept.write(buffer, 0, n);
      }
      size += n;
    }
    return new Content(size <= limit ? kept.toByteArray() : null, size, problem);
  }

  static String firstHeader(Part part, String name) {
    try {
      String[] values = part.getHeader(name);
      return values == null || values.length == 0 ? null : values[0];
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  private static String regexParameter(String header, String name) {
    if (header == null) {
      return null;
    }
    Matcher m =
        Pattern.compile("(?i)(?:^|;)\\s*" + Pattern.quote(name) + "\\s*=\\s*(\"[^\"]*\"?|[^;]*)")
            .matcher(HeaderValues.unfold(header));
    if (!m.find()) {
      return null;
    }
    String value = m.group(1).trim();
    if (value.startsWith("\"")) {
      value =
          value.substring(
              1, value.endsWith("\"") && value.length() > 1 ? value.length() - 1 : value.length());
    }
    return value.isEmpty() ? null : value;
  }

  /** Exception text for a warning: the message when there is one, else the exception type. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    message = message.strip();
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
