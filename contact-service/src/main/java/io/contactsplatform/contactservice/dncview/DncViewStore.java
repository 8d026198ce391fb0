package io.contactsplatform.contactservice.dncview;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Projection of dnc-changes keyed {@code workspace|E.164}: the source of truth for the DNC state
 * copied onto contacts. Idempotent by construction: a change is applied only when its version is
 * newer than the stored one (replace of the full state).
 */
@Component
public class DncViewStore {

  private final MongoCollection<Document> views;

  DncViewStore(MongoDatabase database) {
    this.views = database.getCollection("dnc_view");
  }

  public static String key(String workspaceId, String e164) {
    return workspaceId + "|" + e164;
  }

  /** Applies a change unless an equal or newer version is stored. */
  Mono<Void> apply(DncChange change) {
    String id = key(change.getWorkspaceId(), change.getPhoneE164());
    List<Document> entries = new ArrayList<>();
    for (DncEntryState e : change.getEntries()) {
      entries.add(new Document("entryId", e.getEntryId())
          .append("scope", e.getScope().name())
          .append("campaignId", e.getCampaignId())
          .append("source", e.getDncSource().name())
          .append("reason", e.getReason())
          .append("createdAt", Date.from(e.getCreatedAt()))
          .append("expiresAt", e.getExpiresAt() == null ? null : Date.from(e.getExpiresAt()))
          .append("removedAt", e.getRemovedAt() == null ? null : Date.from(e.getRemovedAt())));
    }
    Document doc = new Document("_id", id).append("version", change.getVersion()).append("entries", entries);
    return Mono.from(views.find(Filters.eq("_id", id)).first())
        .map(existing -> existing.get("version", Number.class).longValue())
        .defaultIfEmpty(-1L)
        .filter(storedVersion -> storedVersion < change.getVersion())
        .flatMap(v -> Mono.from(views.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))))
        .then();
  }

  /** The number's DNC state at {@code now}; {@link DncState#NONE} when it has no entries. */
  public Mono<DncState> state(String workspaceId, String e164, Instant now) {
    return Mono.from(views.find(Filters.eq("_id", key(workspaceId, e164))).first())
        .map(doc -> DncState.of(doc.getList("entries", Document.class), now))
        .defaultIfEmpty(DncState.NONE);
  }

  /** States of many numbers by {@link #key}; numbers without entries are absent. One {@code $in} on {@code _id}. */
  public Mono<Map<String, DncState>> states(Collection<String> keys, Instant now) {
    if (keys.isEmpty()) {
      return Mono.just(Map.of());
    }
    return Flux.from(views.find(Filters.in("_id", keys)))
        .collect(HashMap::new, (map, doc) -> map.put(doc.getString("_id"),
            DncState.of(doc.getList("entries", Document.class), now)));
  }
}
