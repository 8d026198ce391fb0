package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.support.mongo.NewerVersionUpserts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code contact_optout_seen}: per contact ({@code _id = workspace|contactId}) the last
 * contact-changes version applied, with the phone and opt-out it carried, so older or repeated
 * versions are skipped and a changed or deleted contact's old number can be cleared. Only ever
 * moves forward: a write carrying an older version than the stored one is ignored. Batches: one
 * {@code $in} on {@code _id} ({@link #findAll}) and one unordered bulk write ({@link #saveAll}).
 */
@Component
class ContactOptOutStore {

  private final MongoCollection<Document> seen;

  ContactOptOutStore(MongoDatabase database) {
    this.seen = database.getCollection("contact_optout_seen");
  }

  static String key(String workspaceId, String contactId) {
    return workspaceId + "|" + contactId;
  }

  /** What was seen for each of these keys ({@link #key}); absent keys have nothing recorded. */
  Mono<Map<String, ContactOptOuts.Seen>> findAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Mono.just(Map.of());
    }
    return Flux.fromIterable(DncStore.chunks(List.copyOf(keys)))
        .concatMap(chunk -> Flux.from(seen.find(Filters.in("_id", chunk)).batchSize(chunk.size())))
        .collectMap(d -> d.getString("_id"), ContactOptOutStore::seen, HashMap::new);
  }

  /** Records each key's ({@link #key}) next state in one bulk write, each unless a newer version is stored. */
  Mono<Void> saveAll(Map<String, ContactOptOuts.Seen> next) {
    List<ReplaceOneModel<Document>> writes = new ArrayList<>(next.size());
    next.forEach((id, state) -> writes.add(NewerVersionUpserts.replaceIfOlder(id, state.version(), document(id, state))));
    return NewerVersionUpserts.write(seen, writes);
  }

  private static ContactOptOuts.Seen seen(Document d) {
    return new ContactOptOuts.Seen(d.get("version", Number.class).longValue(), d.getString("phoneE164"),
        Boolean.TRUE.equals(d.getBoolean("optedOut")));
  }

  private static Document document(String id, ContactOptOuts.Seen state) {
    return new Document("_id", id)
        .append("version", state.version())
        .append("phoneE164", state.phoneE164())
        .append("optedOut", state.optedOut());
  }
}
