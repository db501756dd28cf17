package io.switchboard.workflow.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Due times and elapsed working time on an office calendar with a lunch break and holidays. */
class BusinessCalendarTest {
  static final ZoneId LONDON = ZoneId.of("Europe/London");

  static BusinessCalendar office(Set<LocalDate> holidays) {
    Map<DayOfWeek, List<BusinessCalendar.Range>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      week.put(d, List.of(BusinessCalendar.Range.parse("13:30-17:30"), BusinessCalendar.Range.parse("09:00-12:30")));
    }
    return new BusinessCalendar("office", LONDON, week, holidays);
  }

  final BusinessCalendar office = office(Set.of(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28")));

  static Instant london(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
  }

  @Test
  void aTargetShouldCarryOverTheWeekend() {
    // Friday 16:00 + 4h: 1.5h on Friday, nothing on Saturday and Sunday, 2.5h on Monday
    Instant due = office.plus(london("2026-11-27T16:00"), Duration.ofHours(4));
    assertThat(due).isEqualTo(london("2026-11-30T11:30"));
    assertThat(office.between(london("2026-11-27T16:00"), due)).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void aTargetShouldSkipHolidays() {
    // Thursday 24 Dec 16:00 + 4h: Friday 25th and Monday 28th are holidays, so Tuesday 29th
    Instant due = office.plus(london("2026-12-24T16:00"), Duration.ofHours(4));
    assertThat(due).isEqualTo(london("2026-12-29T11:30"));
    assertThat(office.between(london("2026-12-24T16:00"), due)).isEqualTo(Duration.ofHours(4));
    BusinessCalendar noHolidays = office(Set.of());
    assertThat(noHolidays.plus(london("2026-12-24T16:00"), Duration.ofHours(4))).isEqualTo(london("2026-12-25T11:30"));
  }

  @Test
  void theLunchBreakShouldNotCount() {
    assertThat(office.plus(london("2026-11-23T12:00"), Duration.ofHours(1))).isEqualTo(london("2026-11-23T14:00"));
    assertThat(office.between(london("2026-11-23T12:00"), london("2026-11-23T14:00"))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aStartOutsideHoursShouldCountFromTheNextOpening() {
    assertThat(office.plus(london("2026-11-28T10:00"), Duration.ofHours(1))).isEqualTo(london("2026-11-30T10:00"));
    assertThat(office.plus(london("2026-11-23T07:00"), Duration.ofMinutes(30))).isEqualTo(london("2026-11-23T09:30"));
    assertThat(office.between(london("2026-11-28T00:00"), london("2026-11-30T09:00"))).isZero();
  }

  @Test
  void aTargetEndingExactlyAtClosingShouldBeDueAtClosing() {
    assertThat(office.plus(london("2026-11-23T09:00"), Duration.ofHours(7).plusMinutes(30))).isEqualTo(london("2026-11-23T17:30"));
  }

  @Test
  void aDayWithADaylightSavingChangeShouldHaveItsRealLength() {
    Map<DayOfWeek, List<BusinessCalendar.Range>> all = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      all.put(d, List.of(BusinessCalendar.Range.parse("00:00-24:00")));
    }
    BusinessCalendar always = new BusinessCalendar("always", LONDON, all, Set.of());
    // 28 March 2027 has 23 hours in London: 24h of working time is 24 real hours
    Instant start = Instant.parse("2027-03-27T12:00:00Z");
    assertThat(always.plus(start, Duration.ofHours(24))).isEqualTo(Instant.parse("2027-03-28T12:00:00Z"));
    assertThat(always.between(start, Instant.parse("2027-03-29T12:00:00Z"))).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void aCalendarWithoutHoursShouldBeRefused() {
    assertThatThrownBy(() -> new BusinessCalendar("none", LONDON, Map.of(), Set.of()))
        .hasMessageContaining("no working hours");
    assertThatThrownBy(() -> BusinessCalendar.Range.parse("17:00-09:00")).isInstanceOf(IllegalArgumentException.class);
  }
}
