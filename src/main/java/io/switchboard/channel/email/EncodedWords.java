package io.switchboard.channel.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient RFC 2047 decoding of header text ({@code =?charset?B|Q?...?=}). Written here rather than
 * using {@code MimeUtility.decodeText} because that one is strict by default (the switch is a
 * JVM-wide system property read once), throws on unknown charsets, and decodes split multi-byte
 * sequences word by word, which garbles them. Stateless.
 */
final class EncodedWords {

  // no whitespace restriction inside the text: broken mailers emit spaces in Q words
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*)\\?=");
  private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])|\\r?\\n$");

  private EncodedWords() {}

  /** Unfolds, repairs raw 8-bit text and decodes every encoded word; null stays null. */
  static String decode(String header) {
    if (header == null) {
      return null;
    }
    String value = TextDecoding.repairRawHeader(FOLD.matcher(header).replaceAll(""));
    if (!value.contains("=?")) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    Matcher m = WORD.matcher(value);
    int pos = 0;
    // consecutive words with the same charset are joined as bytes first: mailers split UTF-8
    // sequences
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    String pendingCharset = null;
    while (m.find()) {
      String between = value.substring(pos, m.start());
      boolean adjacent = pendingCharset != null && between.isBlank();
      String charset = m.group(1);
      if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
        flush(out, pending, pendingCharset);
        pendingCharset = null;
        if (!adjacent) {
          out.append(between); // whitespace between two encoded words is dropped (RFC 2047 6.2)
        }
      }
      byte[] bytes =
          m.group(2).toUpperCase(Locale.ROOT).equals("B") ? base64(m.group(3)) : quoted(m.group(3));
      pending.writeBytes(bytes);
      pendingCharset = charset;
      pos = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(value, pos, value.length());
    return out.toString();
  }

  private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
    if (charset != null) {
      out.append(TextDecoding.decode(pending.toByteArray(), charset));
    }
    pending.reset();
  }

  /** Base64 that ignores stray characters and bad padding instead of throwing. */
  static byte[] base64(String text) {
    StringBuilder clean = new StringBuilder(text.length() + 3);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/') {
        clean.append(c);
      }
    }
    if (clean.length() % 4 == 1) {
      clean.setLength(clean.length() - 1); // a lone sixth of a byte carries no data
    }
    while (clean.length() % 4 != 0) {
      clean.append('=');
    }
    return Base64.getDecoder().decode(clean.toString());
  }

  private static byte[] quoted(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '='
          && i + 2 < text.length()
          && isHex(text.charAt(i + 1))
          && isHex(text.charAt(i + 2))) {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c <= 0xFF) {
        out.write(c);
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }
}
