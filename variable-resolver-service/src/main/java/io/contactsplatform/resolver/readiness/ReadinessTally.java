package io.contactsplatform.resolver.readiness;

import io.contactsplatform.events.call.variables.ResolutionStatus;
import io.contactsplatform.resolver.resolution.AudienceResolution;
import io.contactsplatform.resolver.resolution.Resolution;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure accumulator of a readiness report: every member counted once under the status the call
 * gates give it now (first gate wins), with up to {@code sampleSize} sample contacts per status;
 * OUTSIDE_WINDOW members grouped by the UTC hour in which they first become callable; members
 * lacking a required variable counted per variable (also those blocked earlier by the window, who
 * would be blocked for the variable once inside it); members whose own time zone is unknown
 * (placed by the campaign's fallback, or not at all). Not thread-safe: feed it from one sequence.
 */
final class ReadinessTally {

  /** The statuses always present in a report, even at zero. */
  static final List<ResolutionStatus> MAIN = List.of(ResolutionStatus.READY, ResolutionStatus.BLOCKED_DNC,
      ResolutionStatus.BLOCKED_OUTSIDE_WINDOW, ResolutionStatus.BLOCKED_MISSING_VARIABLES);

  private final int sampleSize;
  private final Map<String, Counter> byStatus = new LinkedHashMap<>();
  private final Map<Instant, Long> outsideWindowByHour = new TreeMap<>();
  private final Map<String, Long> missingByVariable = new TreeMap<>();
  private final Counter unknownTimezone = new Counter();
  private long members;

  ReadinessTally(int sampleSize) {
    this.sampleSize = sampleSize;
    MAIN.forEach(status -> byStatus.put(status.name(), new Counter()));
  }

  /** A sample contact: who, and why (reason, next allowed time, missing variables). */
  @Schema(name = "ReadinessSample")
  record Sample(String contactId, String phoneE164, String reason, Instant nextAllowedAt, List<String> missing) {
  }

  /** How many members fell in a group, with a few of them. */
  @Schema(name = "ReadinessBucket")
  record Bucket(long count, List<Sample> samples) {
  }

  /** The report's figures. */
  record Result(long members, Map<String, Bucket> byStatus, Map<Instant, Long> outsideWindowByHour,
                Map<String, Long> missingByVariable, Bucket unknownTimezone) {
  }

  void add(AudienceResolution.Outcome outcome) {
    Resolution r = outcome.resolution();
    members++;
    Sample sample = new Sample(r.contactId(), r.phoneE164(), r.reason(), r.nextAllowedAt(), r.missing());
    byStatus.computeIfAbsent(r.status().name(), s -> new Counter()).add(sample, sampleSize);
    if (r.status() == ResolutionStatus.BLOCKED_OUTSIDE_WINDOW && r.nextAllowedAt() != null) {
      outsideWindowByHour.merge(r.nextAllowedAt().truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
    }
    r.missing().forEach(name -> missingByVariable.merge(name, 1L, Long::sum));
    if (outcome.timezoneUnknown()) {
      unknownTimezone.add(sample, sampleSize);
    }
  }

  long members() {
    return members;
  }

  Result result() {
    Map<String, Bucket> statuses = new LinkedHashMap<>();
    byStatus.forEach((status, counter) -> statuses.put(status, counter.bucket()));
    return new Result(members, statuses, new TreeMap<>(outsideWindowByHour), new TreeMap<>(missingByVariable),
        unknownTimezone.bucket());
  }

  private static final class Counter {
    long count;
    final List<Sample> samples = new ArrayList<>();

    void add(Sample sample, int sampleSize) {
      count++;
      if (samples.size() < sampleSize) {
        samples.add(sample);
      }
    }

    Bucket bucket() {
      return new Bucket(count, List.copyOf(samples));
    }
  }
}
