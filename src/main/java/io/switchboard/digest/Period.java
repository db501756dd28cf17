package io.switchboard.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A half-open time range [from, to) that a digest covers. */
public record Period(Instant from, Instant to) {
  public Period {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("period must end after it starts: " + from + " .. " + to);
    }
  }

  public Duration length() {
    return Duration.between(from, to);
  }

  /** The period of the same length just before this one: what trends compare with. */
  public Period previous() {
    return new Period(from.minus(length()), from);
  }

  /** The {@code length} that ends at the start of today in {@code zone}: what a scheduled digest covers. */
  public static Period endingToday(Instant now, ZoneId zone, Duration length) {
    Instant to = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
    return new Period(to.minus(length), to);
  }

  /**
   * A period from request parameters: each an ISO date (a day's start in {@code zone}; {@code to}
   * is exclusive) or an instant; missing ends default to the last {@code fallback} before now.
   */
  public static Period parse(String from, String to, Instant now, ZoneId zone, Duration fallback) {
    Instant end = to == null ? now : instant(to, zone, "to");
    Instant start = from == null ? end.minus(fallback) : instant(from, zone, "from");
    return new Period(start, end);
  }

  private static Instant instant(String value, ZoneId zone, String name) {
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(zone).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be a date like 2026-05-04 or an instant like 2026-05-04T08:00:00Z, not '" + value + "'");
    }
  }
}
