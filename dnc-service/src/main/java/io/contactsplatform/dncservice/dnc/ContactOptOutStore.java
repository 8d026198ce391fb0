package io.contactsplatform.dncservice.dnc;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code contact_optout_seen}: per contact ({@code _id = workspace|contactId}) the last
 * contact-changes version applied, with the phone and opt-out it carried, so older or repeated
 * versions are skipped and a changed or deleted contact's old number can be cleared. Only ever
 * moves forward: a write carrying an older version than the stored one is ignored.
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

  Mono<ContactOptOuts.Seen> find(String workspaceId, String contactId) {
    return Mono.from(seen.find(Filters.eq("_id", key(workspaceId, contactId))).first())
        .map(d -> new ContactOptOuts.Seen(d.get("version", Number.class).longValue(), d.getString("phoneE164"),
            Boolean.TRUE.equals(d.getBoolean("optedOut"))));
  }

  /** Records {@code next} unless a newer version is stored already. */
  Mono<Void> save(String workspaceId, String contactId, ContactOptOuts.Seen next) {
    String id = key(workspaceId, contactId);
    Document document = new Document("_id", id)
        .append("version", next.version())
        .append("phoneE164", next.phoneE164())
        .append("optedOut", next.optedOut());
    return Mono.from(seen.replaceOne(Filters.and(Filters.eq("_id", id), Filters.lt("version", next.version())),
            document, new ReplaceOptions().upsert(true)))
        .then()
        .onErrorResume(DncStore::isDuplicateKey, e -> Mono.empty());
  }
}
