package io.contactsplatform.importservice.importjob;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One import as tracked in {@code import_jobs}: QUEUED → RUNNING → COMPLETED (or FAILED with a
 * reason). {@code totalRows} counts data rows read so far; {@code acceptedRows} those sent as
 * contact-upserts; {@code processedRows} those contact-service has answered (split into
 * created / updated / unchanged / rejected by reason code). {@code rejected} also holds the
 * rows rejected while reading (MISSING_PHONE, INVALID_PHONE, MALFORMED_ROW). The job is
 * COMPLETED only when every row has been read and every accepted row answered.
 */
public record ImportJob(
    String id,
    String workspaceId,
    String fileName,
    Status status,
    Map<String, String> mapping,
    ImportSettings settings,
    long totalRows,
    long acceptedRows,
    long processedRows,
    long created,
    long updated,
    long unchanged,
    Map<String, Long> rejected,
    Map<String, Long> warnings,
    boolean allRowsRead,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason) {

  /** Life cycle of an import. */
  public enum Status { QUEUED, RUNNING, COMPLETED, FAILED }

  public ImportJob {
    mapping = mapping == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
    rejected = rejected == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(rejected));
    warnings = warnings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(warnings));
  }

  /** A new job, not yet started. */
  static ImportJob queued(String id, String workspaceId, String fileName, Map<String, String> mapping,
                          ImportSettings settings, Instant now) {
    return new ImportJob(id, workspaceId, fileName, Status.QUEUED, mapping, settings, 0, 0, 0, 0, 0, 0, Map.of(),
        Map.of(), false, now, null, null, null);
  }

  /** True when every row has been read and every accepted row has its result. */
  boolean allAnswered() {
    return allRowsRead && processedRows >= acceptedRows;
  }

  /**
   * Percent of rows finished (rejected while reading, or answered by contact-service): 100 only
   * once COMPLETED. While the file is still being read the base is the rows read so far.
   */
  public int progress() {
    if (status == Status.COMPLETED) {
      return 100;
    }
    if (totalRows == 0) {
      return 0;
    }
    long done = totalRows - acceptedRows + processedRows;
    return (int) Math.min(99, done * 100 / totalRows);
  }
}
