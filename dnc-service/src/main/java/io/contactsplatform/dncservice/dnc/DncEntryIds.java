package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where each entry lives: {@code dnc_entry_ids}, {@code _id} = entryId, with its workspace and
 * number, so {@code DELETE /v1/dnc/{id}} finds the number by {@code _id}. Written before the
 * number itself (entry ids are fresh UUIDs): an id whose number write then failed points to a
 * number without that entry and is answered 404. Never deleted.
 */
@Component
class DncEntryIds {

  private final MongoCollection<Document> ids;

  DncEntryIds(MongoDatabase database) {
    this.ids = database.getCollection("dnc_entry_ids");
  }

  /** A number's location. */
  record Location(String workspaceId, String phoneE164) {
  }

  /** Records the location of each added entry; {@code added} pairs a number with entries it gained. */
  Mono<Void> record(String workspaceId, List<Added> added) {
    List<WriteModel<Document>> writes = new ArrayList<>();
    for (Added a : added) {
      for (String entryId : a.entryIds()) {
        writes.add(new InsertOneModel<>(new Document("_id", entryId).append("workspaceId", workspaceId)
            .append("phoneE164", a.phoneE164())));
      }
    }
    if (writes.isEmpty()) {
      return Mono.empty();
    }
    return Mono.from(ids.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
  }

  /** The entries a number gained in one change. */
  record Added(String phoneE164, List<String> entryIds) {
  }

  /** The entry's number, when the entry exists in this workspace. */
  Mono<Location> find(String workspaceId, String entryId) {
    return Mono.from(ids.find(Filters.eq("_id", entryId)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(d -> new Location(d.getString("workspaceId"), d.getString("phoneE164")));
  }
}
