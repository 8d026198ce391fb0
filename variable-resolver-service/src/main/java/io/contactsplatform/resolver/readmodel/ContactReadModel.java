package io.contactsplatform.resolver.readmodel;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Projection of contact-changes, readable by contact id and by number with one {@code _id} read
 * each. {@code contacts} is keyed by contact id and holds the full state of resolvable contacts; a
 * deleted, ARCHIVED or ERASED contact keeps only a tombstone (id, workspace, version, status; no
 * personal data) so an older version can never resurrect it. {@code contact_phones} is keyed
 * {@code workspace|E.164} and holds a copy of the same full state (plus {@code contactId}).
 *
 * <p>Idempotent by construction: a change is applied only when its version is newer than the
 * stored one, and the contact document (which carries the version) is written last, after the
 * phone copy moves, so a crash in between is repaired by the redelivery. A number is claimed only
 * by the contact already holding it or by a contact updated at least as recently as the holder,
 * so changes of two contacts arriving out of order (different partitions) cannot hand a number
 * back to its former owner (checked by reading the holder first: two such changes applied at the
 * very same moment can still race). Every query is a pure {@code _id} match or {@code _id $in}:
 * mongo-java-server scans the whole collection for any other filter, even one that also names
 * {@code _id}. Custom fields are kept as key/value pairs so keys never become field names.
 */
@Component
public class ContactReadModel {

  private final MongoCollection<Document> contacts;
  private final MongoCollection<Document> phones;

  ContactReadModel(MongoDatabase database) {
    this.contacts = database.getCollection("contacts");
    this.phones = database.getCollection("contact_phones");
  }

  static String phoneKey(String workspaceId, String e164) {
    return workspaceId + "|" + e164;
  }

  /** Applies a change unless an equal or newer version of the contact is stored. */
  public Mono<Void> apply(ContactChange change) {
    String id = change.getContactId();
    if (id == null || id.isBlank()) {
      return Mono.error(new InvalidEventException("ContactChange has no contactId"));
    }
    ContactState state = change.getContact();
    if (!change.getDeleted() && state == null) {
      return Mono.error(new InvalidEventException("ContactChange " + id + " is not deleted but carries no contact"));
    }
    if (state != null && !state.getPhoneE164().equals(PhoneNumbers.toE164(state.getPhoneE164(), null).orElse(null))) {
      return Mono.error(new InvalidEventException("ContactChange " + id + " phoneE164 is not valid E.164"));
    }
    String workspace = change.getWorkspaceId();
    return Mono.from(contacts.find(Filters.eq("_id", id)).first())
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(existing -> {
          if (existing.isPresent() && !workspace.equals(existing.get().getString("workspaceId"))) {
            return Mono.error(new InvalidEventException("ContactChange " + id + " names a contact of another workspace"));
          }
          long storedVersion = existing.map(d -> d.get("version", Number.class).longValue()).orElse(-1L);
          if (storedVersion >= change.getVersion()) {
            return Mono.empty();
          }
          boolean resolvable = !change.getDeleted() && state != null && state.getStatus() == ContactStatus.ACTIVE;
          String newPhone = resolvable ? state.getPhoneE164() : null;
          String oldPhone = existing.filter(d -> Boolean.TRUE.equals(d.getBoolean("resolvable")))
              .map(d -> d.getString("phoneE164")).orElse(null);
          Mono<Void> releaseOld = oldPhone == null || oldPhone.equals(newPhone) ? Mono.empty()
              : release(workspace, oldPhone, id);
          Mono<Void> claimNew = newPhone == null ? Mono.empty() : claim(workspace, newPhone, id, change, state);
          Document document = resolvable ? toDocument(change, state).append("_id", id) : tombstone(change, state);
          return releaseOld.then(claimNew)
              .then(Mono.from(contacts.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true))))
              .then();
        });
  }

  private Mono<Void> claim(String workspace, String e164, String id, ContactChange change, ContactState state) {
    String key = phoneKey(workspace, e164);
    Document copy = toDocument(change, state).append("_id", key).append("contactId", id);
    return Mono.from(phones.find(Filters.eq("_id", key)).first())
        .map(holder -> id.equals(holder.getString("contactId")) || holder.getDate("updatedAt") == null
            || !holder.getDate("updatedAt").toInstant().isAfter(state.getUpdatedAt()))
        .defaultIfEmpty(true)
        .filter(mayClaim -> mayClaim)
        .flatMap(mayClaim -> Mono.from(phones.replaceOne(Filters.eq("_id", key), copy, new ReplaceOptions().upsert(true))))
        .then();
  }

  private Mono<Void> release(String workspace, String e164, String id) {
    String key = phoneKey(workspace, e164);
    return Mono.from(phones.find(Filters.eq("_id", key)).first())
        .filter(holder -> id.equals(holder.getString("contactId")))
        .flatMap(holder -> Mono.from(phones.deleteOne(Filters.eq("_id", key))))
        .then();
  }

  /** The resolvable contact with this id inside this workspace (empty for other workspaces' ids). */
  public Mono<ContactSnapshot> byId(String workspaceId, String contactId) {
    return Mono.from(contacts.find(Filters.eq("_id", contactId)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")) && Boolean.TRUE.equals(d.getBoolean("resolvable")))
        .map(d -> fromDocument(d, d.getString("_id")));
  }

  /** The resolvable contact holding this number inside this workspace: one {@code _id} read. */
  public Mono<ContactSnapshot> byPhone(String workspaceId, String e164) {
    return Mono.from(phones.find(Filters.eq("_id", phoneKey(workspaceId, e164))).first())
        .flatMap(d -> d.containsKey("phoneE164") ? Mono.just(d)
            : legacyPhoneKey(workspaceId, d.getString("contactId")))
        .filter(d -> workspaceId.equals(d.getString("workspaceId")) && e164.equals(d.getString("phoneE164"))
            && Boolean.TRUE.equals(d.getBoolean("resolvable")))
        .map(d -> fromDocument(d, d.containsKey("contactId") ? d.getString("contactId") : d.getString("_id")));
  }

  /** A phone key written before phone keys carried the contact (walking skeleton): follow it to the contact. */
  private Mono<Document> legacyPhoneKey(String workspaceId, String contactId) {
    return contactId == null ? Mono.empty() : Mono.from(contacts.find(Filters.eq("_id", contactId)).first());
  }

  /** The resolvable contacts among these ids in this workspace (one {@code $in} read on {@code _id}). */
  public Flux<ContactSnapshot> byIds(String workspaceId, Collection<String> contactIds) {
    return Flux.from(contacts.find(Filters.in("_id", contactIds)))
        .filter(d -> workspaceId.equals(d.getString("workspaceId")) && Boolean.TRUE.equals(d.getBoolean("resolvable")))
        .map(d -> fromDocument(d, d.getString("_id")));
  }

  /** The resolvable contacts holding these numbers in this workspace (one {@code $in} read on {@code _id}). */
  public Flux<ContactSnapshot> byPhones(String workspaceId, Collection<String> e164s) {
    return Flux.from(phones.find(Filters.in("_id", e164s.stream().map(p -> phoneKey(workspaceId, p)).toList())))
        .filter(d -> workspaceId.equals(d.getString("workspaceId")))
        .map(d -> fromDocument(d, d.getString("contactId")));
  }

  private static Document toDocument(ContactChange change, ContactState s) {
    List<Document> custom = new ArrayList<>();
    s.getCustomFields().forEach((key, value) -> custom.add(new Document("key", key).append("value", value)));
    return new Document()
        .append("workspaceId", change.getWorkspaceId())
        .append("version", change.getVersion())
        .append("resolvable", true)
        .append("status", s.getStatus().name())
        .append("phoneE164", s.getPhoneE164())
        .append("externalId", s.getExternalId())
        .append("firstName", s.getFirstName())
        .append("lastName", s.getLastName())
        .append("email", s.getEmail())
        .append("company", s.getCompany())
        .append("country", s.getCountry())
        .append("timezone", s.getTimezone())
        .append("timezoneSource", s.getTimezoneSource() == null ? null : s.getTimezoneSource().name())
        .append("timezoneCandidates", s.getTimezoneCandidates())
        .append("tags", s.getTags())
        .append("customFields", custom)
        .append("updatedAt", Date.from(s.getUpdatedAt()));
  }

  private static Document tombstone(ContactChange change, ContactState s) {
    return new Document("_id", change.getContactId())
        .append("workspaceId", change.getWorkspaceId())
        .append("version", change.getVersion())
        .append("resolvable", false)
        .append("status", change.getDeleted() || s == null ? "DELETED" : s.getStatus().name());
  }

  private static ContactSnapshot fromDocument(Document d, String contactId) {
    Map<String, Object> custom = new LinkedHashMap<>();
    for (Document pair : d.getList("customFields", Document.class, List.of())) {
      custom.put(pair.getString("key"), pair.get("value"));
    }
    return new ContactSnapshot(contactId, d.getString("workspaceId"), d.getString("phoneE164"),
        d.getString("externalId"), d.getString("firstName"), d.getString("lastName"), d.getString("email"),
        d.getString("company"), d.getString("country"), d.getString("timezone"), d.getString("timezoneSource"),
        d.getList("timezoneCandidates", String.class, List.of()), d.getList("tags", String.class, List.of()),
        custom, d.get("version", Number.class).longValue());
  }
}
