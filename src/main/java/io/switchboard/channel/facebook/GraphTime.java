package io.switchboard.channel.facebook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Graph API timestamps: {@code 2026-11-23T10:15:30+0000}, whole seconds. */
public final class GraphTime {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

  private GraphTime() {}

  /** The instant, or null when the text is missing or not a Graph timestamp. */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim(), FORMAT).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text.trim()).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  public static String format(Instant t) {
    return FORMAT.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }
}
