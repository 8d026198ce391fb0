package io.contactsplatform.resolver.campaign;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When a campaign may call, in the contact's local time: from {@code start} (inclusive) to
 * {@code end} (exclusive) on the given days. Pure. With several candidate time zones (an
 * ambiguous contact) an instant is allowed only when it is inside the window in every zone
 * (the intersection). Windows do not span midnight ({@code start} is before {@code end});
 * {@code end} {@link LocalTime#MAX} is written {@code 24:00}.
 */
public record CallingWindow(LocalTime start, LocalTime end, Set<DayOfWeek> days) {

  /** The window of a campaign that names none: 08:00 to 21:00 every day. */
  public static final CallingWindow DEFAULT = new CallingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0), null);

  /** How far ahead {@link #nextAllowed} looks: one week plus a day covers every weekly pattern. */
  private static final int HORIZON_DAYS = 8;

  public CallingWindow {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("start must be before end");
    }
    days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : Set.copyOf(EnumSet.copyOf(days));
  }

  /** True when the local time of {@code instant} in {@code zone} is inside the window. */
  public boolean contains(Instant instant, ZoneId zone) {
    ZonedDateTime local = instant.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
  }

  /** True when {@code instant} is inside the window in every zone (false for no zones). */
  public boolean allows(Instant instant, List<ZoneId> zones) {
    return !zones.isEmpty() && zones.stream().allMatch(zone -> contains(instant, zone));
  }

  /**
   * The earliest instant at or after {@code now} that {@link #allows} the zones, within a week;
   * empty when the zones' windows never overlap. The answer is {@code now} itself or the opening
   * of some zone's window, so only those instants are tried.
   */
  public Optional<Instant> nextAllowed(Instant now, List<ZoneId> zones) {
    if (zones.isEmpty()) {
      return Optional.empty();
    }
    if (allows(now, zones)) {
      return Optional.of(now);
    }
    TreeSet<Instant> openings = new TreeSet<>();
    for (ZoneId zone : zones) {
      LocalDate today = now.atZone(zone).toLocalDate();
      for (int i = 0; i <= HORIZON_DAYS; i++) {
        LocalDate date = today.plusDays(i);
        if (days.contains(date.getDayOfWeek())) {
          Instant opening = opening(date, zone);
          if (opening.isAfter(now)) {
            openings.add(opening);
          }
        }
      }
    }
    return openings.stream().filter(opening -> allows(opening, zones)).findFirst();
  }

  /** The first instant of {@code date} whose local time is at least {@code start} (a DST gap opens at its end). */
  private Instant opening(LocalDate date, ZoneId zone) {
    LocalDateTime local = date.atTime(start);
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    return transition != null && transition.isGap() ? transition.getInstant() : local.atZone(zone).toInstant();
  }

  /** Human-readable form, e.g. {@code 09:00-20:00 MON,TUE,WED,THU,FRI}. */
  public String describe() {
    return text(start) + "-" + text(end) + " " + dayNames().stream().collect(Collectors.joining(","));
  }

  /** {@code HH:mm} (or with seconds when set); {@link LocalTime#MAX} is {@code 24:00}. */
  public static String text(LocalTime time) {
    return LocalTime.MAX.equals(time) ? "24:00" : time.toString();
  }

  /** Parses {@code HH:mm[:ss]} or {@code 24:00} (end of day). */
  public static LocalTime parseTime(String text) {
    String trimmed = text.trim();
    return "24:00".equals(trimmed) ? LocalTime.MAX : LocalTime.parse(trimmed);
  }

  /** The days as {@code MON}..{@code SUN}, Monday first. */
  public List<String> dayNames() {
    return EnumSet.copyOf(days).stream().map(CallingWindow::dayName).toList();
  }

  static String dayName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
  }

  /** Parses {@code MON}..{@code SUN} (or full English names), any case. */
  static Optional<DayOfWeek> parseDay(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || dayName(day).equals(upper)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }
}
