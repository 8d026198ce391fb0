package io.contactsplatform.contactservice.bulk;

import io.contactsplatform.support.lease.JobOwner;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bulk action and its progress. The selection is frozen when the job starts ({@code matched}
 * contacts at {@code matchedAt}); counts say what happened to each: {@code changed},
 * {@code unchanged} (already so), {@code skipped} (gone, erased, or another workspace's), {@code failed}.
 * {@code owners} is the owner history ({@link io.contactsplatform.support.lease.JobOwners}): which instance
 * ran the job when, in contacts processed (a new stint each time another instance took it over). It is
 * read from the store and written only through {@link BulkStore#recordOwner} and the checkpoint saves.
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
    String failureReason,
    List<JobOwner> owners) {

  static final String QUEUED = "QUEUED";
  static final String RUNNING = "RUNNING";
  static final String COMPLETED = "COMPLETED";
  static final String FAILED = "FAILED";

  BulkJob {
    errors = errors == null ? List.of() : List.copyOf(errors);
    owners = owners == null ? List.of() : List.copyOf(owners);
  }

  /** A job as the service builds it (its owner history lives in the store only). */
  BulkJob(String id, String action, Map<String, Object> params, Selection selection, String actor, String status,
          Long matched, Instant matchedAt, long processed, long changed, long unchanged, long skipped, long failed,
          List<Failure> errors, long nextChunk, Instant createdAt, Instant startedAt, Instant finishedAt,
          String failureReason) {
    this(id, action, params, selection, actor, status, matched, matchedAt, processed, changed, unchanged, skipped,
        failed, errors, nextChunk, createdAt, startedAt, finishedAt, failureReason, List.of());
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
