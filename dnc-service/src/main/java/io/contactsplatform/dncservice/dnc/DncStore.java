package io.contactsplatform.dncservice.dnc;

import static io.contactsplatform.support.mongo.MongoValues.date;
import static io.contactsplatform.support.mongo.MongoValues.instant;
import static io.contactsplatform.support.mongo.MongoValues.isDuplicateKey;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.support.mongo.MongoValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * and never updated or deleted. Hot lookups are by {@code _id} (equality or {@code $in}, which
 * mongo-java-server serves from its {@code _id} index); listing a workspace's entries and the
 * registry-replace scan filter on fields and scan on mongo-java-server (which builds no secondary
 * indexes; {@link DncIndexes} declares them for MongoDB).
 */
@Component
public class DncStore {

  /**
   * Keys per {@code $in} lookup. Small on purpose: mongo-java-server serves {@code $in} on
   * {@code _id} from its index but then matches every found document against the whole key list,
   * so a lookup costs O(keys²); 100 keys per query measured 8x faster than 2,000 for 10k lookups.
   */
  public static final int LOOKUP_CHUNK = 100;
  private static final int LOOKUP_CONCURRENCY = 8;

  private final MongoCollection<Document> numbers;
  private final MongoCollection<Document> audit;

  DncStore(MongoDatabase database) {
    this.numbers = database.getCollection("dnc_numbers");
    this.audit = database.getCollection("dnc_audit");
  }

  /** One write of a batch: the new state and the version it replaces (0: not stored yet). */
  public record Write(DncNumber next, long expectedVersion) {
  }

  /** The number's stored state in this workspace, if it was ever put on the list. */
  public Mono<DncNumber> find(String workspaceId, String phoneE164) {
    return Mono.from(numbers.find(Filters.eq("_id", DncNumber.key(workspaceId, phoneE164))).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(DncStore::fromDocument);
  }

  /** The stored numbers among {@code phones} in this workspace, by E.164 (absent: never listed). */
  public Mono<Map<String, DncNumber>> findAll(String workspaceId, List<String> phones) {
    List<List<String>> chunks = chunks(phones.stream().distinct().map(p -> DncNumber.key(workspaceId, p)).toList());
    return Flux.fromIterable(chunks)
        .flatMapSequential(keys -> Flux.from(numbers.find(Filters.in("_id", keys)).batchSize(keys.size())),
            LOOKUP_CONCURRENCY)
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(DncStore::fromDocument)
        .collectMap(DncNumber::phoneE164, n -> n, HashMap::new);
  }

  /** The stored version of each of these numbers (absent: not stored). */
  Mono<Map<String, Long>> versions(String workspaceId, List<String> phones) {
    return Flux.fromIterable(chunks(phones.stream().map(p -> DncNumber.key(workspaceId, p)).toList()))
        .flatMap(keys -> Flux.from(numbers.find(Filters.in("_id", keys))
            .projection(Projections.include("phoneE164", "version")).batchSize(keys.size())), LOOKUP_CONCURRENCY)
        .collectMap(d -> d.getString("phoneE164"), d -> number(d, "version"), HashMap::new);
  }

  /**
   * Writes {@code next} if the stored version is still {@code expectedVersion} (0: not stored yet).
   * False when another writer got there first; the caller reloads and decides again.
   */
  Mono<Boolean> save(DncNumber next, long expectedVersion) {
    Document document = toDocument(next);
    if (expectedVersion == 0) {
      return Mono.from(numbers.insertOne(document)).thenReturn(true)
          .onErrorResume(MongoValues::isDuplicateKey, e -> Mono.just(false));
    }
    return Mono.from(numbers.replaceOne(
            Filters.and(Filters.eq("_id", next.key()), Filters.eq("version", expectedVersion)), document))
        .map(result -> result.getMatchedCount() == 1);
  }

  /**
   * Writes a batch of numbers (distinct keys, one workspace) in one ordered bulk write, each
   * optimistic like {@link #save}, and answers the phones that were NOT written because another
   * writer got there first. Every document carries {@code writeToken}; when the bulk reports fewer
   * writes than asked (a conflict, or a duplicate insert that stops the ordered bulk), the
   * documents are read back and only those bearing the token count as written.
   */
  Mono<Set<String>> saveAll(String workspaceId, List<Write> writes, String writeToken) {
    if (writes.isEmpty()) {
      return Mono.just(Set.of());
    }
    List<WriteModel<Document>> models = new ArrayList<>();
    for (Write w : writes) {
      Document doc = toDocument(w.next()).append("writeToken", writeToken);
      models.add(w.expectedVersion() == 0 ? new InsertOneModel<>(doc)
          : new ReplaceOneModel<>(Filters.and(Filters.eq("_id", w.next().key()),
              Filters.eq("version", w.expectedVersion())), doc));
    }
    return Mono.from(numbers.bulkWrite(models, new BulkWriteOptions().ordered(true)))
        .map(result -> complete(result, writes))
        .onErrorResume(MongoBulkWriteException.class, e -> Mono.just(false))
        .flatMap(complete -> complete ? Mono.just(Set.<String>of())
            : notWritten(workspaceId, writes, writeToken));
  }

  private static boolean complete(BulkWriteResult result, List<Write> writes) {
    long inserts = writes.stream().filter(w -> w.expectedVersion() == 0).count();
    return result.getInsertedCount() == inserts && result.getMatchedCount() == writes.size() - inserts;
  }

  private Mono<Set<String>> notWritten(String workspaceId, List<Write> writes, String writeToken) {
    List<String> keys = writes.stream().map(w -> w.next().key()).toList();
    return Flux.fromIterable(chunks(keys))
        .flatMap(chunk -> Flux.from(numbers.find(Filters.in("_id", chunk))
            .projection(Projections.include("phoneE164", "writeToken")).batchSize(chunk.size())), LOOKUP_CONCURRENCY)
        .filter(d -> writeToken.equals(d.getString("writeToken")))
        .map(d -> d.getString("phoneE164"))
        .collect(HashSet<String>::new, Set::add)
        .map(written -> {
          Set<String> failed = new HashSet<>();
          writes.forEach(w -> {
            if (!written.contains(w.next().phoneE164())) {
              failed.add(w.next().phoneE164());
            }
          });
          return failed;
        });
  }

  /**
   * Inserts the records that are not stored yet; existing records are left untouched. Tries a
   * plain ordered insert first (the common case: fresh records) and falls back to upserts that
   * only set on insert when some record exists already (a repair after a crash or a redelivery).
   */
  Mono<Void> appendAudit(List<DncAuditRecord> records) {
    if (records.isEmpty()) {
      return Mono.empty();
    }
    List<Document> documents = records.stream().map(DncStore::auditDocument).toList();
    return Mono.from(audit.insertMany(documents, new com.mongodb.client.model.InsertManyOptions().ordered(true)))
        .then()
        .onErrorResume(e -> e instanceof MongoBulkWriteException || isDuplicateKey(e), e -> upsertAudit(records));
  }

  private static Document auditDocument(DncAuditRecord r) {
    return new Document("_id", r.id())
        .append("workspaceId", r.workspaceId())
        .append("phoneE164", r.phoneE164())
        .append("version", r.version())
        .append("action", r.action().name())
        .append("entryId", r.entryId())
        .append("scope", r.scope().name())
        .append("campaignId", r.campaignId())
        .append("source", r.source().name())
        .append("actor", r.actor())
        .append("reason", r.reason())
        .append("override", r.override())
        .append("at", Date.from(r.at()));
  }

  private Mono<Void> upsertAudit(List<DncAuditRecord> records) {
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
          Updates.setOnInsert("override", r.override()),
          Updates.setOnInsert("at", Date.from(r.at()))), new UpdateOptions().upsert(true)));
    }
    return Mono.from(audit.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  /**
   * One page of a number's audit trail, newest first, starting before {@code beforeId}: the ids
   * are derived from the number's state and read from {@code dnc_audit} by {@code _id}.
   */
  Flux<DncAuditRecord> audit(String workspaceId, String phoneE164, String beforeId, int limit) {
    return find(workspaceId, phoneE164).flatMapMany(number -> {
      List<String> ids = DncAuditRecord.allOf(number).stream().map(DncAuditRecord::id)
          .filter(id -> beforeId == null || id.compareTo(beforeId) < 0)
          .sorted((a, b) -> b.compareTo(a))
          .limit(limit)
          .toList();
      if (ids.isEmpty()) {
        return Flux.empty();
      }
      return Flux.from(audit.find(Filters.in("_id", ids)))
          .filter(d -> workspaceId.equals(d.getString("workspaceId")))
          .map(DncStore::auditOf)
          .sort((a, b) -> b.id().compareTo(a.id()));
    });
  }

  /**
   * The workspace's numbers in key order from {@code fromKey} (inclusive; null: the start) that
   * have an entry matching {@code entryFilter} (null: any), streamed in batches.
   */
  Flux<DncNumber> numbers(String workspaceId, String fromKey, Bson entryFilter) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq("workspaceId", workspaceId));
    if (fromKey != null) {
      filters.add(Filters.gte("_id", fromKey));
    }
    if (entryFilter != null) {
      filters.add(Filters.elemMatch("entries", entryFilter));
    }
    return Flux.from(numbers.find(Filters.and(filters)).sort(Sorts.ascending("_id")).batchSize(500))
        .map(DncStore::fromDocument);
  }

  /**
   * The workspace's numbers having an entry of this target (scope, campaign, source) that is not
   * removed and was created before {@code createdBefore}: candidates for a registry REPLACE.
   * Streamed; the caller decides which are active. The time bound keeps the import's own entries out
   * of the answer: mongo-java-server collects a query's whole answer before the first batch, and a
   * first registry load would otherwise be read back whole (ten million documents) to remove none.
   */
  public Flux<DncNumber> withEntriesOf(String workspaceId, Scope scope, String campaignId, Source source,
                                       Instant createdBefore) {
    Bson entry = Filters.and(Filters.eq("scope", scope.name()), Filters.eq("campaignId", campaignId),
        Filters.eq("source", source.name()), Filters.eq("removedAt", null),
        Filters.lt("createdAt", Date.from(createdBefore)));
    return Flux.from(numbers.find(Filters.and(Filters.eq("workspaceId", workspaceId),
            Filters.elemMatch("entries", entry))).batchSize(1000))
        .map(DncStore::fromDocument);
  }

  static <T> List<List<T>> chunks(List<T> all) {
    return chunks(all, LOOKUP_CHUNK);
  }

  /** {@code all} cut into consecutive lists of at most {@code size}. */
  public static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      chunks.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return chunks;
  }

  /** The stored form of a number (public so benchmarks can seed a store directly). */
  public static Document toDocument(DncNumber n) {
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
          .append("removalOverride", e.removalOverride())
          .append("expiredAt", date(e.expiredAt()))
          .append("addedInVersion", e.addedInVersion())
          .append("removedInVersion", e.removedInVersion())
          .append("expiredInVersion", e.expiredInVersion()));
    }
    return new Document("_id", n.key())
        .append("workspaceId", n.workspaceId())
        .append("phoneE164", n.phoneE164())
        .append("version", n.version())
        .append("entries", entries)
        .append("appliedEventIds", n.appliedEventIds());
  }

  static DncNumber fromDocument(Document d) {
    List<DncEntry> entries = new ArrayList<>();
    for (Document e : d.getList("entries", Document.class, List.of())) {
      entries.add(new DncEntry(e.getString("entryId"), Scope.valueOf(e.getString("scope")), e.getString("campaignId"),
          Source.valueOf(e.getString("source")), e.getString("reason"), e.getString("actor"),
          instant(e.getDate("createdAt")), instant(e.getDate("expiresAt")), instant(e.getDate("removedAt")),
          e.getString("removedBy"), e.getString("removalReason"), Boolean.TRUE.equals(e.getBoolean("removalOverride")),
          instant(e.getDate("expiredAt")), number(e, "addedInVersion"), number(e, "removedInVersion"),
          number(e, "expiredInVersion")));
    }
    return new DncNumber(d.getString("workspaceId"), d.getString("phoneE164"), number(d, "version"), entries,
        d.getList("appliedEventIds", String.class, List.of()));
  }

  private static DncAuditRecord auditOf(Document d) {
    return new DncAuditRecord(d.getString("_id"), d.getString("workspaceId"), d.getString("phoneE164"),
        number(d, "version"), DncAuditRecord.Action.valueOf(d.getString("action")), d.getString("entryId"),
        Scope.valueOf(d.getString("scope")), d.getString("campaignId"), Source.valueOf(d.getString("source")),
        d.getString("actor"), d.getString("reason"), Boolean.TRUE.equals(d.getBoolean("override")),
        instant(d.getDate("at")));
  }

  private static long number(Document d, String field) {
    Number value = d.get(field, Number.class);
    return value == null ? 0 : value.longValue();
  }
}
