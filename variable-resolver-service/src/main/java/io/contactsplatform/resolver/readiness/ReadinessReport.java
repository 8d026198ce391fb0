package io.contactsplatform.resolver.readiness;

import java.time.Instant;

/**
 * One readiness report job: which campaign and audience (an import id or a segment id), the
 * instant it evaluates ({@code at}), progress, and the figures once COMPLETED.
 */
record ReadinessReport(String reportId, String workspaceId, String campaignId, String importId, String segmentId,
                       Instant at, Status status, Long total, long processed, Instant createdAt,
                       Instant updatedAt, Instant finishedAt, String failureReason, ReadinessTally.Result result) {

  enum Status { RUNNING, COMPLETED, FAILED }
}
