package io.contactsplatform.contactservice.contact;

import static io.contactsplatform.support.mongo.MongoValues.isDuplicateKey;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.contactservice.dncview.DncState;
import io.contactsplatform.contactservice.history.HistoryDocuments;
import io.contactsplatform.support.mongo.MongoValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Contacts in MongoDB. {@code contacts} is keyed by contact id; {@code contact_keys} maps
 * {@code workspace|phone|<E.164>} and {@code workspace|ext|<externalId>} to the contact id on
 * {@code _id}, so dedupe lookups never depend on secondary indexes (mongo-java-server builds none;
 * {@code $in} on {@code _id} does use the primary index) and a key can be claimed by exactly one
 * contact. No transactions: every update is conditional on the version it read (optimistic
 * concurrency), and a key left pointing at a contact that was never written, was erased, or no
 * longer has that number is treated as stale and repaired by the next writer for that key.
 *
 * <p>Updates {@code $set} every contact field but never {@code dnc}, which only the DNC
 * projection and contact creation write, so neither side overwrites the other.
 */
@Component
public class ContactStore {

  private final MongoCollection<Document> contacts;
  private final MongoCollection<Document> keys;

  ContactStore(MongoDatabase database) {
    this.contacts = database.getCollection("contacts");
    this.keys = database.getCollection("contact_keys");
  }

  public static String phoneKey(String workspaceId, String e164) {
    return workspaceId + "|phone|" + e164;
  }

  static String externalKey(String workspaceId, String externalId) {
    return workspaceId + "|ext|" + externalId;
  }

  /** The contact id holding this key, if any. */
  public Mono<String> idForKey(String key) {
    return Mono.from(keys.find(Filters.eq("_id", key)).first()).map(d -> d.getString("contactId"));
  }

  /** Key → contact id for those of {@code wanted} that are claimed. */
  public Mono<Map<String, String>> idsForKeys(Collection<String> wanted) {
    if (wanted.isEmpty()) {
      return Mono.just(Map.of());
    }
    return Flux.from(keys.find(Filters.in("_id", wanted)))
        .collect(HashMap::new, (map, d) -> map.put(d.getString("_id"), d.getString("contactId")));
  }

  /** Claims {@code key} for {@code contactId}; false when another contact holds it already. */
  Mono<Boolean> claimKey(String key, String contactId) {
    return Mono.from(keys.insertOne(keyDocument(key, contactId)))
        .thenReturn(true)
        .onErrorResume(MongoValues::isDuplicateKey, e -> Mono.just(false));
  }

  /** Moves a stale key from {@code fromId} to {@code toId}; false when it no longer points at {@code fromId}. */
  Mono<Boolean> swapKey(String key, String fromId, String toId) {
    return Mono.from(keys.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("contactId", fromId)),
        Updates.set("contactId", toId))).map(r -> r.getMatchedCount() == 1);
  }

  /** Removes {@code key} if it still points at {@code contactId}. */
  Mono<Void> releaseKey(String key, String contactId) {
    return Mono.from(keys.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq("contactId", contactId)))).then();
  }

  /** The contact with this id inside this workspace (empty for other workspaces' ids). */
  public Mono<StoredContact> find(String workspaceId, String id) {
    return Mono.from(contacts.find(Filters.eq("_id", id)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(ContactDocuments::fromDocument);
  }

  /** Contacts by id, any workspace (callers check). One {@code $in} on {@code _id}. */
  public Mono<Map<String, StoredContact>> findAll(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Mono.just(Map.of());
    }
    return Flux.from(contacts.find(Filters.in("_id", ids)))
        .map(ContactDocuments::fromDocument)
        .collect(LinkedHashMap::new, (map, c) -> map.put(c.contact().id(), c));
  }

  /** Inserts a new contact with the history entry of its creation pending; false when the id exists already. */
  Mono<Boolean> insert(StoredContact contact, Document created) {
    return Mono.from(contacts.insertOne(ContactDocuments.toDocument(contact, List.of(created)))).thenReturn(true)
        .onErrorResume(MongoValues::isDuplicateKey, e -> Mono.just(false));
  }

  /**
   * Writes {@code next} with the history entry of the change pending, if the stored version is
   * still {@code expectedVersion}; false otherwise.
   */
  Mono<Boolean> update(StoredContact next, long expectedVersion, Document change) {
    return Mono.from(contacts.updateOne(versionFilter(next.contact().id(), expectedVersion),
        ContactDocuments.updateOf(next, List.of(change)))).map(r -> r.getMatchedCount() == 1);
  }

  /**
   * Writes the tombstone if the stored version is still {@code expectedVersion}, replacing the
   * pending history entries (they hold personal data) by the erasure's; false otherwise.
   */
  Mono<Boolean> erase(StoredContact tombstone, long expectedVersion, Document erasure) {
    return Mono.from(contacts.updateOne(versionFilter(tombstone.contact().id(), expectedVersion),
        Updates.combine(ContactDocuments.updateOf(tombstone),
            Updates.set(HistoryDocuments.PENDING, List.of(erasure)))))
        .map(r -> r.getMatchedCount() == 1);
  }

  static InsertOneModel<Document> insertModel(StoredContact contact, List<Document> pendingHistory) {
    return new InsertOneModel<>(ContactDocuments.toDocument(contact, pendingHistory));
  }

  static UpdateOneModel<Document> updateModel(StoredContact next, long expectedVersion, List<Document> pendingHistory) {
    return new UpdateOneModel<>(versionFilter(next.contact().id(), expectedVersion),
        ContactDocuments.updateOf(next, pendingHistory));
  }

  static Document keyDocument(String key, String contactId) {
    return new Document("_id", key).append("contactId", contactId);
  }

  /**
   * Claims keys in one ordered insert; fails with {@link WriteConflict} when one is taken
   * (keys before it stay claimed, and are found by the retry).
   */
  Mono<Void> claimKeys(List<Document> keyDocuments) {
    if (keyDocuments.isEmpty()) {
      return Mono.empty();
    }
    return Mono.from(keys.insertMany(keyDocuments)).then()
        .onErrorMap(MongoValues::isDuplicateKey, e -> new WriteConflict("a phone number was claimed concurrently", e));
  }

  /** Claims keys nobody holds yet and leaves taken ones alone (best effort, for external ids). */
  Mono<Void> claimKeysIfFree(List<Document> keyDocuments) {
    if (keyDocuments.isEmpty()) {
      return Mono.empty();
    }
    List<UpdateOneModel<Document>> models = new ArrayList<>();
    for (Document key : keyDocuments) {
      models.add(new UpdateOneModel<>(Filters.eq("_id", key.getString("_id")),
          Updates.setOnInsert("contactId", key.getString("contactId")), new UpdateOptions().upsert(true)));
    }
    return Mono.from(keys.bulkWrite(models, new BulkWriteOptions().ordered(true))).then();
  }

  /**
   * New contacts in one ordered insert, then the conditional updates in one ordered bulk write
   * (each contact appears once, so the order between the two does not matter; mongo-java-server
   * inserts about twice as fast through insertMany as through bulkWrite). Fails with
   * {@link WriteConflict} when a contact changed since it was read or an id was taken.
   */
  Mono<Void> writeAll(List<WriteModel<Document>> models) {
    List<Document> inserts = new ArrayList<>();
    List<WriteModel<Document>> updates = new ArrayList<>();
    for (WriteModel<Document> model : models) {
      if (model instanceof InsertOneModel<Document> insert) {
        inserts.add(insert.getDocument());
      } else {
        updates.add(model);
      }
    }
    Mono<Void> inserted = inserts.isEmpty() ? Mono.empty() : Mono.from(contacts.insertMany(inserts)).then()
        .onErrorMap(MongoValues::isDuplicateKey, e -> new WriteConflict("a contact id was taken concurrently", e));
    Mono<Void> updated = updates.isEmpty() ? Mono.empty()
        : Mono.from(contacts.bulkWrite(updates, new BulkWriteOptions().ordered(true)))
            .flatMap(result -> written(result) == updates.size() ? Mono.<Void>empty()
                : Mono.error(new WriteConflict("a contact changed concurrently (" + written(result) + " of "
                    + updates.size() + " written)", null)));
    return inserted.then(updated);
  }

  private static int written(BulkWriteResult result) {
    return result.getInsertedCount() + result.getMatchedCount() + result.getUpserts().size();
  }

  /** Copies the DNC state onto the contact, if it still has that number. */
  public Mono<Void> setDnc(String contactId, String phoneE164, DncState state) {
    Bson update = state.equals(DncState.NONE) ? Updates.unset("dnc") : Updates.set("dnc", state.toDocument());
    return Mono.from(contacts.updateOne(Filters.and(Filters.eq("_id", contactId), Filters.eq("phoneE164", phoneE164)),
        update)).then();
  }

  /** Contacts matching {@code filter} in {@code sort} order, at most {@code limit} (0: all). */
  public Flux<StoredContact> query(Bson filter, Bson sort, int limit) {
    FindPublisher<Document> find = contacts.find(filter);
    if (sort != null) {
      find = find.sort(sort);
    }
    if (limit > 0) {
      find = find.limit(limit);
    }
    return Flux.from(find.batchSize(1000)).map(ContactDocuments::fromDocument);
  }

  /** Raw contact documents matching {@code filter} in {@code sort} order, at most {@code limit} (0: all). */
  public Flux<Document> documents(Bson filter, Bson sort, int limit) {
    FindPublisher<Document> find = contacts.find(filter);
    if (sort != null) {
      find = find.sort(sort);
    }
    if (limit > 0) {
      find = find.limit(limit);
    }
    return Flux.from(find.batchSize(1000));
  }

  /** A raw contact document read as a contact. */
  public static StoredContact decode(Document document) {
    return ContactDocuments.fromDocument(document);
  }

  /** Ids of the contacts matching {@code filter}, in store order, streamed. */
  public Flux<String> ids(Bson filter) {
    return Flux.from(contacts.find(filter).projection(Projections.include("_id")).batchSize(5000))
        .map(d -> d.getString("_id"));
  }

  public Mono<Long> count(Bson filter) {
    return Mono.from(contacts.countDocuments(filter));
  }

  /** Aggregation over contacts (usage counts and the like). */
  public Flux<Document> aggregate(List<Bson> pipeline) {
    return Flux.from(contacts.aggregate(pipeline));
  }

  static Bson versionFilter(String id, long version) {
    return Filters.and(Filters.eq("_id", id), Filters.eq("version", version));
  }

  /** A write lost a race with another writer; the caller re-reads and retries. */
  static final class WriteConflict extends RuntimeException {
    WriteConflict(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
