package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.csv.CsvRow;
import io.contactsplatform.support.csv.CsvRows;
import io.contactsplatform.support.upload.Uploads;
import io.contactsplatform.importservice.importjob.ImportJobStore.ReadCounts;
import io.contactsplatform.support.lease.LeaseLostException;
import io.contactsplatform.support.lease.Leases;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Reads an accepted import in the background, on the bounded pool of reader threads, in two
 * passes over the spooled file:
 * <ol>
 *   <li>{@link PhoneIndex}: every row's phone number, to find numbers that occur more than once;</li>
 *   <li>rows in batches of {@code batchSize}: each row is converted ({@link RowConverter}); rows
 *       with the same number are merged in file order ({@link InFileMerge}) and sent once, when the
 *       group's last row is read, under the first row's number; every other accepted row is sent
 *       as it comes. Per batch, once the broker has acknowledged its events and its findings are
 *       stored, the batch's counts are added to the job — so {@code totalRows} never runs ahead of
 *       what was sent, and it is the checkpoint a resumed import continues from.</li>
 * </ol>
 * Sending one batch overlaps converting the next. A resumed job (after a crash or a shutdown)
 * re-reads the rows before the checkpoint only to rebuild the pending duplicate groups, then
 * continues; a batch sent but not yet counted when the service died is sent again with the same
 * event ids, which contact-service recognises. When the file is read it sets {@code allRowsRead},
 * deletes the spooled file and completes the job if every accepted row is already answered.
 * Any other error marks the job FAILED with the reason. On shutdown reading stops between
 * batches and the job stays RUNNING, to be resumed on the next start.
 *
 * <p>Ownership: a job is read under the lease {@code import:<id>} ({@link Leases}), renewed while it
 * runs and released when it ends (or when a shutdown pauses it, so another instance resumes it at
 * once). A renewal that finds the lease lost pauses the job like a shutdown does: nothing more is
 * sent or counted here, the job and its spooled file are left to the new owner.
 *
 * <p>Known limits: memory holds 8 bytes per row for the first pass plus the rows of duplicate
 * groups still open.
 */
@Component
class ImportRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(60);

  private final ImportJobStore store;
  private final ImportEvents events;
  private final Scheduler readers;
  private volatile boolean running;

  ImportRunner(ImportJobStore store, ImportEvents events, @Qualifier(ImportConfiguration.READERS) Scheduler readers) {
    this.store = store;
    this.events = events;
    this.readers = readers;
  }

  /** The lease that guards one import. */
  static String lease(String importId) {
    return "import:" + importId;
  }

  /** Starts (or resumes) the import under {@code hold} without waiting for it; releases the lease when it ends. */
  void start(ImportJob job, Leases.Hold hold) {
    Mono.fromRunnable(() -> run(job, hold)).subscribeOn(readers)
        .then(Mono.defer(hold::release))
        .subscribe(null, e -> log.error("import {} could not record its outcome", job.id(), e));
  }

  /** Reads the whole import on the calling thread (blocking), with no lease (tests). */
  void run(ImportJob job) {
    run(job, null);
  }

  /** True when reading must stop and leave the job RUNNING: the service stops, or the lease went elsewhere. */
  private boolean paused(Leases.Hold hold) {
    return !running || (hold != null && hold.lost());
  }

  /** Reads the whole import on the calling thread (blocking) while {@code hold} (if any) is ours. */
  void run(ImportJob job, Leases.Hold hold) {
    Path file = job.file().path();
    try {
      block(store.markRunning(job.id(), Instant.now()));
      int stint = hold == null ? -1 : block(store.recordOwner(job.id(), hold.owner(), Instant.now(), job.totalRows()));
      if (job.totalRows() > 0) {
        log.info("import {} resumes after row {}", job.id(), job.totalRows());
      } else {
        log.info("import {} of workspace {} started", job.id(), job.workspaceId());
      }
      if (Boolean.TRUE.equals(block(store.stopRequested(job.id())))) {
        cancel(job);
        return;
      }
      ColumnMapping mapping = ColumnMapping.restore(job.file().headers(), job.mapping());
      RowConverter converter = new RowConverter(mapping, job.settings(), job.customFields());
      PhoneIndex phones;
      CancelCheck indexing = new CancelCheck(job.id(), hold);
      try (CsvRows rows = CsvRows.open(file, job.file().format())) {
        phones = PhoneIndex.build(indexing.wrap(rows), converter);
      }
      if (indexing.stopped) {
        cancel(job);
        return;
      }
      block(store.setExpectedRows(job.id(), phones.rows()));
      Outcome outcome;
      try (CsvRows rows = CsvRows.open(file, job.file().format())) {
        outcome = new Pass(job, converter, phones, hold, stint).read(rows);
      }
      if (outcome == Outcome.PAUSED) {
        log.info("import {} paused ({}); it is resumed by whichever instance holds its lease next", job.id(),
            running ? "lease lost" : "shutdown");
        return;
      }
      if (outcome == Outcome.CANCELLED) {
        cancel(job);
        return;
      }
      if (hold != null) {
        hold.check();
      }
      ImportJob read = block(store.finishReading(job.id()));
      Uploads.deleteQuietly(file);
      if (read.cancelRequested()) {
        cancel(read);
        return;
      }
      log.info("import {} read: {} rows, {} accepted, {} merged duplicates, rejected {}", job.id(), read.totalRows(),
          read.acceptedRows(), read.mergedDuplicates(), read.rejected());
      if (Boolean.TRUE.equals(block(store.completeIfAllAnswered(read)))) {
        log.info("import {} completed", job.id());
      }
    } catch (RuntimeException | IOException e) {
      if (paused(hold) || e instanceof LeaseLostException) {
        log.info("import {} interrupted ({}, {}); it is resumed by the next holder of its lease", job.id(),
            running ? "lease lost" : "shutdown", e.toString());
        return;
      }
      log.warn("import {} failed: {}", job.id(), e.toString());
      store.fail(job.id(), reason(e)).block(STORE_TIMEOUT);
      Uploads.deleteQuietly(file);
    }
  }

  /** Stops a cancelled job: CANCELLED (rows already sent stay applied; their answers are still counted). */
  private void cancel(ImportJob job) {
    block(store.markCancelled(job.id(), Instant.now()));
    Uploads.deleteQuietly(job.file().path());
    log.info("import {} cancelled", job.id());
  }

  /** How the second pass ended. */
  private enum Outcome { DONE, PAUSED, CANCELLED }

  /** Ends an iteration early, every {@value #EVERY} rows, when the job was cancelled or the service stops. */
  private final class CancelCheck {
    private static final int EVERY = 20_000;
    private final String id;
    private final Leases.Hold hold;
    private boolean stopped;

    CancelCheck(String id, Leases.Hold hold) {
      this.id = id;
      this.hold = hold;
    }

    java.util.Iterator<CsvRow> wrap(java.util.Iterator<CsvRow> rows) {
      return new java.util.Iterator<>() {
        private long seen;

        @Override
        public boolean hasNext() {
          if (stopped) {
            return false;
          }
          if (++seen % EVERY == 0) {
            if (paused(hold)) {
              throw new IllegalStateException("service stopping or lease lost");
            }
            if (Boolean.TRUE.equals(block(store.stopRequested(id)))) {
              stopped = true;
              return false;
            }
          }
          return rows.hasNext();
        }

        @Override
        public CsvRow next() {
          return rows.next();
        }
      };
    }
  }

  /** The second pass: batches, duplicate groups, sends and counts. */
  private final class Pass {
    private final ImportJob job;
    private final RowConverter converter;
    private final PhoneIndex phones;
    private final int batchSize;
    private final DuplicateGroups groups;
    private final Leases.Hold hold;
    private final int stint;

    Pass(ImportJob job, RowConverter converter, PhoneIndex phones, Leases.Hold hold, int stint) {
      this.hold = hold;
      this.stint = stint;
      this.job = job;
      this.converter = converter;
      this.phones = phones;
      this.batchSize = job.batchSize();
      this.groups = new DuplicateGroups(phones);
    }

    /** DONE when every row was read; PAUSED when stopped by a shutdown, CANCELLED by an operator. */
    Outcome read(CsvRows rows) {
      long checkpoint = job.totalRows();
      Batch pending = null;
      List<CsvRow> chunk = new ArrayList<>(batchSize);
      while (rows.hasNext()) {
        CsvRow row = rows.next();
        if (row.rowNumber() <= checkpoint) {
          replay(row);
          continue;
        }
        chunk.add(row);
        if (chunk.size() == batchSize) {
          if (paused(hold)) {
            finish(pending);
            return Outcome.PAUSED;
          }
          if (Boolean.TRUE.equals(block(store.stopRequested(job.id())))) {
            finish(pending);
            return Outcome.CANCELLED;
          }
          Batch batch = convert(chunk);
          finish(pending);
          pending = batch.send();
          chunk = new ArrayList<>(batchSize);
        }
      }
      if (!chunk.isEmpty()) {
        Batch batch = convert(chunk);
        finish(pending);
        pending = batch.send();
      }
      finish(pending);
      return Outcome.DONE;
    }

    /** A row already counted before a restart: only rebuild the duplicate groups still open then. */
    private void replay(CsvRow row) {
      if (groups.grouped(row.rowNumber())) {
        groups.add(row.rowNumber(), converter.convert(row, phones.key(row.rowNumber())));
      }
    }

    private Batch convert(List<CsvRow> rows) {
      Batch batch = new Batch(job, (rows.get(0).rowNumber() - 1) / batchSize);
      for (CsvRow row : rows) {
        RowOutcome outcome = converter.convert(row, phones.key(row.rowNumber()));
        batch.rows++;
        if (!outcome.issues().isEmpty()) {
          batch.withIssues.add(outcome);
        }
        if (outcome instanceof RowOutcome.Rejected rejected) {
          batch.rejected.merge(rejected.code(), 1L, Long::sum);
        } else {
          outcome.issues().forEach(w -> batch.warnings.merge(w.code(), 1L, Long::sum));
        }
        DuplicateGroups.Step step = groups.add(row.rowNumber(), outcome);
        batch.accepted += step.accepted() ? 1 : 0;
        batch.merged += step.merged() ? 1 : 0;
        if (step.send() != null) {
          batch.send.add(step.send());
        }
      }
      return batch;
    }

    private void finish(Batch batch) {
      if (batch == null) {
        return;
      }
      try {
        batch.sent.get(STORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending import events", e);
      } catch (Exception e) {
        throw new IllegalStateException("sending import events failed: " + e.getMessage(), e);
      }
      if (hold != null && hold.lost()) {
        return; // the new owner sends this batch again (same event ids) and counts it
      }
      block(store.saveIssues(job, batch.index, batch.withIssues));
      block(store.addReadCounts(job.id(), new ReadCounts(batch.rows, batch.accepted, batch.merged, batch.rejected,
          batch.warnings), stint));
    }
  }

  /** One batch of rows: what to send, what to report, what to count. */
  private final class Batch {
    private final ImportJob job;
    private final long index;
    private final List<RowOutcome.Accepted> send = new ArrayList<>();
    private final List<RowOutcome> withIssues = new ArrayList<>();
    private final Map<String, Long> rejected = new LinkedHashMap<>();
    private final Map<String, Long> warnings = new LinkedHashMap<>();
    private long rows;
    private long accepted;
    private long merged;
    private CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);

    Batch(ImportJob job, long index) {
      this.job = job;
      this.index = index;
    }

    Batch send() {
      if (!send.isEmpty()) {
        sent = events.sendAll(job, send);
      }
      return this;
    }
  }

  private static <T> T block(Mono<T> work) {
    return work.block(STORE_TIMEOUT);
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 200;
  }
}
