package io.contactsplatform.contactservice.contact;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.contactservice.history.ContactHistory;
import io.contactsplatform.support.lease.Leases;
import io.contactsplatform.support.outbox.OutboxMarkers;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps contact-changes from being lost on the API and bulk paths (upserts rely on Kafka
 * redelivery instead): before writing, the ids about to change are recorded in
 * {@code contact_outbox}; the record is removed once the changes are published. A sweep
 * ({@code platform.contacts.outbox.sweep-interval}, default 30 s) re-publishes the current state
 * of the contacts of every record older than {@code platform.contacts.outbox.grace} (default
 * 60 s), whatever became of the write. Re-publishing current state is harmless: consumers keep
 * the highest version. With several instances only the holder of the lease
 * {@code sweep:contact-outbox} runs a round (see {@link Leases}). Limit: a sweep racing a newer write to the same contact can append the
 * older state after the newer one on the compacted topic (consumers keep the newer; a fresh
 * reader of the compacted topic may not). The sweep also flushes the contacts' pending history
 * entries ({@link ContactHistory}), which an unfinished write may have left on them. The
 * mechanism is the shared {@link OutboxMarkers}; this is contact-service's collection of it.
 */
@Component
class ChangeOutbox {

  private static final Logger log = LoggerFactory.getLogger(ChangeOutbox.class);
  /** Only the instance holding this lease sweeps; the others skip the round. */
  static final String SWEEP_LEASE = "sweep:contact-outbox";

  /** Markers of one sweep round at most (the rest wait for the next round). */
  private static final int MARKERS_PER_ROUND = 1000;

  private final OutboxMarkers outbox;
  private final ContactStore store;
  private final ContactEvents events;
  private final ContactHistory history;
  private final Duration grace;
  private final Leases leases;

  ChangeOutbox(MongoDatabase database, ContactStore store, ContactEvents events, ContactHistory history,
               @Value("${platform.contacts.outbox.grace:60s}") Duration grace, Leases leases) {
    this.leases = leases;
    this.outbox = new OutboxMarkers(database.getCollection("contact_outbox"), "contactIds");
    this.store = store;
    this.events = events;
    this.history = history;
    this.grace = grace;
  }

  /** Runs {@code work} (writes then publishes changes of {@code contactIds}) under an outbox record. */
  <T> Mono<T> guard(Collection<String> contactIds, Mono<T> work) {
    return outbox.guard(null, contactIds, work, e -> contactIds.size() == 1 && refusedBeforeWriting(e));
  }

  /**
   * A 4xx answer to a single-contact write: it was refused before anything was stored (checks
   * and key claims come first), so there is nothing to re-publish.
   */
  private static boolean refusedBeforeWriting(Throwable e) {
    return e instanceof ErrorResponseException r && r.getStatusCode().is4xxClientError();
  }

  @Scheduled(fixedDelayString = "${platform.contacts.outbox.sweep-interval:30s}",
      initialDelayString = "${platform.contacts.outbox.sweep-interval:30s}")
  void sweep() {
    try {
      leases.runExclusively(SWEEP_LEASE, hold -> sweepOnce()).block(Duration.ofMinutes(5));
    } catch (RuntimeException e) {
      log.warn("outbox sweep failed, next sweep retries: {}", e.toString());
    }
  }

  /**
   * Re-publishes the contacts of every outbox record older than the grace period, after copying
   * their pending history entries; the count of records.
   */
  Mono<Long> sweepOnce() {
    return outbox.sweep(Instant.now().minus(grace), MARKERS_PER_ROUND, marker -> {
      List<String> ids = marker.ids();
      return history.flush(ids).then(store.findAll(ids))
          .doOnNext(found -> log.info("outbox: re-publishing {} of {} contact(s) of an unfinished write",
              found.size(), ids.size()))
          .flatMapMany(found -> Flux.fromIterable(found.values()))
          .concatMap(stored -> events.changed(stored.contact()))
          .then();
    });
  }
}
