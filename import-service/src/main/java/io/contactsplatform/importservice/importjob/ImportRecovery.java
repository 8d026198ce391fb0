package io.contactsplatform.importservice.importjob;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On start, before the Kafka listeners run, picks up every import a previous run left unfinished
 * (QUEUED or RUNNING, created before this start): recounts its answers from its chunks (closing
 * the window between a chunk write and the job update), then resumes reading it from its
 * checkpoint when its spooled file is still there, marks it FAILED when the file is gone, or
 * completes it when every row was already read and answered.
 */
@Component
class ImportRecovery implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ImportRecovery.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final ImportJobStore store;
  private final ImportResults results;
  private final ImportRunner runner;
  private volatile boolean running;

  ImportRecovery(ImportJobStore store, ImportResults results, ImportRunner runner) {
    this.store = store;
    this.results = results;
    this.runner = runner;
  }

  @Override
  public void start() {
    running = true;
    List<ImportJob> unfinished = store.unfinished(Instant.now()).collectList().block(TIMEOUT);
    for (ImportJob job : unfinished == null ? List.<ImportJob>of() : unfinished) {
      ImportJob current = results.reconcile(job).block(TIMEOUT);
      if (current == null || current.allRowsRead()) {
        continue;
      }
      if (Files.exists(current.file().path())) {
        log.info("resuming import {} of workspace {} after row {}", current.id(), current.workspaceId(),
            current.totalRows());
        runner.start(current);
      } else {
        log.warn("import {} cannot resume: its spooled file {} is gone", current.id(), current.file().path());
        store.fail(current.id(), "the service restarted and the uploaded file (" + current.file().path()
            + ") is gone; upload it again").block(TIMEOUT);
      }
    }
  }

  @Override
  public void stop() {
    running = false;
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
