package io.contactsplatform.importservice.importjob;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.contactsplatform.support.lease.JobOwner;

/**
 * An import as the API (and its event stream) returns it: status, progress, speed, counts, who
 * started it and the options in effect. {@code rowsPerSecond} is the rows finished
 * ({@code doneRows}) per second since the import started (until it ended); {@code etaSeconds}
 * the rest of {@code expectedRows} at that rate (null when unknown, 0 once COMPLETED).
 * {@code owners} says which instance read the file when, stint by stint (a new stint when another
 * instance took the import over): {@code from} the row it started after, {@code done} the rows it read.
 */
record ImportJobView(
    String importId,
    String status,
    int progress,
    long expectedRows,
    long doneRows,
    Double rowsPerSecond,
    Long etaSeconds,
    String fileName,
    long fileSize,
    String encoding,
    String delimiter,
    long totalRows,
    long acceptedRows,
    long processedRows,
    long pendingAnswers,
    long created,
    long updated,
    long unchanged,
    Map<String, Long> rejected,
    Map<String, Long> warnings,
    long mergedDuplicates,
    boolean allRowsRead,
    boolean cancelRequested,
    ImportJob.Actor startedBy,
    Map<String, String> mapping,
    String defaultRegion,
    String duplicatePolicy,
    List<String> tags,
    String campaignId,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason,
    List<JobOwner> owners) {

  static ImportJobView of(ImportJob job) {
    return of(job, Instant.now());
  }

  static ImportJobView of(ImportJob job, Instant now) {
    Speed speed = Speed.of(job, now);
    return new ImportJobView(job.id(), job.status().name(), job.progress(), job.expectedRows(), job.doneRows(),
        speed.rowsPerSecond(), speed.etaSeconds(), job.fileName(), job.file().size(),
        job.file().format().describeEncoding(), job.file().format().describeDelimiter(), job.totalRows(),
        job.acceptedRows(), job.processedRows(), Math.max(0, job.acceptedRows() - job.processedRows()), job.created(),
        job.updated(), job.unchanged(), job.allRejected(), job.warnings(), job.mergedDuplicates(), job.allRowsRead(),
        job.cancelRequested(), job.startedBy(), job.mapping(), job.settings().defaultRegion(),
        job.settings().duplicatePolicy().name(), job.settings().tags(), job.settings().campaignId(),
        job.createdAt(), job.startedAt(), job.finishedAt(), job.failureReason(), job.owners());
  }

  /** Rate and remaining time of a job at {@code now}. Pure. */
  record Speed(Double rowsPerSecond, Long etaSeconds) {

    static Speed of(ImportJob job, Instant now) {
      if (job.startedAt() == null) {
        return new Speed(null, null);
      }
      Instant end = job.finishedAt() != null ? job.finishedAt() : now;
      double seconds = Math.max(0.001, Duration.between(job.startedAt(), end).toMillis() / 1000.0);
      long done = job.doneRows();
      double rate = Math.round(done / seconds * 10) / 10.0;
      Long eta = null;
      if (job.status() == ImportJob.Status.COMPLETED) {
        eta = 0L;
      } else if (job.status() == ImportJob.Status.RUNNING && job.expectedRows() > 0 && done > 0) {
        eta = (long) Math.ceil(Math.max(0, job.expectedRows() - done) / (done / seconds));
      }
      return new Speed(rate, eta);
    }
  }
}
