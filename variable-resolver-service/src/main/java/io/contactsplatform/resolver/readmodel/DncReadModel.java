package io.contactsplatform.resolver.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Projection of dnc-changes: collection {@code dnc} keyed {@code workspace|E.164} with every entry
 * of the number (active or not). Idempotent by construction: a change replaces the full state only
 * when its version is newer than the stored one. Whether this projection can be trusted at all is
 * {@link DncReadiness}'s business.
 */
@Component
public class DncReadModel {

  private final MongoCollection<Document> numbers;

  DncReadModel(MongoDatabase database) {
    this.numbers = database.getCollection("dnc");
  }

  static String key(String workspaceId, String e164) {
    return workspaceId + "|" + e164;
  }

  /** Applies a change unless an equal or newer version is stored. */
  public Mono<Void> apply(DncChange change) {
    String e164 = change.getPhoneE164();
    if (e164 == null || !e164.equals(PhoneNumbers.toE164(e164, null).orElse(null))) {
      return Mono.error(new InvalidEventException("DncChange phoneE164 is not valid E.164"));
    }
    List<Document> entries = new ArrayList<>();
    for (DncEntryState e : change.getEntries()) {
      if (e.getScope() == DncScope.CAMPAIGN && (e.getCampaignId() == null || e.getCampaignId().isBlank())) {
        return Mono.error(new InvalidEventException("DncChange entry " + e.getEntryId() + " has CAMPAIGN scope but no campaignId"));
      }
      entries.add(new Document("entryId", e.getEntryId())
          .append("scope", e.getScope().name())
          .append("campaignId", e.getCampaignId())
          .append("source", e.getDncSource().name())
          .append("reason", e.getReason())
          .append("createdAt", Date.from(e.getCreatedAt()))
          .append("expiresAt", date(e.getExpiresAt()))
          .append("removedAt", date(e.getRemovedAt())));
    }
    String id = key(change.getWorkspaceId(), e164);
    Document doc = new Document("_id", id)
        .append("workspaceId", change.getWorkspaceId())
        .append("phoneE164", e164)
        .append("version", change.getVersion())
        .append("entries", entries);
    return Mono.from(numbers.find(Filters.eq("_id", id)).first())
        .map(existing -> existing.get("version", Number.class).longValue())
        .defaultIfEmpty(-1L)
        .filter(storedVersion -> storedVersion < change.getVersion())
        .flatMap(v -> Mono.from(numbers.replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true))))
        .then();
  }

  /** Every stored entry of the number in this workspace (active or not); empty when none. */
  public Mono<List<DncEntry>> entries(String workspaceId, String e164) {
    return Mono.from(numbers.find(Filters.eq("_id", key(workspaceId, e164))).first())
        .map(doc -> {
          List<DncEntry> entries = new ArrayList<>();
          for (Document e : doc.getList("entries", Document.class, List.of())) {
            entries.add(new DncEntry(e.getString("entryId"), e.getString("scope"), e.getString("campaignId"),
                e.getString("source"), e.getString("reason"), instant(e.getDate("createdAt")),
                instant(e.getDate("expiresAt")), instant(e.getDate("removedAt"))));
          }
          return List.copyOf(entries);
        })
        .defaultIfEmpty(List.of());
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
