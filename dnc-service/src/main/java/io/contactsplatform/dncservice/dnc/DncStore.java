package io.contactsplatform.dncservice.dnc;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * DNC state in MongoDB. {@code dnc_numbers} holds one document per number, {@code _id =
 * workspace|E.164}, with the full state (every entry, the version and the recently applied event
 * ids), so a change is one atomic single-document write; writes are optimistic on {@code version}
 * (no transactions). {@code dnc_audit} is append-only: records are inserted by deterministic id
 * and never updated or deleted. Hot lookups are on {@code _id} only; the list and audit queries
 * filter on the workspace and scan on mongo-java-server (which builds no secondary indexes).
 */
@Component
public class DncStore {

  private final MongoCollection<Document> numbers;
  private final MongoCollection<Document> audit;

  DncStore(MongoDatabase database) {
    this.numbers = database.getCollection("dnc_numbers");
    this.audit = database.getCollection("dnc_audit");
  }

  /** The number's stored state in this workspace, if it was ever put on the list. */
  public Mono<DncNumber> find(String workspaceId, String phoneE164) {
    return Mono.from(numbers.find(Filters.eq("_id", DncNumber.key(workspaceId, phoneE164))).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(DncStore::fromDocument);
  }

  /**
   * Writes {@code next} if the stored version is still {@code expectedVersion} (0: not stored yet).
   * False when another writer got there first; the caller reloads and decides again.
   */
  Mono<Boolean> save(DncNumber next, long expectedVersion) {
    Document document = toDocument(next);
    if (expectedVersion == 0) {
      return Mono.from(numbers.insertOne(document)).thenReturn(true)
          .onErrorResume(DncStore::isDuplicateKey, e -> Mono.just(false));
    }
    return Mono.from(numbers.replaceOne(
            Filters.and(Filters.eq("_id", next.key()), Filters.eq("version", expectedVersion)), document))
        .map(result -> result.getMatchedCount() == 1);
  }

  /** Inserts the records that are not stored yet; existing records are left untouched. */
  Mono<Void> appendAudit(List<DncAuditRecord> records) {
    if (records.isEmpty()) {
      return Mono.empty();
    }
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (DncAuditRecord r : records) {
      writes.add(new UpdateOneModel<>(Filters.eq("_id", r.id()), Updates.combine(
          Updates.setOnInsert("workspaceId", r.workspaceId()),
          Updates.setOnInsert("phoneE164", r.phoneE164()),
          Updates.setOnInsert("version", r.version()),
          Updates.setOnInsert("action", r.action().name()),
          Updates.setOnInsert("entryId", r.entryId()),
          Updates.setOnInsert("scope", r.scope().name()),
          Updates.setOnInsert("campaignId", r.campaignId()),
          Updates.setOnInsert("source", r.source().name()),
          Updates.setOnInsert("actor", r.actor()),
          Updates.setOnInsert("reason", r.reason()),
          Updates.setOnInsert("at", Date.from(r.at()))), new UpdateOptions().upsert(true)));
    }
    return Mono.from(audit.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  /** One page of a workspace's numbers ordered by key, starting after {@code afterKey}. */
  Flux<DncNumber> list(String workspaceId, String afterKey, int limit) {
    Bson filter = afterKey == null ? Filters.eq("workspaceId", workspaceId)
        : Filters.and(Filters.eq("workspaceId", workspaceId), Filters.gt("_id", afterKey));
    return Flux.from(numbers.find(filter).sort(Sorts.ascending("_id")).limit(limit)).map(DncStore::fromDocument);
  }

  /** One page of a number's audit trail, newest first, starting before {@code beforeId}. */
  Flux<DncAuditRecord> audit(String workspaceId, String phoneE164, String beforeId, int limit) {
    String prefix = DncAuditRecord.prefix(workspaceId, phoneE164);
    String upper = beforeId != null && beforeId.startsWith(prefix) ? beforeId : prefix + Character.MAX_VALUE;
    Bson filter = Filters.and(Filters.gt("_id", prefix), Filters.lt("_id", upper),
        Filters.eq("workspaceId", workspaceId), Filters.eq("phoneE164", phoneE164));
    return Flux.from(audit.find(filter).sort(Sorts.descending("_id")).limit(limit)).map(DncStore::auditOf);
  }

  static boolean isDuplicateKey(Throwable e) {
    return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  private static Document toDocument(DncNumber n) {
    List<Document> entries = new ArrayList<>();
    for (DncEntry e : n.entries()) {
      entries.add(new Document("entryId", e.entryId())
          .append("scope", e.scope().name())
          .append("campaignId", e.campaignId())
          .append("source", e.source().name())
          .append("reason", e.reason())
          .append("actor", e.actor())
          .append("createdAt", date(e.createdAt()))
          .append("expiresAt", date(e.expiresAt()))
          .append("removedAt", date(e.removedAt()))
          .append("removedBy", e.removedBy())
          .append("removalReason", e.removalReason())
          .append("addedInVersion", e.addedInVersion())
          .append("removedInVersion", e.removedInVersion()));
    }
    return new Document("_id", n.key())
        .append("workspaceId", n.workspaceId())
        .append("phoneE164", n.phoneE164())
        .append("version", n.version())
        .append("entries", entries)
        .append("appliedEventIds", n.appliedEventIds());
  }

  private static DncNumber fromDocument(Document d) {
    List<DncEntry> entries = new ArrayList<>();
    for (Document e : d.getList("entries", Document.class, List.of())) {
      entries.add(new DncEntry(e.getString("entryId"), Scope.valueOf(e.getString("scope")), e.getString("campaignId"),
          Source.valueOf(e.getString("source")), e.getString("reason"), e.getString("actor"),
          instant(e.getDate("createdAt")), instant(e.getDate("expiresAt")), instant(e.getDate("removedAt")),
          e.getString("removedBy"), e.getString("removalReason"), number(e, "addedInVersion"),
          number(e, "removedInVersion")));
    }
    return new DncNumber(d.getString("workspaceId"), d.getString("phoneE164"), number(d, "version"), entries,
        d.getList("appliedEventIds", String.class, List.of()));
  }

  private static DncAuditRecord auditOf(Document d) {
    return new DncAuditRecord(d.getString("_id"), d.getString("workspaceId"), d.getString("phoneE164"),
        number(d, "version"), DncAuditRecord.Action.valueOf(d.getString("action")), d.getString("entryId"),
        Scope.valueOf(d.getString("scope")), d.getString("campaignId"), Source.valueOf(d.getString("source")),
        d.getString("actor"), d.getString("reason"), instant(d.getDate("at")));
  }

  private static long number(Document d, String field) {
    Number value = d.get(field, Number.class);
    return value == null ? 0 : value.longValue();
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
