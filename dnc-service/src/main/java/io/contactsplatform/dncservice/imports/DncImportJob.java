package io.contactsplatform.dncservice.imports;

import io.contactsplatform.support.lease.JobOwner;
import java.time.Instant;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One DNC file import as tracked in {@code dnc_imports}: QUEUED → RUNNING → (REPLACING, REPLACE
 * mode only) → COMPLETED, or FAILED with a reason. Counts move per batch, after the batch's
 * changes are stored and published: {@code added} new entries, {@code alreadyActive} rows whose
 * entry was there already, {@code removed} entries deleted by CHANGE_LIST rows, {@code notFound}
 * DELETE rows with nothing to delete, {@code removedByReplace} entries a REPLACE removed because
 * the file no longer lists them, {@code rejected} rows by code (see the error report).
 * {@code owners} is the owner history ({@link io.contactsplatform.support.lease.JobOwners}), in rows read.
 */
record DncImportJob(
    String id,
    String workspaceId,
    String fileName,
    Status status,
    ImportSettings settings,
    long fileBytes,
    long bytesRead,
    long totalRows,
    long added,
    long alreadyActive,
    long removed,
    long notFound,
    long removedByReplace,
    Map<String, Long> rejected,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason,
    List<JobOwner> owners) {

  enum Status { QUEUED, RUNNING, REPLACING, COMPLETED, FAILED }

  DncImportJob {
    rejected = rejected == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(rejected));
    owners = owners == null ? List.of() : List.copyOf(owners);
  }

  static DncImportJob queued(String id, String workspaceId, String fileName, ImportSettings settings, long fileBytes,
                             Instant now) {
    return new DncImportJob(id, workspaceId, fileName, Status.QUEUED, settings, fileBytes, 0, 0, 0, 0, 0, 0, 0,
        Map.of(), now, null, null, null, List.of());
  }

  boolean finished() {
    return status == Status.COMPLETED || status == Status.FAILED;
  }

  long rejectedRows() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Percent of the file read; 99 while a REPLACE removes what the file no longer lists; 100 once COMPLETED. */
  int progress() {
    return switch (status) {
      case COMPLETED -> 100;
      case REPLACING -> 99;
      case QUEUED -> 0;
      default -> fileBytes <= 0 ? 0 : (int) Math.min(99, bytesRead * 100 / fileBytes);
    };
  }
}
