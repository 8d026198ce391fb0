package io.contactsplatform.dncservice.imports;

import io.contactsplatform.dncservice.dnc.DncUpdates;
import io.contactsplatform.support.lease.Leases;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Takes over DNC imports whose owner is gone: at startup and every {@code platform.lease.scan-every}
 * (30 s) it lists the QUEUED/RUNNING/REPLACING jobs and, for each whose lease
 * ({@code dnc-import:<id>}) it can claim (free or expired: the owner stopped renewing), resumes it
 * from its checkpoint through {@link DncImportRunner}. A job whose owner is alive is never taken.
 * A job whose spooled file is missing (a spool directory not shared between instances, or deleted)
 * is marked FAILED.
 */
@Component
class DncImportRecovery {

  private static final Logger log = LoggerFactory.getLogger(DncImportRecovery.class);

  private final DncImportStore store;
  private final DncImportRunner runner;
  private final DncUpdates updates;
  private final Leases leases;
  private final AtomicBoolean scanning = new AtomicBoolean();

  DncImportRecovery(DncImportStore store, DncImportRunner runner, DncUpdates updates, Leases leases) {
    this.store = store;
    this.runner = runner;
    this.updates = updates;
    this.leases = leases;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    scan().subscribeOn(Schedulers.boundedElastic())
        .subscribe(null, e -> log.warn("could not look for unfinished DNC imports: {}", e.toString()));
  }

  @Scheduled(initialDelayString = "${platform.lease.scan-every:30s}", fixedDelayString = "${platform.lease.scan-every:30s}")
  void periodically() {
    try {
      scan().block(Duration.ofMinutes(1));
    } catch (RuntimeException e) {
      log.warn("could not look for unfinished DNC imports: {}", e.toString());
    }
  }

  /** Claims and resumes every orphaned import; answers how many were taken over. */
  Mono<Long> scan() {
    if (!scanning.compareAndSet(false, true)) {
      return Mono.just(0L);
    }
    return store.unfinished()
        .filter(u -> !leases.heldHere(DncImportRunner.lease(u.job().id())))
        .concatMap(u -> leases.acquire(DncImportRunner.lease(u.job().id())).flatMap(hold -> {
          if (u.spoolFile() == null || !Files.exists(u.spoolFile())) {
            log.warn("DNC import {} cannot resume: its spooled file is gone", u.job().id());
            return store.fail(u.job().id(), "the uploaded file is gone (is platform.dnc.import.spool-dir shared by "
                    + "every instance?); upload it again", updates.now())
                .then(hold.release()).thenReturn(0L);
          }
          return Mono.fromCallable(() -> DncImports.prepare(u.job().settings(), u.spoolFile()))
              .subscribeOn(Schedulers.boundedElastic())
              .doOnNext(prepared -> {
                log.info("taking over DNC import {} of workspace {} after row {}", u.job().id(),
                    u.job().workspaceId(), u.job().totalRows());
                runner.start(u.job(), prepared.reader(), prepared.csv(), u.spoolFile(), hold);
              })
              .thenReturn(1L)
              .onErrorResume(e -> store.fail(u.job().id(), "could not reopen the uploaded file: " + e.getMessage(),
                  updates.now()).then(hold.release()).thenReturn(0L));
        }))
        .reduce(0L, Long::sum)
        .doFinally(s -> scanning.set(false));
  }
}
