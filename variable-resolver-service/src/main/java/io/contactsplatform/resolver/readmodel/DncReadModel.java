package io.contactsplatform.resolver.readmodel;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
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
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Projection of dnc-changes: collection {@code dnc} keyed {@code workspace|E.164} with every entry
 * of the number (active or not). Idempotent by construction: a change replaces the full state only
 * when its version is newer than the stored one (changes of one number share a partition, so read
 * then write is safe); changes are applied a batch at a time (one {@code $in} read, one ordered
 * bulk write) so a million of them load in seconds, not minutes. Every query is a pure {@code _id} match: mongo-java-server uses its
 * {@code _id} index only when the filter names nothing else, and scans the collection otherwise.
 * Whether this projection can be trusted at all is {@link DncReadiness}'s business.
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
    return apply(List.of(change));
  }

  /**
   * Applies changes in order, each unless an equal or newer version is stored: one {@code $in}
   * read of the stored versions and one ordered bulk write. At the first change that breaks the
   * contract it applies those before it and fails with {@link InvalidChange} naming its index.
   */
  public Mono<Void> apply(List<DncChange> changes) {
    Map<String, Document> latest = new LinkedHashMap<>();
    InvalidChange invalid = null;
    for (int i = 0; i < changes.size() && invalid == null; i++) {
      try {
        Document doc = toDocument(changes.get(i));
        latest.merge(doc.getString("_id"), doc, (a, b) -> version(b) > version(a) ? b : a);
      } catch (InvalidEventException e) {
        invalid = new InvalidChange(i, e.getMessage());
      }
    }
    InvalidChange failure = invalid;
    Mono<Void> write = latest.isEmpty() ? Mono.empty()
        : Flux.from(numbers.find(Filters.in("_id", latest.keySet())).projection(Projections.include("version")))
            .collectMap(d -> d.getString("_id"), DncReadModel::version)
            .flatMap(stored -> {
              List<ReplaceOneModel<Document>> writes = new ArrayList<>();
              latest.forEach((id, doc) -> {
                if (version(doc) > stored.getOrDefault(id, -1L)) {
                  writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)));
                }
              });
              return writes.isEmpty() ? Mono.empty()
                  : Mono.from(numbers.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
            });
    return failure == null ? write : write.then(Mono.error(failure));
  }

  /** A change at {@code index} of a batch that breaks the contract; the changes before it were applied. */
  public static final class InvalidChange extends InvalidEventException {
    private final int index;

    InvalidChange(int index, String message) {
      super(message);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }

  private static long version(Document doc) {
    return doc.get("version", Number.class).longValue();
  }

  private static Document toDocument(DncChange change) {
    String e164 = change.getPhoneE164();
    if (e164 == null || !e164.equals(PhoneNumbers.toE164(e164, null).orElse(null))) {
      throw new InvalidEventException("DncChange phoneE164 is not valid E.164");
    }
    List<Document> entries = new ArrayList<>();
    for (DncEntryState e : change.getEntries()) {
      if (e.getScope() == DncScope.CAMPAIGN && (e.getCampaignId() == null || e.getCampaignId().isBlank())) {
        throw new InvalidEventException("DncChange entry " + e.getEntryId() + " has CAMPAIGN scope but no campaignId");
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
    return new Document("_id", key(change.getWorkspaceId(), e164))
        .append("workspaceId", change.getWorkspaceId())
        .append("phoneE164", e164)
        .append("version", change.getVersion())
        .append("entries", entries);
  }

  /** Every stored entry of the number in this workspace (active or not); empty when none. */
  public Mono<List<DncEntry>> entries(String workspaceId, String e164) {
    return Mono.from(numbers.find(Filters.eq("_id", key(workspaceId, e164))).first())
        .map(DncReadModel::entriesOf)
        .defaultIfEmpty(List.of());
  }

  /** The stored entries of each of these numbers that has any (one {@code $in} read on {@code _id}). */
  public Mono<Map<String, List<DncEntry>>> entries(String workspaceId, Collection<String> e164s) {
    return Flux.from(numbers.find(Filters.in("_id", e164s.stream().map(p -> key(workspaceId, p)).toList())))
        .collect(HashMap::new, (map, doc) -> map.put(doc.getString("phoneE164"), entriesOf(doc)));
  }

  private static List<DncEntry> entriesOf(Document doc) {
    List<DncEntry> entries = new ArrayList<>();
    for (Document e : doc.getList("entries", Document.class, List.of())) {
      entries.add(new DncEntry(e.getString("entryId"), e.getString("scope"), e.getString("campaignId"),
          e.getString("source"), e.getString("reason"), instant(e.getDate("createdAt")),
          instant(e.getDate("expiresAt")), instant(e.getDate("removedAt"))));
    }
    return List.copyOf(entries);
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
