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
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Projection of contact-changes. {@code contacts} is keyed by contact id and holds the full state
 * of resolvable contacts; a deleted, ARCHIVED or ERASED contact keeps only a tombstone (id,
 * workspace, version, status; no personal data) so an older version can never resurrect it.
 * {@code contact_phones} maps {@code workspace|E.164} to the contact id on {@code _id}.
 *
 * <p>Idempotent by construction: a change is applied only when its version is newer than the
 * stored one, and the contact document (which carries the version) is written last, after the
 * phone key moves, so a crash in between is repaired by the redelivery. Custom fields are kept as
 * a list of key/value pairs so keys never become MongoDB field names.
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
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
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
              : Mono.from(phones.deleteOne(Filters.and(Filters.eq("_id", phoneKey(workspace, oldPhone)),
                  Filters.eq("contactId", id)))).then();
          Mono<Void> claimNew = newPhone == null ? Mono.empty()
              : Mono.from(phones.replaceOne(Filters.eq("_id", phoneKey(workspace, newPhone)),
                  new Document("_id", phoneKey(workspace, newPhone)).append("contactId", id),
                  new ReplaceOptions().upsert(true))).then();
          Document document = resolvable ? toDocument(change, state) : tombstone(change, state);
          return releaseOld.then(claimNew)
              .then(Mono.from(contacts.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true))))
              .then();
        });
  }

  /** The resolvable contact with this id inside this workspace (empty for other workspaces' ids). */
  public Mono<ContactSnapshot> byId(String workspaceId, String contactId) {
    return Mono.from(contacts.find(Filters.eq("_id", contactId)).first())
        .filter(d -> workspaceId.equals(d.getString("workspaceId")) && Boolean.TRUE.equals(d.getBoolean("resolvable")))
        .map(ContactReadModel::fromDocument);
  }

  /** The resolvable contact holding this number inside this workspace. */
  public Mono<ContactSnapshot> byPhone(String workspaceId, String e164) {
    return Mono.from(phones.find(Filters.eq("_id", phoneKey(workspaceId, e164))).first())
        .flatMap(key -> byId(workspaceId, key.getString("contactId")))
        .filter(contact -> e164.equals(contact.phoneE164()));
  }

  private static Document toDocument(ContactChange change, ContactState s) {
    List<Document> custom = new ArrayList<>();
    s.getCustomFields().forEach((key, value) -> custom.add(new Document("key", key).append("value", value)));
    return new Document("_id", change.getContactId())
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

  private static ContactSnapshot fromDocument(Document d) {
    Map<String, Object> custom = new LinkedHashMap<>();
    for (Document pair : d.getList("customFields", Document.class, List.of())) {
      custom.put(pair.getString("key"), pair.get("value"));
    }
    return new ContactSnapshot(d.getString("_id"), d.getString("workspaceId"), d.getString("phoneE164"),
        d.getString("externalId"), d.getString("firstName"), d.getString("lastName"), d.getString("email"),
        d.getString("company"), d.getString("country"), d.getString("timezone"),
        d.getList("timezoneCandidates", String.class, List.of()), d.getList("tags", String.class, List.of()),
        custom, d.get("version", Number.class).longValue());
  }
}
