package io.contactsplatform.dncservice.imports;

import java.time.Instant;
import java.util.Map;

/** An import as the API returns it: status, progress, counts and the settings in effect. */
record DncImportView(
    String importId,
    String status,
    int progress,
    String fileName,
    String format,
    String mode,
    String source,
    String scope,
    String campaignId,
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
    String failureReason) {

  static DncImportView of(DncImportJob job) {
    ImportSettings s = job.settings();
    return new DncImportView(job.id(), job.status().name(), job.progress(), job.fileName(), s.format().name(),
        s.mode().name(), s.source().name(), s.scope().name(), s.campaignId(), job.totalRows(), job.added(),
        job.alreadyActive(), job.removed(), job.notFound(), job.removedByReplace(), job.rejectedRows(),
        job.rejected(), job.createdAt(), job.startedAt(), job.finishedAt(), job.failureReason());
  }
}
