package io.contactsplatform.importservice.crm;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.MongoValues;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The CRM's change time of the last update applied per record, in {@code crm_versions} keyed
 * {@code workspace|crm|externalId}: an update is applied only when it is newer than the stored
 * one, or is the same event again (a redelivery, which re-publishes the same events). Writes are
 * optimistic (compare the stored time and event id, retry on a lost race), so concurrent
 * deliveries cannot both win.
 */
@Component
class CrmVersions {

  private static final int MAX_ATTEMPTS = 5;

  private final MongoCollection<Document> versions;

  CrmVersions(MongoDatabase database) {
    this.versions = database.getCollection("crm_versions");
  }

  /** True when the update at {@code changedAt} should be applied (and it is now the latest). */
  Mono<Boolean> claim(String workspaceId, String crm, String externalId, Instant changedAt, String eventId) {
    return claim(workspaceId + "|" + crm + "|" + externalId, Date.from(changedAt), eventId, 0);
  }

  private Mono<Boolean> claim(String id, Date changedAt, String eventId, int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      return Mono.error(new IllegalStateException("CRM record " + id + " keeps changing; retry"));
    }
    Document next = new Document("_id", id).append("updatedAt", changedAt).append("eventId", eventId);
    return Mono.from(versions.find(Filters.eq("_id", id)).first())
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(stored -> {
          if (stored.isEmpty()) {
            return Mono.from(versions.insertOne(next)).thenReturn(true)
                .onErrorResume(MongoValues::isDuplicateKey, e -> claim(id, changedAt, eventId, attempt + 1));
          }
          Date storedAt = stored.get().getDate("updatedAt");
          String storedEvent = stored.get().getString("eventId");
          if (storedAt.after(changedAt) || (storedAt.equals(changedAt) && !eventId.equals(storedEvent))) {
            return Mono.just(false);
          }
          if (storedAt.equals(changedAt)) {
            return Mono.just(true);
          }
          return Mono.from(versions.replaceOne(Filters.and(Filters.eq("_id", id), Filters.eq("updatedAt", storedAt),
                  Filters.eq("eventId", storedEvent)), next))
              .flatMap(r -> r.getModifiedCount() > 0 ? Mono.just(true) : claim(id, changedAt, eventId, attempt + 1));
        });
  }
}
