package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.support.lease.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Completes changes whose audit or publish did not happen (see {@link DncOutbox}): at startup and
 * then every {@code platform.dnc.outbox.sweep-interval} (5 s), every marker older than
 * {@code platform.dnc.outbox.grace} (10 s, so in-flight writes are left to their writers) gets its
 * numbers' audit trails completed and current states published, then is closed. Re-publishing a
 * state that did reach the topic is harmless (consumers keep the highest version). With several
 * instances only the holder of the lease {@code sweep:dnc-outbox} runs a round ({@link Leases}).
 */
@Component
class DncOutboxSweeper {

  private static final Logger log = LoggerFactory.getLogger(DncOutboxSweeper.class);
  private static final int MARKERS_PER_ROUND = 100;

  private final DncOutbox outbox;
  private final DncStore store;
  private final DncUpdates updates;
  private final Clock clock;
  private final Duration grace;
  private final Leases leases;

  DncOutboxSweeper(DncOutbox outbox, DncStore store, DncUpdates updates, Clock clock,
                   @Value("${platform.dnc.outbox.grace:10s}") Duration grace, Leases leases) {
    this.leases = leases;
    this.outbox = outbox;
    this.store = store;
    this.updates = updates;
    this.clock = clock;
    this.grace = grace;
  }

  @Scheduled(initialDelayString = "${platform.dnc.outbox.initial-delay:0s}",
      fixedDelayString = "${platform.dnc.outbox.sweep-interval:5s}")
  void scheduled() {
    try {
      Long swept = leases.runExclusively("sweep:dnc-outbox", hold -> sweep(clock.instant().minus(grace)))
          .block(Duration.ofMinutes(5));
      if (swept != null && swept > 0) {
        log.info("outbox sweep completed {} pending DNC change(s)", swept);
      }
    } catch (RuntimeException e) {
      log.warn("outbox sweep failed, will retry: {}", e.toString());
    }
  }

  /** Completes every marker created before {@code before}; answers how many. */
  Mono<Long> sweep(Instant before) {
    return outbox.sweep(before, MARKERS_PER_ROUND, marker -> store.findAll(marker.workspaceId(), marker.ids())
        .flatMap(numbers -> {
          List<DncNumber> states = new ArrayList<>(numbers.values());
          List<DncAuditRecord> records = new ArrayList<>();
          states.forEach(n -> records.addAll(DncAuditRecord.allOf(n)));
          return store.appendAudit(records).then(updates.publishAll(marker.workspaceId(), states));
        }));
  }
}
