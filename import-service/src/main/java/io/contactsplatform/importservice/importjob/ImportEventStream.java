package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.web.ProgressEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server-sent event stream of one import, on the shared {@link ProgressEvents}: event
 * {@code progress} when its status or counts changed, and {@code done} once the job
 * {@linkplain #settled settled}. The percentage sent never decreases within one stream.
 * Limit: one store read per open stream per interval.
 */
final class ImportEventStream {

  static final long KEEP_ALIVE_SECONDS = ProgressEvents.KEEP_ALIVE_SECONDS;
  /** How long after it ended a job's stream waits for answers to rows already sent. */
  static final Duration ANSWER_GRACE = Duration.ofSeconds(30);

  private ImportEventStream() {
  }

  static Flux<ServerSentEvent<ImportJobView>> of(ImportJob first, Supplier<Mono<ImportJob>> read, Duration interval) {
    AtomicInteger highest = new AtomicInteger();
    return ProgressEvents.of(first, read, interval, ImportEventStream::signature, job -> settled(job, Instant.now()),
        job -> {
          ImportJobView view = ImportJobView.of(job);
          return withProgress(view, highest.accumulateAndGet(view.progress(), Math::max));
        });
  }

  /** Ended (COMPLETED, FAILED, CANCELLED) and every sent row answered, or ended {@link #ANSWER_GRACE} ago. */
  static boolean settled(ImportJob job, Instant now) {
    if (!job.finished()) {
      return false;
    }
    return job.processedRows() >= job.acceptedRows() || job.finishedAt() == null
        || job.finishedAt().plus(ANSWER_GRACE).isBefore(now);
  }

  /** What makes an update worth sending: status and every count (not the time-based speed). */
  private static List<Object> signature(ImportJob job) {
    return List.of(job.status(), job.expectedRows(), job.totalRows(), job.acceptedRows(), job.processedRows(),
        job.created(), job.updated(), job.unchanged(), job.mergedDuplicates(), job.allRejected(), job.warnings(),
        job.allRowsRead(), job.cancelRequested(), job.owners().size());
  }

  private static ImportJobView withProgress(ImportJobView v, int progress) {
    return progress == v.progress() ? v : new ImportJobView(v.importId(), v.status(), progress, v.expectedRows(),
        v.doneRows(), v.rowsPerSecond(), v.etaSeconds(), v.fileName(), v.fileSize(), v.encoding(), v.delimiter(),
        v.totalRows(), v.acceptedRows(), v.processedRows(), v.pendingAnswers(), v.created(), v.updated(),
        v.unchanged(), v.rejected(), v.warnings(), v.mergedDuplicates(), v.allRowsRead(), v.cancelRequested(),
        v.startedBy(), v.mapping(), v.defaultRegion(), v.duplicatePolicy(), v.tags(), v.campaignId(), v.createdAt(),
        v.startedAt(), v.finishedAt(), v.failureReason(), v.owners());
  }
}
