package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.customfield.CustomFieldDefinition;
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
    String failureReason) {

  /** Life cycle of an import. */
  public enum Status { QUEUED, RUNNING, COMPLETED, FAILED }

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
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    return counts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** A new job, not yet started. */
  static ImportJob queued(String id, String workspaceId, String fileName, ColumnMapping mapping,
                          ImportSettings settings, SourceFile file, int batchSize,
                          Map<String, CustomFieldDefinition> customFields, Instant now) {
    return new ImportJob(id, workspaceId, fileName, Status.QUEUED, mapping.asMap(), settings, file, batchSize,
        customFields, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), false, now, null, null, null);
  }

  /** True when every row has been read and every accepted row has its result. */
  boolean allAnswered() {
    return allRowsRead && processedRows >= acceptedRows;
  }

  boolean finished() {
    return status == Status.COMPLETED || status == Status.FAILED;
  }

  /** Rows rejected while reading and by contact-service, by code. */
  public Map<String, Long> allRejected() {
    Map<String, Long> all = new TreeMap<>(rejected);
    answerRejected.forEach((code, n) -> all.merge(code, n, Long::sum));
    return Collections.unmodifiableMap(all);
  }

  /**
   * Percent of rows finished (rejected or merged while reading, or answered by contact-service):
   * 100 only once COMPLETED. While the file is still being read the base is the rows read so far.
   */
  public int progress() {
    if (status == Status.COMPLETED) {
      return 100;
    }
    if (totalRows == 0) {
      return 0;
    }
    long done = totalRows - acceptedRows + Math.min(processedRows, acceptedRows);
    return (int) Math.min(99, done * 100 / totalRows);
  }
}
