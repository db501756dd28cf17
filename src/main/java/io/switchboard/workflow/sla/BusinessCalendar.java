package io.switchboard.workflow.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Working time: a time zone, opening hours per weekday (any number of ranges a day) and holidays
 * (whole days off). SLA targets are counted on it: {@link #plus} finds when a target falls due and
 * {@link #between} measures how much working time passed. Local times are turned into instants in
 * the calendar's zone, so a day with a daylight-saving change has its real length. Immutable.
 */
public final class BusinessCalendar {
  /** Searching further than this for working time means the calendar has none. */
  private static final int MAX_DAYS = 3 * 366;

  /** Seconds of the day, {@code [start, end)}; {@code end} may be 86,400 (midnight after). */
  public record Range(int start, int end) {
    public Range {
      if (start < 0 || end > 86_400 || start >= end) {
        throw new IllegalArgumentException("a range must go forward within one day");
      }
    }

    /** Parses {@code 09:00-17:30}; {@code 24:00} ends at midnight. */
    public static Range parse(String text) {
      String[] parts = text.strip().split("\\s*-\\s*");
      if (parts.length != 2) {
        throw new IllegalArgumentException("'" + text + "' is not a range like 09:00-17:30");
      }
      return new Range(seconds(parts[0]), seconds(parts[1]));
    }

    private static int seconds(String time) {
      if (time.equals("24:00")) {
        return 86_400;
      }
      try {
        return LocalTime.parse(time.length() == 4 ? "0" + time : time).toSecondOfDay();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("'" + time + "' is not a time like 09:00");
      }
    }
  }

  private final String name;
  private final ZoneId zone;
  private final Map<DayOfWeek, List<Range>> week;
  private final Set<LocalDate> holidays;

  public BusinessCalendar(String name, ZoneId zone, Map<DayOfWeek, List<Range>> hours, Set<LocalDate> holidays) {
    this.name = name;
    this.zone = zone;
    Map<DayOfWeek, List<Range>> merged = new EnumMap<>(DayOfWeek.class);
    hours.forEach((day, ranges) -> merged.put(day, merge(ranges)));
    if (merged.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("calendar " + name + " has no working hours");
    }
    this.week = merged;
    this.holidays = Set.copyOf(holidays);
  }

  /** Around the clock, every day, in UTC. */
  public static BusinessCalendar always(String name) {
    Map<DayOfWeek, List<Range>> all = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      all.put(d, List.of(new Range(0, 86_400)));
    }
    return new BusinessCalendar(name, ZoneId.of("UTC"), all, Set.of());
  }

  private static List<Range> merge(List<Range> ranges) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(Range::start));
    List<Range> out = new ArrayList<>();
    for (Range r : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1).end() >= r.start()) {
        Range last = out.remove(out.size() - 1);
        out.add(new Range(last.start(), Math.max(last.end(), r.end())));
      } else {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  public String name() {
    return name;
  }

  public ZoneId zone() {
    return zone;
  }

  public boolean isHoliday(LocalDate date) {
    return holidays.contains(date);
  }

  /** The instant when {@code amount} of working time has passed after {@code start}. */
  public Instant plus(Instant start, Duration amount) {
    if (amount.isNegative() || amount.isZero()) {
      return start;
    }
    Duration remaining = amount;
    LocalDate date = start.atZone(zone).toLocalDate();
    for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
      for (Instant[] w : windows(date)) {
        Instant from = w[0].isBefore(start) ? start : w[0];
        if (!from.isBefore(w[1])) {
          continue;
        }
        Duration available = Duration.between(from, w[1]);
        if (remaining.compareTo(available) <= 0) {
          return from.plus(remaining);
        }
        remaining = remaining.minus(available);
      }
    }
    throw new IllegalStateException("calendar " + name + " has no working time within " + MAX_DAYS + " days");
  }

  /** Working time between two instants; zero when {@code to} is not after {@code from}. */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate date = from.atZone(zone).toLocalDate(); !date.isAfter(last); date = date.plusDays(1)) {
      for (Instant[] w : windows(date)) {
        Instant a = w[0].isBefore(from) ? from : w[0];
        Instant b = w[1].isAfter(to) ? to : w[1];
        if (a.isBefore(b)) {
          total = total.plus(Duration.between(a, b));
        }
      }
    }
    return total;
  }

  /** The working windows of one local date as instants, in order; none on a holiday. */
  private List<Instant[]> windows(LocalDate date) {
    if (holidays.contains(date)) {
      return List.of();
    }
    List<Range> ranges = week.getOrDefault(date.getDayOfWeek(), List.of());
    List<Instant[]> out = new ArrayList<>(ranges.size());
    for (Range r : ranges) {
      out.add(new Instant[] {at(date, r.start()), at(date, r.end())});
    }
    return out;
  }

  private Instant at(LocalDate date, int secondOfDay) {
    if (secondOfDay == 86_400) {
      return date.plusDays(1).atStartOfDay(zone).toInstant();
    }
    return ZonedDateTime.of(date, LocalTime.ofSecondOfDay(secondOfDay), zone).toInstant();
  }
}
