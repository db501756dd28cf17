package io.switchboard.channel.email;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns bytes into text without ever failing: mail in the wild declares charsets that do not exist
 * or do not match the bytes, and an inbox must still show something. Stateless.
 */
final class TextDecoding {

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private TextDecoding() {}

  /**
   * Decodes with the declared charset if the bytes fit it, else UTF-8, else the declared charset
   * with replacement characters (multi-byte charsets such as ISO-2022-JP are better shown damaged
   * than as escape-code soup), else UTF-8 with replacement characters if the bytes are mostly valid
   * UTF-8 (truncated or partly re-encoded text), else windows-1252, else ISO-8859-1, which accepts
   * every byte.
   */
  static String decode(byte[] bytes, String declaredCharset) {
    Charset declared = lookup(declaredCharset);
    if (declared != null) {
      String s = strict(bytes, declared);
      if (s != null) {
        return stripBom(s);
      }
    }
    if (!StandardCharsets.UTF_8.equals(declared)) {
      String s = strict(bytes, StandardCharsets.UTF_8);
      if (s != null) {
        return stripBom(s);
      }
    }
    if (declared != null && !isAsciiOrUtf8(declared) && isMultiByte(declared)) {
      return new String(bytes, declared);
    }
    String damaged = mostlyUtf8(bytes);
    if (damaged != null) {
      return stripBom(damaged);
    }
    String s = strict(bytes, WINDOWS_1252);
    return s != null ? s : new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static boolean isMultiByte(Charset c) {
    // decode-only charsets cannot say; treat them as multi-byte so the sender's choice is kept
    return !c.canEncode() || c.newEncoder().maxBytesPerChar() > 1;
  }

  /**
   * UTF-8 with replacement characters when valid multi-byte sequences outnumber broken ones: a
   * single Latin-1 "é" is not valid UTF-8 at all, while cut-off UTF-8 text mostly is.
   */
  private static String mostlyUtf8(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    int valid = 0;
    int broken = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD') {
        broken++;
      } else if (c > 0x7F) {
        valid++;
      }
    }
    return valid > broken ? s : null;
  }

  /**
   * The charset for a MIME charset name, or null when the name is blank, invalid or unsupported
   * here.
   */
  static Charset lookup(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim();
    // quotes and RFC 2231 language tags survive lenient parameter parsing
    if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
      n = n.substring(1, n.length() - 1).trim();
    }
    int star = n.indexOf('*');
    if (star >= 0) {
      n = n.substring(0, star);
    }
    if (n.isEmpty()) {
      return null;
    }
    try {
      return Charset.forName(n.toLowerCase(Locale.ROOT));
    } catch (
        IllegalArgumentException e) { // IllegalCharsetName and UnsupportedCharset both extend it
      return null;
    }
  }

  private static boolean isAsciiOrUtf8(Charset c) {
    return StandardCharsets.UTF_8.equals(c) || StandardCharsets.US_ASCII.equals(c);
  }

  private static String strict(byte[] bytes, Charset charset) {
    try {
      CharBuffer chars =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }

  /**
   * Jakarta Mail hands out header values whose raw 8-bit bytes became ISO-8859-1 chars. Mailers
   * that put raw UTF-8 (or Latin-1) into headers are common, so such values are re-decoded from
   * their original bytes.
   */
  static String repairRawHeader(String value) {
    if (value == null) {
      return null;
    }
    boolean eightBit = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xFF) {
        return value; // already real Unicode text: leave it alone
      }
      eightBit |= c >= 0x80;
    }
    return eightBit ? decode(value.getBytes(StandardCharsets.ISO_8859_1), null) : value;
  }
}
