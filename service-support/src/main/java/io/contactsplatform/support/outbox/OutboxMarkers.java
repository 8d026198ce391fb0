package io.contactsplatform.support.outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.mongo.MongoValues;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox every service uses so no change is lost when it stops between a state write and
 * the event publish (there are no transactions): a writer opens a marker naming the entities it
 * is about to change BEFORE writing them, and closes it once their events are published. A
 * marker left behind (crash, broker or store failure) is found by the service's sweep
 * ({@link #sweep}), which re-publishes the entities' current state and closes it. Each writer
 * owns its marker ({@code _id} = a token), so concurrent writers never clear each other's; the
 * collection only holds in-flight or failed writes, so a sweep's scan stays small. Re-publishing
 * a state that did reach the topic is harmless: consumers keep the highest version.
 *
 * <p>A marker document: {@code _id} (token), {@code workspaceId} (may be null), the entity ids
 * under a field the service names (kept as it was stored before this class existed), and
 * {@code createdAt}.
 */
public class OutboxMarkers {

  private final MongoCollection<Document> markers;
  private final String idsField;

  /** Markers in {@code markers}, holding the entity ids in field {@code idsField}. */
  public OutboxMarkers(MongoCollection<Document> markers, String idsField) {
    this.markers = markers;
    this.idsField = idsField;
  }

  /** A marker left behind: which entities (of which workspace) may not have been published. */
  public record Marker(String token, String workspaceId, List<String> ids, Instant createdAt) {
  }

  /** Opens marker {@code token} (again: no-op, so a retried writer keeps one marker). */
  public Mono<Void> open(String token, String workspaceId, Collection<String> ids, Instant now) {
    return Mono.from(markers.insertOne(new Document("_id", token)
            .append("workspaceId", workspaceId)
            .append(idsField, List.copyOf(ids))
            .append("createdAt", Date.from(now))))
        .then()
        .onErrorResume(MongoValues::isDuplicateKey, e -> Mono.empty());
  }

  public Mono<Void> close(String token) {
    return Mono.from(markers.deleteOne(Filters.eq("_id", token))).then();
  }

  /**
   * Runs {@code work} (writes then publishes the changes of {@code ids}) under a fresh marker,
   * closed when the work ends, also empty, or fails with an error {@code nothingWritten} says
   * left nothing to re-publish; any other failure leaves the marker to the sweep.
   */
  public <T> Mono<T> guard(String workspaceId, Collection<String> ids, Mono<T> work,
                           Predicate<Throwable> nothingWritten) {
    String token = TimeOrderedIds.next();
    Mono<Void> done = Mono.defer(() -> close(token));
    return open(token, workspaceId, ids, Instant.now())
        .then(work)
        .flatMap(result -> done.thenReturn(result))
        .switchIfEmpty(done.then(Mono.empty()))
        .onErrorResume(nothingWritten, e -> done.then(Mono.error(e)));
  }

  /** Markers created before {@code before}, oldest first (at most {@code limit}). */
  public Flux<Marker> olderThan(Instant before, int limit) {
    return Flux.from(markers.find(Filters.lt("createdAt", Date.from(before))).sort(Sorts.ascending("createdAt"))
            .limit(limit))
        .map(d -> new Marker(d.getString("_id"), d.getString("workspaceId"),
            d.getList(idsField, String.class, List.of()), d.getDate("createdAt").toInstant()));
  }

  /**
   * One sweep round: {@code complete} (re-publish the current state) for each marker created
   * before {@code before}, oldest first, at most {@code limit}, each closed once completed; the
   * count of markers completed. A failure stops the round and leaves the rest for the next one.
   */
  public Mono<Long> sweep(Instant before, int limit, Function<Marker, Mono<?>> complete) {
    return olderThan(before, limit)
        .concatMap(marker -> complete.apply(marker).then(close(marker.token())).thenReturn(1))
        .count();
  }

  public Mono<Long> count() {
    return Mono.from(markers.countDocuments());
  }
}
