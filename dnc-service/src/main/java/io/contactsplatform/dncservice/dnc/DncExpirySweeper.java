package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.dncservice.dnc.DncExpirySchedule.Due;
import io.contactsplatform.dncservice.dnc.DncUpdates.Item;
import io.contactsplatform.support.lease.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes expiries take effect without any request: every {@code platform.dnc.expiry.sweep-interval}
 * (30 s) it takes the expiries due by the (injectable) clock from {@link DncExpirySchedule},
 * records them on their numbers ({@link DncNumber#expireDue}: a new version, EXPIRED audit records,
 * a dnc-changes event) and clears them from the schedule. An entry stops blocking at its
 * {@code expiresAt} even before the sweep; the sweep makes the change visible to consumers and to
 * the audit trail, at most one interval late. With several instances only the holder of the lease
 * {@code sweep:dnc-expiry} runs a round ({@link Leases}).
 */
@Component
class DncExpirySweeper {

  private static final Logger log = LoggerFactory.getLogger(DncExpirySweeper.class);
  private static final int DUE_PER_ROUND = 1000;

  private final DncExpirySchedule schedule;
  private final DncUpdates updates;
  private final Leases leases;

  DncExpirySweeper(DncExpirySchedule schedule, DncUpdates updates, Leases leases) {
    this.leases = leases;
    this.schedule = schedule;
    this.updates = updates;
  }

  @Scheduled(initialDelayString = "${platform.dnc.expiry.initial-delay:0s}",
      fixedDelayString = "${platform.dnc.expiry.sweep-interval:30s}")
  void scheduled() {
    try {
      Long expired = leases.runExclusively("sweep:dnc-expiry", hold -> sweep(updates.now()))
          .block(Duration.ofMinutes(5));
      if (expired != null && expired > 0) {
        log.info("expiry sweep recorded expiries on {} DNC number(s)", expired);
      }
    } catch (RuntimeException e) {
      log.warn("expiry sweep failed, will retry: {}", e.toString());
    }
  }

  /** Records every expiry due at {@code now}; answers how many numbers changed. */
  Mono<Long> sweep(Instant now) {
    return schedule.due(now, DUE_PER_ROUND).collectList().flatMap(due -> {
      if (due.isEmpty()) {
        return Mono.just(0L);
      }
      Map<String, List<Due>> byWorkspace = due.stream()
          .collect(Collectors.groupingBy(Due::workspaceId, LinkedHashMap::new, Collectors.toList()));
      Mono<Long> round = Flux.fromIterable(byWorkspace.entrySet())
          .concatMap(ws -> {
            List<Item> items = ws.getValue().stream().map(Due::phoneE164).distinct()
                .map(phone -> new Item(phone, (number, at) -> number.expireDue(at)))
                .toList();
            return updates.applyAll(ws.getKey(), items)
                .map(changes -> changes.stream().filter(DncNumber.Change::changed).count())
                .flatMap(changed -> Flux.fromIterable(ws.getValue()).concatMap(d -> schedule.done(d.id()))
                    .then(Mono.just(changed)));
          })
          .reduce(0L, Long::sum);
      return due.size() < DUE_PER_ROUND ? round : round.flatMap(n -> sweep(now).map(more -> n + more));
    });
  }
}
