package io.contactsplatform.contactservice.contact;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.contactservice.history.ContactHistory;
import io.contactsplatform.support.ids.TimeOrderedIds;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bson.Document;
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
 * the highest version. Limit: a sweep racing a newer write to the same contact can append the
 * older state after the newer one on the compacted topic (consumers keep the newer; a fresh
 * reader of the compacted topic may not). The sweep also flushes the contacts' pending history
 * entries ({@link ContactHistory}), which an unfinished write may have left on them.
 */
@Component
class ChangeOutbox {

  private static final Logger log = LoggerFactory.getLogger(ChangeOutbox.class);

  private final MongoCollection<Document> outbox;
  private final ContactStore store;
  private final ContactEvents events;
  private final ContactHistory history;
  private final Duration grace;

  ChangeOutbox(MongoDatabase database, ContactStore store, ContactEvents events, ContactHistory history,
               @Value("${platform.contacts.outbox.grace:60s}") Duration grace) {
    this.outbox = database.getCollection("contact_outbox");
    this.store = store;
    this.events = events;
    this.history = history;
    this.grace = grace;
  }

  /** Runs {@code work} (writes then publishes changes of {@code contactIds}) under an outbox record. */
  <T> Mono<T> guard(Collection<String> contactIds, Mono<T> work) {
    String id = TimeOrderedIds.next();
    Document record = new Document("_id", id).append("contactIds", List.copyOf(contactIds))
        .append("createdAt", new Date());
    Mono<Void> done = Mono.defer(() -> Mono.from(outbox.deleteOne(Filters.eq("_id", id))).then());
    return Mono.from(outbox.insertOne(record))
        .then(work)
        .flatMap(result -> done.thenReturn(result))
        .switchIfEmpty(done.then(Mono.empty()))
        .onErrorResume(e -> contactIds.size() == 1 && refusedBeforeWriting(e), e -> done.then(Mono.error(e)));
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
      sweepOnce().block(Duration.ofMinutes(5));
    } catch (RuntimeException e) {
      log.warn("outbox sweep failed, next sweep retries: {}", e.toString());
    }
  }

  /**
   * Re-publishes the contacts of every outbox record older than the grace period, after copying
   * their pending history entries; the count of records.
   */
  Mono<Long> sweepOnce() {
    Date cutoff = Date.from(Instant.now().minus(grace));
    return Flux.from(outbox.find(Filters.lt("createdAt", cutoff)))
        .concatMap(record -> {
          List<String> ids = record.getList("contactIds", String.class);
          return history.flush(ids).then(store.findAll(ids))
              .doOnNext(found -> log.info("outbox: re-publishing {} of {} contact(s) of an unfinished write",
                  found.size(), ids.size()))
              .flatMapMany(found -> Flux.fromIterable(found.values()))
              .concatMap(stored -> events.changed(stored.contact()))
              .then(Mono.from(outbox.deleteOne(Filters.eq("_id", record.getString("_id")))))
              .thenReturn(1L);
        })
        .count();
  }
}
