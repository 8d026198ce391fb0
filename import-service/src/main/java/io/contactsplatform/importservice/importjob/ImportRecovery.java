package io.contactsplatform.importservice.importjob;

import io.contactsplatform.support.lease.LeaseProperties;
import io.contactsplatform.support.lease.Leases;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Takes over imports whose owner is gone: on start (before the Kafka listeners run) and then every
 * {@code platform.lease.scan-every} (30 s), it lists the QUEUED/RUNNING imports and, for each whose
 * lease {@code import:<id>} it can claim (free, or expired because its owner stopped renewing it),
 * completes it from its answer chunks when every row is read and answered (closing the window
 * between a chunk write and the job update), then resumes reading it from its checkpoint when its spooled file is readable here,
 * marks it FAILED when the file is gone, or leaves it to its answers when every row was already
 * read. An import whose owner is alive (lease renewed) is never taken.
 */
@Component
class ImportRecovery implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ImportRecovery.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final ImportJobStore store;
  private final ImportResults results;
  private final ImportRunner runner;
  private final Leases leases;
  private final Duration scanEvery;
  private final AtomicBoolean scanning = new AtomicBoolean();
  private volatile boolean running;
  private volatile Disposable periodic;

  ImportRecovery(ImportJobStore store, ImportResults results, ImportRunner runner, Leases leases,
                 LeaseProperties properties) {
    this.store = store;
    this.results = results;
    this.runner = runner;
    this.leases = leases;
    this.scanEvery = properties.scanEvery();
  }

  @Override
  public void start() {
    running = true;
    try {
      scan().block(TIMEOUT);
    } catch (RuntimeException e) {
      log.warn("could not look for unfinished imports, the next scan retries: {}", e.toString());
    }
    periodic = Flux.interval(scanEvery, scanEvery, Schedulers.boundedElastic())
        .onBackpressureDrop()
        .concatMap(tick -> scan().onErrorResume(e -> {
          log.warn("could not look for unfinished imports: {}", e.toString());
          return Mono.empty();
        }), 1)
        .subscribe();
  }

  /** Claims and resumes every import whose lease is free or expired; answers how many were resumed. */
  Mono<Long> scan() {
    if (!scanning.compareAndSet(false, true)) {
      return Mono.just(0L);
    }
    return store.unfinished(Instant.now())
        .filter(job -> running && !leases.heldHere(ImportRunner.lease(job.id())))
        .concatMap(job -> leases.acquire(ImportRunner.lease(job.id()))
            .flatMap(hold -> results.reconcile(job)
                .flatMap(current -> {
                  if (current.allRowsRead()) {
                    return hold.release().thenReturn(0L);
                  }
                  if (!Files.exists(current.file().path())) {
                    log.warn("import {} cannot resume: its spooled file {} is gone", current.id(),
                        current.file().path());
                    return store.fail(current.id(), "the uploaded file (" + current.file().path() + ") is gone "
                            + "(is platform.import.spool-dir shared by every instance?); upload it again")
                        .then(hold.release()).thenReturn(0L);
                  }
                  log.info("taking over import {} of workspace {} after row {}", current.id(), current.workspaceId(),
                      current.totalRows());
                  runner.start(current, hold);
                  return Mono.just(1L);
                })
                .switchIfEmpty(Mono.defer(() -> hold.release().thenReturn(0L)))
                .onErrorResume(e -> hold.release().then(Mono.error(e)))))
        .reduce(0L, Long::sum)
        .doFinally(s -> scanning.set(false));
  }

  @Override
  public void stop() {
    running = false;
    Disposable scans = periodic;
    if (scans != null) {
      scans.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After {@link ImportRunner} (which must be running to resume) and before the Kafka listeners. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 150;
  }
}
