package io.contactsplatform.contactservice.bulk;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bulk action and its progress. The selection is frozen when the job starts ({@code matched}
 * contacts at {@code matchedAt}); counts say what happened to each: {@code changed},
 * {@code unchanged} (already so), {@code skipped} (gone, erased, or another workspace's), {@code failed}.
 */
record BulkJob(
    String id,
    String action,
    Map<String, Object> params,
    Selection selection,
    String actor,
    String status,
    Long matched,
    Instant matchedAt,
    long processed,
    long changed,
    long unchanged,
    long skipped,
    long failed,
    List<Failure> errors,
    long nextChunk,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason) {

  static final String QUEUED = "QUEUED";
  static final String RUNNING = "RUNNING";
  static final String COMPLETED = "COMPLETED";
  static final String FAILED = "FAILED";

  BulkJob {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** What the job applies to: explicit ids, a filter plus search, or a segment; and what that means. */
  @Schema(name = "BulkSelection")
  record Selection(String kind, List<String> ids, Object filter, String search, String segmentId, String note) {
  }

  /** One contact the action failed for. */
  @Schema(name = "BulkFailure")
  record Failure(String contactId, String reason) {
  }
}
