package io.contactsplatform.contactservice.contact;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.util.Date;
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
 * {@code _id}, so dedupe lookups never depend on secondary indexes (mongo-java-server builds none)
 * and a key can be claimed by exactly one contact. No transactions: a key claimed for a contact
 * whose document was never written is repaired by the next write for that key.
 */
@Component
public class ContactStore {

  private final MongoCollection<Document> contacts;
  private final MongoCollection<Document> keys;

  ContactStore(MongoDatabase database) {
    this.contacts = database.getCollection("contacts");
    this.keys = database.getCollection("contact_keys");
  }

  static String phoneKey(String workspaceId, String e164) {
    return workspaceId + "|phone|" + e164;
  }

  static String externalKey(String workspaceId, String externalId) {
    return workspaceId + "|ext|" + externalId;
  }

  /** The contact id holding this key, if any. */
  public Mono<String> idForKey(String key) {
    return Mono.from(keys.find(Filters.eq("_id", key)).first()).map(d -> d.getString("contactId"));
  }

  /** Claims {@code key} for {@code contactId}; false when another contact holds it already. */
  Mono<Boolean> claimKey(String key, String contactId) {
    return Mono.from(keys.insertOne(new Document("_id", key).append("contactId", contactId)))
        .thenReturn(true)
        .onErrorResume(ContactStore::isDuplicateKey, e -> Mono.just(false));
  }

  /** The contact with this id inside this workspace (empty for other workspaces' ids). */
  public Mono<StoredContact> find(String workspaceId, String id) {
    return Mono.from(contacts.find(Filters.eq("_id", id)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(ContactStore::fromDocument);
  }

  /** Writes the whole contact and the upsert that produced it (for redelivery detection). */
  Mono<Void> save(Contact contact, String upsertEventId, String outcome) {
    Document document = toDocument(contact)
        .append("lastUpsertEventId", upsertEventId)
        .append("lastUpsertOutcome", outcome);
    return Mono.from(contacts.replaceOne(Filters.eq("_id", contact.id()), document,
        new ReplaceOptions().upsert(true))).then();
  }

  /** One page of a workspace's contacts ordered by id, starting after {@code afterId}. */
  Flux<StoredContact> list(String workspaceId, String afterId, int limit) {
    Bson filter = afterId == null ? Filters.eq("workspaceId", workspaceId)
        : Filters.and(Filters.eq("workspaceId", workspaceId), Filters.gt("_id", afterId));
    return Flux.from(contacts.find(filter).sort(Sorts.ascending("_id")).limit(limit))
        .map(ContactStore::fromDocument);
  }

  static boolean isDuplicateKey(Throwable e) {
    return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  /** A stored contact and the last upsert applied to it. */
  public record StoredContact(Contact contact, String lastUpsertEventId, String lastUpsertOutcome) {
  }

  private static Document toDocument(Contact c) {
    return new Document("_id", c.id())
        .append("workspaceId", c.workspaceId())
        .append("phoneE164", c.phoneE164())
        .append("phoneExtension", c.phoneExtension())
        .append("externalId", c.externalId())
        .append("firstName", c.firstName())
        .append("lastName", c.lastName())
        .append("email", c.email())
        .append("company", c.company())
        .append("country", c.country())
        .append("timezone", c.timezone())
        .append("timezoneSource", c.timezoneSource())
        .append("timezoneCandidates", c.timezoneCandidates())
        .append("tags", c.tags())
        .append("doNotCall", c.doNotCall())
        .append("customFields", new Document(c.customFields()))
        .append("source", c.source())
        .append("status", c.status())
        .append("createdAt", Date.from(c.createdAt()))
        .append("updatedAt", Date.from(c.updatedAt()))
        .append("version", c.version());
  }

  private static StoredContact fromDocument(Document d) {
    Document custom = d.get("customFields", Document.class);
    Map<String, Object> customFields = custom == null ? Map.of() : new LinkedHashMap<>(custom);
    Contact contact = new Contact(d.getString("_id"), d.getString("workspaceId"), d.getString("phoneE164"),
        d.getString("phoneExtension"), d.getString("externalId"), d.getString("firstName"),
        d.getString("lastName"), d.getString("email"), d.getString("company"), d.getString("country"),
        d.getString("timezone"), d.getString("timezoneSource"), d.getList("timezoneCandidates", String.class),
        d.getList("tags", String.class), Boolean.TRUE.equals(d.getBoolean("doNotCall")), customFields,
        d.getString("source"), d.getString("status"), instant(d.getDate("createdAt")),
        instant(d.getDate("updatedAt")), d.get("version", Number.class).longValue());
    return new StoredContact(contact, d.getString("lastUpsertEventId"), d.getString("lastUpsertOutcome"));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  static List<String> nonNull(List<String> values) {
    return values == null ? List.of() : values;
  }
}
