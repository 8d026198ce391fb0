package io.contactsplatform.resolver.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallingWindowTest {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  static final ZoneId DENVER = ZoneId.of("America/Denver");
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final CallingWindow WEEKDAYS_9_TO_20 = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(20, 0),
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  @Test
  void shouldAllowInsideWindowAndExcludeEnd() {
    // Wednesday 2026-11-04, EST (UTC-5)
    assertThat(WEEKDAYS_9_TO_20.allows(Instant.parse("2026-11-04T14:00:00Z"), List.of(NEW_YORK))).isTrue();
    assertThat(WEEKDAYS_9_TO_20.allows(Instant.parse("2026-11-05T00:59:59Z"), List.of(NEW_YORK))).isTrue();
    assertThat(WEEKDAYS_9_TO_20.allows(Instant.parse("2026-11-05T01:00:00Z"), List.of(NEW_YORK))).isFalse();
    assertThat(WEEKDAYS_9_TO_20.allows(Instant.parse("2026-11-04T13:59:59Z"), List.of(NEW_YORK))).isFalse();
  }

  @Test
  void shouldAnswerNowWhenAlreadyAllowed() {
    Instant now = Instant.parse("2026-11-04T16:00:00Z");
    assertThat(WEEKDAYS_9_TO_20.nextAllowed(now, List.of(NEW_YORK))).contains(now);
  }

  @Test
  void shouldFindOpeningLaterTheSameDay() {
    Instant now = Instant.parse("2026-11-04T12:00:00Z"); // 07:00 in New York
    assertThat(WEEKDAYS_9_TO_20.nextAllowed(now, List.of(NEW_YORK))).contains(Instant.parse("2026-11-04T14:00:00Z"));
  }

  @Test
  void shouldSkipWeekendToMondayOpening() {
    Instant fridayEvening = Instant.parse("2026-11-07T02:00:00Z"); // Fri 21:00 in New York
    assertThat(WEEKDAYS_9_TO_20.nextAllowed(fridayEvening, List.of(NEW_YORK)))
        .contains(Instant.parse("2026-11-09T14:00:00Z")); // Mon 09:00 EST
  }

  @Test
  void shouldRequireEveryCandidateZoneToBeInsideTheWindow() {
    Instant now = Instant.parse("2026-11-04T14:30:00Z"); // 09:30 New York, 06:30 Los Angeles
    List<ZoneId> ambiguous = List.of(NEW_YORK, LOS_ANGELES);

    assertThat(WEEKDAYS_9_TO_20.allows(now, List.of(NEW_YORK))).isTrue();
    assertThat(WEEKDAYS_9_TO_20.allows(now, ambiguous)).isFalse();
    // the intersection opens when Los Angeles opens: 09:00 PST = 17:00Z
    assertThat(WEEKDAYS_9_TO_20.nextAllowed(now, ambiguous)).contains(Instant.parse("2026-11-04T17:00:00Z"));
  }

  @Test
  void shouldOpenIntersectionAtLatestZoneOpeningWhenOtherZoneStillOpen() {
    Instant now = Instant.parse("2026-11-04T12:00:00Z"); // before both open
    assertThat(WEEKDAYS_9_TO_20.nextAllowed(now, List.of(DENVER, NEW_YORK)))
        .contains(Instant.parse("2026-11-04T16:00:00Z")); // 09:00 MST, 11:00 EST
  }

  @Test
  void shouldFindNoTimeWhenCandidateWindowsNeverOverlap() {
    CallingWindow short9To12 = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(12, 0), null);
    assertThat(short9To12.nextAllowed(Instant.parse("2026-11-04T12:00:00Z"), List.of(NEW_YORK, TOKYO))).isEmpty();
  }

  @Test
  void shouldOpenAtEndOfDaylightSavingGapWhenStartDoesNotExist() {
    CallingWindow early = new CallingWindow(LocalTime.of(2, 30), LocalTime.of(5, 0), null);
    // 2026-03-08 02:30 does not exist in New York (clocks jump from 02:00 to 03:00 EDT)
    Instant now = Instant.parse("2026-03-08T06:00:00Z"); // 01:00 EST
    // first local time >= 02:30 that day is 03:00 EDT = 07:00Z
    assertThat(early.nextAllowed(now, List.of(NEW_YORK))).contains(Instant.parse("2026-03-08T07:00:00Z"));
  }

  @Test
  void shouldTreatMissingDaysAsEveryDayAndDescribeItself() {
    CallingWindow everyDay = new CallingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0), null);
    assertThat(everyDay.dayNames()).containsExactly("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    assertThat(WEEKDAYS_9_TO_20.describe()).isEqualTo("09:00-20:00 MON,TUE,WED,THU,FRI");
  }

  @Test
  void shouldAllowNothingWithoutZones() {
    assertThat(WEEKDAYS_9_TO_20.allows(Instant.parse("2026-11-04T16:00:00Z"), List.of())).isFalse();
    assertThat(WEEKDAYS_9_TO_20.nextAllowed(Instant.parse("2026-11-04T16:00:00Z"), List.of())).isEmpty();
  }

  @Test
  void shouldRejectWindowThatDoesNotEndAfterItStarts() {
    assertThatThrownBy(() -> new CallingWindow(LocalTime.of(20, 0), LocalTime.of(9, 0), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
