package io.contactsplatform.importservice.importjob;

import io.contactsplatform.importservice.importjob.ImportJobStore.ReadCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs an accepted import in the background: marks it RUNNING, streams the spooled file row by
 * row on the reader pool, converts each row, and per batch (in file order, one batch at a time)
 * sends the accepted rows' events, writes the rejected rows to the error report, then adds the
 * batch's counts to the job. So the job's counts never run ahead of what reached the broker and
 * the store, and memory holds about one batch whatever the file size. When the file is read it
 * sets {@code allRowsRead} and completes the job if every accepted row is already answered
 * (otherwise {@link ImportResults} completes it on the last answer). Any error marks the job
 * FAILED with the reason. The spooled file is deleted at the end.
 *
 * <p>Known limits (issue 3): a job interrupted by a crash or shutdown stays RUNNING and is not
 * resumed; its spooled file is left behind. Rows with the same number are not merged.
 */
@Component
class ImportRunner {

  private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

  private final ImportJobStore store;
  private final ImportEvents events;
  private final Scheduler readers;
  private final int batchSize;

  ImportRunner(ImportJobStore store, ImportEvents events, @Qualifier(ImportConfiguration.READERS) Scheduler readers,
               ImportProperties properties) {
    this.store = store;
    this.events = events;
    this.readers = readers;
    this.batchSize = properties.batchSize();
  }

  /** Starts the import without waiting for it; its outcome is recorded on the job. */
  void start(ImportJob job, ColumnMapping mapping, Path file) {
    run(job, mapping, file).subscribe(null,
        e -> log.error("import {} could not record its outcome", job.id(), e));
  }

  Mono<Void> run(ImportJob job, ColumnMapping mapping, Path file) {
    RowConverter converter = new RowConverter(mapping, job.settings());
    Flux<CsvRow> rows = Flux.<CsvRow, CsvRows>generate(() -> CsvRows.open(file), (csv, sink) -> {
      if (csv.hasNext()) {
        sink.next(csv.next());
      } else {
        sink.complete();
      }
      return csv;
    }, ImportRunner::closeQuietly).subscribeOn(readers);
    return store.markRunning(job.id(), Instant.now())
        .doOnSuccess(v -> log.info("import {} of workspace {} started", job.id(), job.workspaceId()))
        .thenMany(rows)
        .map(converter::convert)
        .buffer(batchSize)
        .concatMap(batch -> write(job, batch), 1)
        .then(Mono.defer(() -> store.finishReading(job.id())))
        .flatMap(read -> {
          log.info("import {} read: {} rows, {} accepted, rejected {}", job.id(), read.totalRows(),
              read.acceptedRows(), read.rejected());
          return store.completeIfAllAnswered(read);
        })
        .then()
        .onErrorResume(e -> {
          log.warn("import {} failed: {}", job.id(), e.toString());
          return store.fail(job.id(), reason(e));
        })
        .doFinally(signal -> deleteQuietly(file));
  }

  private Mono<Void> write(ImportJob job, List<RowOutcome> batch) {
    List<RowOutcome.Accepted> accepted = batch.stream()
        .filter(RowOutcome.Accepted.class::isInstance).map(RowOutcome.Accepted.class::cast).toList();
    List<RowOutcome.Rejected> rejected = batch.stream()
        .filter(RowOutcome.Rejected.class::isInstance).map(RowOutcome.Rejected.class::cast).toList();
    Mono<Void> sent = accepted.isEmpty() ? Mono.empty()
        : Mono.fromCallable(() -> events.sendAll(job, accepted))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(Mono::fromFuture);
    return Mono.when(sent, store.saveErrors(job.workspaceId(), job.id(), rejected))
        .then(store.addReadCounts(job.id(), ReadCounts.of(batch)));
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void closeQuietly(CsvRows rows) {
    try {
      rows.close();
    } catch (IOException e) {
      log.debug("closing an import file failed", e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete spooled import file {}", file, e);
    }
  }
}
