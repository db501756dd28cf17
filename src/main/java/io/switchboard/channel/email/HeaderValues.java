package io.switchboard.channel.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import java.text.ParsePosition;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient readers for the structured headers the inbox uses: Message-IDs, addresses, dates.
 * Stateless.
 */
final class HeaderValues {

  /** A parsed address: lower-cased address and decoded display name (null when absent). */
  record Mailbox(String address, String name) {}

  private static final Pattern ANGLE_ID = Pattern.compile("<([^<>]*)>");
  private static final Pattern BARE_ADDRESS = Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+");
  private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private HeaderValues() {}

  /** The first Message-ID in a header as {@code <id@host>}, or null when there is none. */
  static String messageId(String header) {
    List<String> ids = messageIds(header);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** All Message-IDs in a header, in order, as {@code <id@host>}; tolerates missing brackets. */
  static List<String> messageIds(String header) {
    List<String> ids = new ArrayList<>();
    if (header == null) {
      return ids;
    }
    String value = unfold(header);
    Matcher m = ANGLE_ID.matcher(value);
    while (m.find()) {
      addId(ids, m.group(1));
    }
    if (ids.isEmpty() && value.indexOf('<') < 0) {
      // some mailers drop the brackets; then every token is taken as an id
      for (String token : value.replace(',', ' ').trim().split("\\s+")) {
        addId(ids, token);
      }
    }
    return ids;
  }

  private static void addId(List<String> ids, String raw) {
    String id = WHITESPACE.matcher(raw).replaceAll("");
    if (!id.isEmpty()) {
      String normalized = "<" + id + ">";
      if (!ids.contains(normalized)) {
        ids.add(normalized);
      }
    }
  }

  /**
   * Mailboxes in an address header (groups expanded); never throws. Falls back to picking out bare
   * addresses when the list does not parse, or when it yields domain-less words or spaced junk
   * although the header holds real addresses ({@code John Smith john@example.com} would otherwise
   * give "john").
   */
  static List<Mailbox> mailboxes(String header) {
    List<Mailbox> parsed = new ArrayList<>();
    if (header == null || header.isBlank()) {
      return parsed;
    }
    String value = TextDecoding.repairRawHeader(unfold(header));
    try {
      for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
        addMailbox(parsed, a);
      }
    } catch (AddressException | RuntimeException e) {
      parsed.clear();
    }
    if (!parsed.isEmpty() && parsed.stream().allMatch(HeaderValues::plausible)) {
      return parsed;
    }
    List<Mailbox> bare = new ArrayList<>();
    Matcher m = BARE_ADDRESS.matcher(value);
    while (m.find()) {
      String address = m.group().toLowerCase(Locale.ROOT);
      // keep the display name where the parser did get this address right
      bare.add(
          parsed.stream()
              .filter(p -> p.address().equals(address))
              .findFirst()
              .orElse(new Mailbox(address, null)));
    }
    return bare.isEmpty() ? parsed : bare;
  }

  /** One address with a domain and no spaces; anything else means the list was misread. */
  private static boolean plausible(Mailbox m) {
    return m.address().indexOf('@') > 0 && !WHITESPACE.matcher(m.address()).find();
  }

  private static void addMailbox(List<Mailbox> into, InternetAddress a) throws AddressException {
    if (a.isGroup()) {
      InternetAddress[] members = a.getGroup(false);
      if (members != null) {
        for (InternetAddress member : members) {
          addMailbox(into, member);
        }
      }
      return;
    }
    String address = a.getAddress();
    if (address == null) {
      return;
    }
    address = address.trim();
    if (address.startsWith("<") && address.endsWith(">")) {
      address = address.substring(1, address.length() - 1).trim();
    }
    if (address.isEmpty()) {
      return;
    }
    into.add(new Mailbox(address.toLowerCase(Locale.ROOT), displayName(a.getPersonal())));
  }

  private static String displayName(String personal) {
    if (personal == null) {
      return null;
    }
    // getPersonal() gives the encoded form back when Jakarta cannot decode it (unknown charset,
    // glued words)
    String name = EncodedWords.decode(personal).trim();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1).trim();
    }
    return name.isEmpty() ? null : name;
  }

  /** The instant of a Date header, or null when absent or unparsable. */
  static Instant date(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = unfold(header).trim();
    try {
      // MailDateFormat is not thread-safe, hence one per call
      Date d = new MailDateFormat().parse(value, new ParsePosition(0));
      if (d != null) {
        return d.toInstant();
      }
    } catch (RuntimeException e) {
      // fall through to the stricter JDK parser
    }
    String cleaned =
        WHITESPACE.matcher(COMMENT.matcher(value).replaceAll(" ")).replaceAll(" ").trim();
    try {
      return ZonedDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String unfold(String header) {
    return header.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]+$", "");
  }
}
