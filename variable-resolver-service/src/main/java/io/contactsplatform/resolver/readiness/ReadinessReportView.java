package io.contactsplatform.resolver.readiness;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A readiness report as the API returns it. While RUNNING only progress is filled; once COMPLETED:
 * {@code counts} per status (READY, BLOCKED_DNC, BLOCKED_OUTSIDE_WINDOW, BLOCKED_MISSING_VARIABLES
 * always, others when they occur), {@code samples} per status, {@code outsideWindowByHour}
 * (earliest callable UTC hour → members), {@code missingByVariable} and {@code unknownTimezone}.
 */
record ReadinessReportView(String reportId, String campaignId, Map<String, String> audience, Instant at, String status,
                           Integer progress, Long total, long processed, Instant createdAt, Instant finishedAt,
                           String failureReason, Long members, Map<String, Long> counts,
                           Map<String, List<ReadinessTally.Sample>> samples, Map<Instant, Long> outsideWindowByHour,
                           Map<String, Long> missingByVariable, ReadinessTally.Bucket unknownTimezone) {

  static ReadinessReportView of(ReadinessReport r, ReadinessReport.Status status, String failureReason) {
    Map<String, String> audience = r.importId() != null ? Map.of("importId", r.importId())
        : Map.of("segmentId", r.segmentId());
    Integer progress = status == ReadinessReport.Status.COMPLETED ? Integer.valueOf(100)
        : r.total() == null || r.total() == 0 ? null : (int) Math.min(99, r.processed() * 100 / r.total());
    ReadinessTally.Result result = status == ReadinessReport.Status.COMPLETED ? r.result() : null;
    Map<String, Long> counts = null;
    Map<String, List<ReadinessTally.Sample>> samples = null;
    if (result != null) {
      counts = new LinkedHashMap<>();
      samples = new LinkedHashMap<>();
      for (Map.Entry<String, ReadinessTally.Bucket> e : result.byStatus().entrySet()) {
        counts.put(e.getKey(), e.getValue().count());
        samples.put(e.getKey(), e.getValue().samples());
      }
    }
    return new ReadinessReportView(r.reportId(), r.campaignId(), audience, r.at(), status.name(), progress, r.total(),
        r.processed(), r.createdAt(), r.finishedAt(), failureReason, result == null ? null : result.members(), counts,
        samples, result == null ? null : result.outsideWindowByHour(),
        result == null ? null : result.missingByVariable(), result == null ? null : result.unknownTimezone());
  }
}
