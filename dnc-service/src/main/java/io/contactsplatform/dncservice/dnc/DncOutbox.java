package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.MongoValues;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pending publishes, so no change is lost when the service stops between the state write and the
 * dnc-changes publish (there are no transactions). A writer opens a marker ({@code dnc_outbox},
 * {@code _id} = a fresh token) naming the numbers it is about to change BEFORE writing them, and
 * deletes it once their states are audited and published. A marker left behind (crash, broker or
 * store failure) is found by {@link DncOutboxSweeper}, which re-publishes the numbers' current
 * states. Each writer owns its marker, so concurrent writers never clear each other's. The
 * collection only holds in-flight or failed writes, so the sweep's scan stays small.
 */
@Component
class DncOutbox {

  private final MongoCollection<Document> markers;

  DncOutbox(MongoDatabase database) {
    this.markers = database.getCollection("dnc_outbox");
  }

  /** A marker left behind: which numbers of which workspace may not have been published. */
  record Marker(String token, String workspaceId, List<String> phones, Instant createdAt) {
  }

  Mono<Void> open(String token, String workspaceId, List<String> phones, Instant now) {
    return Mono.from(markers.insertOne(new Document("_id", token)
            .append("workspaceId", workspaceId)
            .append("phones", phones)
            .append("createdAt", Date.from(now))))
        .then()
        .onErrorResume(MongoValues::isDuplicateKey, e -> Mono.empty());
  }

  Mono<Void> close(String token) {
    return Mono.from(markers.deleteOne(Filters.eq("_id", token))).then();
  }

  /** Markers created before {@code before}, oldest first (at most {@code limit}). */
  Flux<Marker> olderThan(Instant before, int limit) {
    return Flux.from(markers.find(Filters.lt("createdAt", Date.from(before))).sort(Sorts.ascending("createdAt"))
            .limit(limit))
        .map(d -> new Marker(d.getString("_id"), d.getString("workspaceId"),
            d.getList("phones", String.class, List.of()), d.getDate("createdAt").toInstant()));
  }

  Mono<Long> count() {
    return Mono.from(markers.countDocuments());
  }
}
