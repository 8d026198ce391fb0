package io.contactsplatform.contactservice.dncview;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.support.mongo.NewerVersionUpserts;
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
 * newer than the stored one (replace of the full state, conditional on the stored version in the
 * same write).
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

  /**
   * Applies each change unless an equal or newer version is stored, in one unordered bulk write
   * ({@link NewerVersionUpserts}). Changes must name distinct numbers.
   */
  Mono<Void> applyAll(Collection<DncChange> changes) {
    List<ReplaceOneModel<Document>> writes = new ArrayList<>(changes.size());
    for (DncChange change : changes) {
      String id = key(change.getWorkspaceId(), change.getPhoneE164());
      writes.add(NewerVersionUpserts.replaceIfOlder(id, change.getVersion(), document(id, change)));
    }
    return NewerVersionUpserts.write(views, writes);
  }

  private static Document document(String id, DncChange change) {
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
    return new Document("_id", id).append("version", change.getVersion()).append("entries", entries);
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
