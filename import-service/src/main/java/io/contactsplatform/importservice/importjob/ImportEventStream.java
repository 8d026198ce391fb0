package io.contactsplatform.importservice.importjob;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server-sent event stream of one import: polls the job from the shared store every
 * {@code interval} (so it works on any instance), sends it as event {@code progress} when its
 * status or counts changed, a keep-alive comment every {@value #KEEP_ALIVE_SECONDS} s, and ends
 * with event {@code done} once the job {@linkplain #settled settled}. The percentage sent never
 * decreases within one stream. Limit: one store read per open stream per interval.
 */
final class ImportEventStream {

  static final long KEEP_ALIVE_SECONDS = 15;
  /** How long after it ended a job's stream waits for answers to rows already sent. */
  static final Duration ANSWER_GRACE = Duration.ofSeconds(30);

  private ImportEventStream() {
  }

  static Flux<ServerSentEvent<ImportJobView>> of(ImportJob first, Supplier<Mono<ImportJob>> read, Duration interval) {
    AtomicReference<List<Object>> last = new AtomicReference<>();
    AtomicInteger highest = new AtomicInteger();
    AtomicInteger sequence = new AtomicInteger();
    Flux<ServerSentEvent<ImportJobView>> updates = Flux.interval(interval)
        .onBackpressureDrop()
        .concatMap(tick -> read.get(), 1)
        .startWith(first)
        .filter(job -> !Objects.equals(last.getAndSet(signature(job)), signature(job)) || settled(job, Instant.now()))
        .takeUntil(job -> settled(job, Instant.now()))
        .map(job -> {
          ImportJobView view = ImportJobView.of(job);
          int progress = Math.max(highest.get(), view.progress());
          highest.set(progress);
          ImportJobView shown = withProgress(view, progress);
          return ServerSentEvent.builder(shown).id(String.valueOf(sequence.incrementAndGet()))
              .event(settled(job, Instant.now()) ? "done" : "progress").build();
        });
    Flux<ServerSentEvent<ImportJobView>> keepAlive = Flux.interval(Duration.ofSeconds(KEEP_ALIVE_SECONDS))
        .map(tick -> ServerSentEvent.<ImportJobView>builder().comment("keep-alive").build());
    return Flux.merge(updates, keepAlive).takeUntil(e -> "done".equals(e.event()));
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
