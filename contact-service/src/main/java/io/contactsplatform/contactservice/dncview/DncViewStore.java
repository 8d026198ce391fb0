package io.contactsplatform.contactservice.dncview;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Projection of dnc-changes keyed {@code workspace|E.164}. Idempotent by construction: a change
 * is applied only when its version is newer than the stored one (replace of the full state).
 */
@Component
public class DncViewStore {

  private final MongoCollection<Document> views;

  DncViewStore(MongoDatabase database) {
    this.views = database.getCollection("dnc_view");
  }

  static String key(String workspaceId, String e164) {
    return workspaceId + "|" + e164;
  }

  /** Applies a change unless an equal or newer version is stored. */
  public Mono<Void> apply(DncChange change) {
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

  /** The number's active entries at {@code now}; {@link DncView#NONE} when it has none. */
  public Mono<DncView> view(String workspaceId, String e164, Instant now) {
    return Mono.from(views.find(Filters.eq("_id", key(workspaceId, e164))).first())
        .map(doc -> {
          List<DncView.Entry> active = new ArrayList<>();
          for (Document e : doc.getList("entries", Document.class)) {
            Date expires = e.getDate("expiresAt");
            if (e.getDate("removedAt") == null && (expires == null || expires.toInstant().isAfter(now))) {
              active.add(new DncView.Entry(e.getString("entryId"), e.getString("scope"), e.getString("campaignId"),
                  e.getString("source"), e.getString("reason"), e.getDate("createdAt").toInstant(),
                  expires == null ? null : expires.toInstant()));
            }
          }
          boolean blocked = active.stream().anyMatch(e -> "WORKSPACE".equals(e.scope()));
          return new DncView(blocked, active);
        })
        .defaultIfEmpty(DncView.NONE);
  }
}
