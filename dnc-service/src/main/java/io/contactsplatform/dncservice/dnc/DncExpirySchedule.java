package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When expiries fall due: {@code dnc_expiry_schedule}, one document per number and expiry time
 * ({@code _id = workspace|E.164|epochMillis}), written (idempotently) before the number gains an
 * entry with that expiry, and deleted by {@link DncExpirySweeper} once the number has been swept
 * at or after that time. Writers never delete or move a document, so concurrent writers cannot
 * lose each other's expiries; a document whose entry was removed meanwhile just finds nothing to
 * expire. Only numbers with future expiries are here, so the sweep's scan stays small.
 */
@Component
class DncExpirySchedule {

  private final MongoCollection<Document> schedule;

  DncExpirySchedule(MongoDatabase database) {
    this.schedule = database.getCollection("dnc_expiry_schedule");
  }

  /** An expiry falling due for one number. */
  record Due(String id, String workspaceId, String phoneE164, Instant at) {
  }

  /** An expiry a number gains in a change. */
  record Expiry(String phoneE164, Instant at) {
  }

  Mono<Void> schedule(String workspaceId, List<Expiry> expiries) {
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (Expiry e : expiries) {
      String id = DncNumber.key(workspaceId, e.phoneE164()) + "|" + e.at().toEpochMilli();
      writes.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
          Updates.setOnInsert("workspaceId", workspaceId),
          Updates.setOnInsert("phoneE164", e.phoneE164()),
          Updates.setOnInsert("at", Date.from(e.at()))), new UpdateOptions().upsert(true)));
    }
    if (writes.isEmpty()) {
      return Mono.empty();
    }
    return Mono.from(schedule.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  /** Expiries due at {@code now}, earliest first (at most {@code limit}). */
  Flux<Due> due(Instant now, int limit) {
    return Flux.from(schedule.find(Filters.lte("at", Date.from(now))).sort(Sorts.ascending("at")).limit(limit))
        .map(d -> new Due(d.getString("_id"), d.getString("workspaceId"), d.getString("phoneE164"),
            d.getDate("at").toInstant()));
  }

  Mono<Void> done(String id) {
    return Mono.from(schedule.deleteOne(Filters.eq("_id", id))).then();
  }
}
