package io.contactsplatform.dncservice.imports;

import java.time.Duration;
import java.time.Instant;
import io.contactsplatform.support.lease.JobOwner;
import java.util.List;
import java.util.Map;

/**
 * An import as the API (and its event stream) returns it: status, progress, speed, counts and
 * the settings in effect. {@code progress} is the share of the file's bytes read (99 while a
 * REPLACE removes what the file no longer lists, 100 once COMPLETED) and never decreases;
 * {@code rowsPerSecond} is rows read per second since the import started (until it ended),
 * {@code etaSeconds} the rest of the file at the bytes-per-second rate so far (null when
 * unknown, 0 once COMPLETED; the final REPLACE sweep is not included). {@code owners}: which
 * instance read the file when, stint by stint ({@code from} the row it started after, {@code done} the
 * rows it read), a new stint each time another instance took the import over.
 */
record DncImportView(
    String importId,
    String status,
    int progress,
    long fileBytes,
    long bytesRead,
    Double rowsPerSecond,
    Long etaSeconds,
    String fileName,
    String format,
    String mode,
    String source,
    String scope,
    String campaignId,
    String actor,
    long totalRows,
    long added,
    long alreadyActive,
    long removed,
    long notFound,
    long removedByReplace,
    long rejectedRows,
    Map<String, Long> rejected,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String failureReason,
    List<JobOwner> owners) {

  static DncImportView of(DncImportJob job) {
    return of(job, Instant.now());
  }

  static DncImportView of(DncImportJob job, Instant now) {
    ImportSettings s = job.settings();
    Double rate = null;
    Long eta = null;
    if (job.startedAt() != null) {
      Instant end = job.finishedAt() != null ? job.finishedAt() : now;
      double seconds = Math.max(0.001, Duration.between(job.startedAt(), end).toMillis() / 1000.0);
      rate = Math.round(job.totalRows() / seconds * 10) / 10.0;
      if (job.status() == DncImportJob.Status.COMPLETED) {
        eta = 0L;
      } else if (job.status() == DncImportJob.Status.RUNNING && job.bytesRead() > 0 && job.fileBytes() > 0) {
        eta = (long) Math.ceil(Math.max(0, job.fileBytes() - job.bytesRead()) / (job.bytesRead() / seconds));
      }
    }
    return new DncImportView(job.id(), job.status().name(), job.progress(), job.fileBytes(), job.bytesRead(), rate,
        eta, job.fileName(), s.format().name(), s.mode().name(), s.source().name(), s.scope().name(), s.campaignId(),
        s.actor(), job.totalRows(), job.added(), job.alreadyActive(), job.removed(), job.notFound(),
        job.removedByReplace(), job.rejectedRows(), job.rejected(), job.createdAt(), job.startedAt(),
        job.finishedAt(), job.failureReason(), job.owners());
  }
}
