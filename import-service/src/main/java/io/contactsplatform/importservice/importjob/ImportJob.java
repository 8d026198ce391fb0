package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvFormat;
import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
import io.contactsplatform.support.lease.JobOwner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One import as tracked in {@code import_jobs}: QUEUED → RUNNING → COMPLETED (or FAILED with a
 * reason). Reading counts move once per batch, after the batch's events are acknowledged by the
 * broker: {@code totalRows} (rows read, also the resume checkpoint), {@code acceptedRows}
 * (distinct contacts sent as contact-upserts), {@code mergedDuplicates} (rows merged into an
 * earlier row with the same number), {@code rejected} (rows rejected while reading, by code) and
 * {@code warnings} (by code). Answer counts move as contact-service answers: {@code processedRows}
 * split into created / updated / unchanged / {@code answerRejected} (by reason code). The job is
 * COMPLETED only when every row has been read and every accepted row answered.
 *
 * @param file         the spooled upload and how to read it (kept until every row is read)
 * @param customFields the definitions of the mapped custom fields, as read at start
 * @param owners       who read the file, stint by stint ({@link io.contactsplatform.support.lease.JobOwners}):
 *                     positions and progress in rows read ({@code totalRows})
 */
public record ImportJob(
    String id,
    String workspaceId,
    String fileName,
    Status status,
    Map<String, String> mapping,
    ImportSettings settings,
    SourceFile file,
    int batchSize,
    Map<String, CustomFieldDefinition> customFields,
    long totalRows,
    long acceptedRows,
    long mergedDuplicates,
    long processedRows,
    long created,
    long updated,
    long unchanged,
    Map<String, Long> rejected,
    Map<String, Long> answerRejected,
    Map<String, Long> warnings,
    boolean allRowsRead,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason,
    long expectedRows,
    Actor startedBy,
    boolean cancelRequested,
    List<JobOwner> owners) {

  /** Life cycle of an import: CANCELLED when an operator stopped it (what was sent before stays applied). */
  public enum Status { QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED }

  /**
   * Who started an import: the name of the API key that started it, in both members ({@code actor}
   * is what older jobs recorded from the {@code X-Actor} header, now ignored; jobs stored before keys
   * had names read {@code actor} "api" and no {@code apiKeyName}).
   */
  public record Actor(String actor, String apiKeyName) {

    static final Actor API = new Actor("api", null);

    /** The caller's API key. */
    public static Actor of(io.contactsplatform.support.auth.Workspace caller) {
      return new Actor(caller.actor(), caller.actor());
    }
  }

  /** A job with no owner history yet. */
  public ImportJob(String id, String workspaceId, String fileName, Status status, Map<String, String> mapping,
                   ImportSettings settings, SourceFile file, int batchSize,
                   Map<String, CustomFieldDefinition> customFields, long totalRows, long acceptedRows,
                   long mergedDuplicates, long processedRows, long created, long updated, long unchanged,
                   Map<String, Long> rejected, Map<String, Long> answerRejected, Map<String, Long> warnings,
                   boolean allRowsRead, Instant createdAt, Instant startedAt, Instant finishedAt,
                   String failureReason, long expectedRows, Actor startedBy, boolean cancelRequested) {
    this(id, workspaceId, fileName, status, mapping, settings, file, batchSize, customFields, totalRows, acceptedRows,
        mergedDuplicates, processedRows, created, updated, unchanged, rejected, answerRejected, warnings, allRowsRead,
        createdAt, startedAt, finishedAt, failureReason, expectedRows, startedBy, cancelRequested, List.of());
  }

  /** A job without the fields added for the operator console (expected rows, actor, cancel flag). */
  public ImportJob(String id, String workspaceId, String fileName, Status status, Map<String, String> mapping,
                   ImportSettings settings, SourceFile file, int batchSize,
                   Map<String, CustomFieldDefinition> customFields, long totalRows, long acceptedRows,
                   long mergedDuplicates, long processedRows, long created, long updated, long unchanged,
                   Map<String, Long> rejected, Map<String, Long> answerRejected, Map<String, Long> warnings,
                   boolean allRowsRead, Instant createdAt, Instant startedAt, Instant finishedAt,
                   String failureReason) {
    this(id, workspaceId, fileName, status, mapping, settings, file, batchSize, customFields, totalRows, acceptedRows,
        mergedDuplicates, processedRows, created, updated, unchanged, rejected, answerRejected, warnings, allRowsRead,
        createdAt, startedAt, finishedAt, failureReason, 0, Actor.API, false);
  }

  /** The spooled upload: where it is, its size, how to read it and its header. */
  public record SourceFile(Path path, long size, CsvFormat format, List<String> headers) {

    public SourceFile {
      headers = List.copyOf(headers);
    }
  }

  public ImportJob {
    mapping = mapping == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
    customFields = customFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    rejected = sorted(rejected);
    answerRejected = sorted(answerRejected);
    warnings = sorted(warnings);
    startedBy = startedBy == null ? Actor.API : startedBy;
    owners = owners == null ? List.of() : List.copyOf(owners);
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    return counts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** A new job, not yet started. */
  static ImportJob queued(String id, String workspaceId, String fileName, ColumnMapping mapping,
                          ImportSettings settings, SourceFile file, int batchSize,
                          Map<String, CustomFieldDefinition> customFields, Instant now) {
    return queued(id, workspaceId, fileName, mapping, settings, file, batchSize, customFields, now, Actor.API);
  }

  /** A new job, not yet started, recording who started it. */
  static ImportJob queued(String id, String workspaceId, String fileName, ColumnMapping mapping,
                          ImportSettings settings, SourceFile file, int batchSize,
                          Map<String, CustomFieldDefinition> customFields, Instant now, Actor startedBy) {
    return new ImportJob(id, workspaceId, fileName, Status.QUEUED, mapping.asMap(), settings, file, batchSize,
        customFields, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), false, now, null, null, null, 0, startedBy,
        false);
  }

  /** True when every row has been read and every accepted row has its result. */
  boolean allAnswered() {
    return allRowsRead && processedRows >= acceptedRows;
  }

  /** True once COMPLETED, FAILED or CANCELLED. */
  boolean finished() {
    return status == Status.COMPLETED || status == Status.FAILED || status == Status.CANCELLED;
  }

  /** Rows finished so far: rejected or merged while reading, or answered by contact-service. Never decreases. */
  long doneRows() {
    return Math.max(0, totalRows - acceptedRows) + Math.min(processedRows, acceptedRows);
  }

  /** Rows rejected while reading and by contact-service, by code. */
  public Map<String, Long> allRejected() {
    Map<String, Long> all = new TreeMap<>(rejected);
    answerRejected.forEach((code, n) -> all.merge(code, n, Long::sum));
    return Collections.unmodifiableMap(all);
  }

  /**
   * Percent of the file's rows finished ({@link #doneRows}): 100 only once COMPLETED. The base is
   * {@code expectedRows}, counted by the first pass over the file before any row is sent, so the
   * percentage never decreases; 0 until that pass is done. (Jobs stored before that count existed
   * fall back to the rows read so far.)
   */
  public int progress() {
    if (status == Status.COMPLETED) {
      return 100;
    }
    long base = expectedRows > 0 ? expectedRows : totalRows;
    if (base == 0) {
      return 0;
    }
    return (int) Math.min(99, doneRows() * 100 / base);
  }
}
