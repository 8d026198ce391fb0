package io.contactsplatform.importservice.importjob;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An import as the API returns it: status, progress, counts and the options in effect. */
record ImportJobView(
    String importId,
    String status,
    int progress,
    String fileName,
    long fileSize,
    String encoding,
    String delimiter,
    long totalRows,
    long acceptedRows,
    long processedRows,
    long created,
    long updated,
    long unchanged,
    Map<String, Long> rejected,
    Map<String, Long> warnings,
    long mergedDuplicates,
    boolean allRowsRead,
    Map<String, String> mapping,
    String defaultRegion,
    String duplicatePolicy,
    List<String> tags,
    String campaignId,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason) {

  static ImportJobView of(ImportJob job) {
    return new ImportJobView(job.id(), job.status().name(), job.progress(), job.fileName(), job.file().size(),
        job.file().format().describeEncoding(), job.file().format().describeDelimiter(), job.totalRows(),
        job.acceptedRows(), job.processedRows(), job.created(), job.updated(), job.unchanged(), job.allRejected(),
        job.warnings(), job.mergedDuplicates(), job.allRowsRead(), job.mapping(), job.settings().defaultRegion(),
        job.settings().duplicatePolicy().name(), job.settings().tags(), job.settings().campaignId(),
        job.createdAt(), job.startedAt(), job.finishedAt(), job.failureReason());
  }
}
