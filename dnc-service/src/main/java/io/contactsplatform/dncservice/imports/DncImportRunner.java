package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncEntry;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.dncservice.dnc.DncNumber;
import io.contactsplatform.dncservice.dnc.DncStore;
import io.contactsplatform.dncservice.dnc.DncUpdates;
import io.contactsplatform.dncservice.dnc.Removal;
import io.contactsplatform.dncservice.imports.DncImportStore.BatchCounts;
import io.contactsplatform.dncservice.imports.DncImportStore.RegistryLoad;
import io.contactsplatform.dncservice.imports.ImportSettings.Mode;
import io.contactsplatform.support.csv.CsvFormat;
import io.contactsplatform.support.csv.CsvRows;
import io.contactsplatform.support.upload.Uploads;
import io.contactsplatform.support.lease.LeaseLostException;
import io.contactsplatform.support.lease.Leases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;

/**
 * Runs an accepted import in the background: streams the spooled file row by row on the reader
 * pool, and per batch of {@code platform.dnc.import.batch-size} rows (in file order, one batch at
 * a time, so memory holds about one batch whatever the file size) writes rejected rows to the
 * error report and applies the valid rows through {@link DncUpdates#applyAll} (one lookup, one
 * bulk write, audit, publish), then adds the batch's counts to the job.
 *
 * <p>REPLACE: every number the file lists whose entry was already there is recorded in the
 * import's seen-collection while the file is read; entries the file still lists are never touched, so a number in both the old and
 * the new file is never unblocked, not even briefly. Only after the whole file is read does the
 * job remove the source's entries (same scope) that existed before the import started and that
 * the file no longer lists. A file without a single valid number removes nothing and fails the job.
 *
 * <p>A completed NATIONAL_REGISTRY import records the workspace's registry load time.
 *
 * <p>Ownership: an import runs under the lease {@code dnc-import:<id>} ({@link Leases}), renewed
 * while it runs; a renewal that finds the lease lost stops it before the next batch, leaving the
 * job and its spooled file to the new owner. A job whose owner died is taken over by
 * {@link DncImportRecovery} and resumed from its checkpoint: {@code totalRows}, the rows of the
 * batches whose counts were stored, are skipped; a batch applied but not yet counted is applied
 * again, which is harmless (an ADD of an entry already there is ALREADY_ACTIVE, a DELETE of an
 * absent one NOT_FOUND), only the counts may then show such rows as already active / not found. A
 * REPLACE resumes with its original {@code startedAt} and its seen-collection, so what it removes
 * is the same as in one run.
 */
@Component
class DncImportRunner {

  private static final Logger log = LoggerFactory.getLogger(DncImportRunner.class);

  private final DncImportStore jobs;
  private final DncUpdates updates;
  private final DncStore store;
  private final Scheduler readers;
  private final int batchSize;

  DncImportRunner(DncImportStore jobs, DncUpdates updates, DncStore store,
                  @Qualifier(DncImportConfiguration.READERS) Scheduler readers,
                  @Value("${platform.dnc.import.batch-size:1000}") int batchSize) {
    this.jobs = jobs;
    this.updates = updates;
    this.store = store;
    this.readers = readers;
    this.batchSize = batchSize;
  }

  /** The lease that guards one import. */
  static String lease(String importId) {
    return "dnc-import:" + importId;
  }

  /** Starts (or resumes) the import under {@code hold} without waiting for it; releases the lease when done. */
  void start(DncImportJob job, RowReader rows, CsvFormat format, Path file, Leases.Hold hold) {
    run(job, rows, format, file, hold)
        .onErrorResume(LeaseLostException.class, e -> Mono.fromRunnable(() ->
            log.warn("DNC import {} stopped here: its lease went to another instance", job.id())))
        .then(Mono.defer(hold::release))
        .subscribe(null, e -> log.error("DNC import {} could not record its outcome", job.id(), e));
  }

  Mono<Void> run(DncImportJob job, RowReader reader, CsvFormat format, Path file, Leases.Hold hold) {
    ImportSettings settings = job.settings();
    String defaultReason = settings.reason() != null ? settings.reason() : "imported from " + job.fileName();
    Removal deletion = removal(settings, settings.reason() != null ? settings.reason()
        : "deleted by change list " + job.fileName() + " (import " + job.id() + ")");
    AtomicLong bytesRead = new AtomicLong();
    AtomicLong addRows = new AtomicLong(job.added() + job.alreadyActive());
    AtomicLong seenRows = new AtomicLong(job.alreadyActive());
    AtomicReference<Instant> startedAt = new AtomicReference<>(job.startedAt());
    long checkpoint = job.totalRows();
    AtomicInteger stint = new AtomicInteger(-1);
    Flux<RowReader.Outcome> rows = Flux.<RowReader.Outcome, CsvRows>generate(
            () -> CsvRows.open(file, format),
            (in, sink) -> {
              if (in.hasNext()) {
                sink.next(reader.read(in.next(), updates.now()));
                bytesRead.set(in.bytesRead());
              } else {
                bytesRead.set(in.bytesRead());
                sink.complete();
              }
              return in;
            }, DncImportRunner::closeQuietly)
        .skip(checkpoint)
        .subscribeOn(readers);
    AtomicBoolean handedOver = new AtomicBoolean();
    return Mono.fromSupplier(updates::now)
        .doOnNext(now -> startedAt.compareAndSet(null, now))
        .flatMap(now -> jobs.markRunning(job.id(), startedAt.get())
            .then(jobs.recordOwner(job.id(), hold.owner(), now, checkpoint))
            .doOnNext(stint::set))
        .doOnSuccess(v -> log.info("DNC import {} of workspace {} {} ({} {})", job.id(), job.workspaceId(),
            checkpoint > 0 ? "resumed after row " + checkpoint : "started", settings.format(), settings.mode()))
        .thenMany(job.status() == DncImportJob.Status.REPLACING ? Flux.empty() : rows)
        .buffer(batchSize)
        .concatMap(batch -> Mono.fromRunnable(hold::check).then(batch(job, batch, defaultReason, deletion))
            .flatMap(counts -> {
              addRows.addAndGet(counts.added() + counts.alreadyActive());
              seenRows.addAndGet(counts.alreadyActive());
              return jobs.addCounts(job.id(), counts, bytesRead.get(), stint.get());
            }), 1)
        .then(Mono.fromRunnable(hold::check))
        .then(Mono.defer(() -> settings.mode() != Mode.REPLACE ? Mono.empty()
            : replace(job, startedAt.get(), addRows.get(), bytesRead.get())))
        .then(Mono.defer(() -> finish(job, bytesRead.get())))
        .onErrorResume(e -> {
          if (e instanceof LeaseLostException || hold.lost()) {
            handedOver.set(true);
            return Mono.error(e instanceof LeaseLostException ? e : new LeaseLostException(hold.name()));
          }
          log.warn("DNC import {} failed: {}", job.id(), e.toString());
          return jobs.fail(job.id(), reason(e), updates.now());
        })
        .then(Mono.defer(() -> settings.mode() == Mode.REPLACE && seenRows.get() > 0 ? jobs.dropSeen(job.id())
            : Mono.empty()))
        .doFinally(signal -> {
          if (!handedOver.get() && signal != SignalType.CANCEL) {
            Uploads.deleteQuietly(file);
          }
        });
  }

  private Mono<BatchCounts> batch(DncImportJob job, List<RowReader.Outcome> batch, String defaultReason,
                                  Removal deletion) {
    ImportSettings settings = job.settings();
    List<RowReader.Rejected> rejected = new ArrayList<>();
    Map<String, List<RowReader.Op>> byPhone = new LinkedHashMap<>();
    for (RowReader.Outcome outcome : batch) {
      if (outcome instanceof RowReader.Rejected r) {
        rejected.add(r);
      } else if (outcome instanceof RowReader.Op op) {
        byPhone.computeIfAbsent(op.phoneE164(), p -> new ArrayList<>()).add(op);
      }
    }
    List<PhoneRule> rules = new ArrayList<>();
    List<DncUpdates.Item> items = new ArrayList<>();
    byPhone.forEach((phone, ops) -> {
      PhoneRule rule = new PhoneRule(settings, defaultReason, deletion, ops);
      rules.add(rule);
      items.add(new DncUpdates.Item(phone, rule));
    });
    return updates.applyAll(job.workspaceId(), items)
        .flatMap(changes -> {
          long added = 0;
          long alreadyActive = 0;
          long removed = 0;
          long notFound = 0;
          Map<String, Long> codes = new LinkedHashMap<>();
          rejected.forEach(r -> codes.merge(r.code(), 1L, Long::sum));
          for (PhoneRule rule : rules) {
            for (PhoneRule.RowResult r : rule.results()) {
              switch (r.result()) {
                case ADDED -> added++;
                case ALREADY_ACTIVE -> alreadyActive++;
                case REMOVED -> removed++;
                case NOT_FOUND -> notFound++;
                case REJECTED -> {
                  codes.merge("RULE_VIOLATION", 1L, Long::sum);
                  rejected.add(new RowReader.Rejected(r.op().rowNumber(), r.op().line(), "RULE_VIOLATION",
                      r.problem(), List.of(r.op().phoneE164())));
                }
              }
            }
          }
          BatchCounts counts = new BatchCounts(batch.size(), added, alreadyActive, removed, notFound, codes);
          return jobs.markSeen(job.id(), settings.mode() == Mode.REPLACE ? alreadyListed(rules) : Set.of())
              .then(jobs.saveErrors(job.workspaceId(), job.id(), rejected))
              .thenReturn(counts);
        });
  }

  /**
   * The numbers of a REPLACE batch whose entry was there before: the only ones the final removal
   * could touch (an entry added by this import is younger than the import, and a number cannot
   * have gained it while an identical older one was active).
   */
  private static Set<String> alreadyListed(List<PhoneRule> rules) {
    Set<String> listed = new HashSet<>();
    for (PhoneRule rule : rules) {
      for (PhoneRule.RowResult r : rule.results()) {
        if (r.result() == PhoneRule.Result.ALREADY_ACTIVE) {
          listed.add(r.op().phoneE164());
        }
      }
    }
    return listed;
  }

  /** REPLACE, after the whole file is read: removes the source's older entries the file no longer lists. */
  private Mono<Void> replace(DncImportJob job, Instant startedAt, long listedRows, long bytesRead) {
    if (listedRows == 0) {
      return Mono.error(new IllegalStateException("REPLACE: the file has no valid number; nothing was replaced"));
    }
    ImportSettings s = job.settings();
    Removal removal = removal(s, s.reason() != null ? s.reason()
        : "not in replacement file " + job.fileName() + " (import " + job.id() + ")");
    Instant now = updates.now();
    return jobs.markReplacing(job.id(), bytesRead)
        .thenMany(store.withEntriesOf(job.workspaceId(), s.scope(), s.campaignId(), s.source(), startedAt))
        .filter(number -> number.entries().stream().anyMatch(e -> replaced(e, s, startedAt, now)))
        .map(DncNumber::phoneE164)
        .buffer(batchSize)
        .concatMap(phones -> jobs.seenAmong(job.id(), phones).flatMap(seen -> {
          List<DncUpdates.Item> items = phones.stream().filter(p -> !seen.contains(p))
              .map(p -> new DncUpdates.Item(p, (number, at) -> number.removeActive(
                  e -> replaced(e, s, startedAt, at), removal, null, at)))
              .toList();
          return updates.applyAll(job.workspaceId(), items)
              .map(changes -> changes.stream().mapToLong(c -> c.changed() ? c.affected().size() : 0).sum())
              .flatMap(n -> jobs.addRemovedByReplace(job.id(), n));
        }), 1)
        .then();
  }

  private static boolean replaced(DncEntry e, ImportSettings s, Instant startedAt, Instant now) {
    return e.sameTarget(s.scope(), s.campaignId(), s.source()) && e.activeAt(now) && e.createdAt().isBefore(startedAt);
  }

  private Mono<Void> finish(DncImportJob job, long bytesRead) {
    Instant now = updates.now();
    Mono<Void> registry = job.settings().source() != Source.NATIONAL_REGISTRY ? Mono.empty()
        : jobs.recordRegistryLoad(job.workspaceId(),
            new RegistryLoad(now, job.id(), job.settings().mode().name(), job.fileName()));
    return jobs.complete(job.id(), now, bytesRead).then(registry)
        .doOnSuccess(v -> log.info("DNC import {} of workspace {} completed", job.id(), job.workspaceId()));
  }

  /** How the import removes entries: the registry speaks for its own entries; others need the override option. */
  private static Removal removal(ImportSettings s, String reason) {
    return s.source() == Source.NATIONAL_REGISTRY
        ? Removal.byAuthority(Source.NATIONAL_REGISTRY, s.actor(), reason)
        : Removal.of(s.actor(), reason, s.override());
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root instanceof IllegalStateException ? root.getMessage()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void closeQuietly(CsvRows file) {
    try {
      file.close();
    } catch (IOException e) {
      log.debug("closing an import file failed", e);
    }
  }

}
