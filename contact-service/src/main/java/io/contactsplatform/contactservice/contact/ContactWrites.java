package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.customfield.CustomFieldDefinition;
import io.contactsplatform.contactservice.customfield.CustomFieldStore;
import io.contactsplatform.contactservice.customfield.CustomFieldValues;
import io.contactsplatform.contactservice.dncview.DncState;
import io.contactsplatform.contactservice.dncview.DncViewStore;
import io.contactsplatform.contactservice.history.ChangeOrigin;
import io.contactsplatform.contactservice.history.ContactHistory;
import io.contactsplatform.contactservice.history.HistoryDocuments;
import io.contactsplatform.contactservice.history.HistoryEntry;
import io.contactsplatform.support.ids.TimeOrderedIds;
import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.web.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Every contact write that is not an upsert: hand-made contacts, patches, archive and erase
 * (API), and per-contact changes of bulk actions and custom field migrations. Each write is
 * conditional on the version read and retried on a lost race; number and external id changes
 * claim the new key first (409 naming the holder when another contact has it) and release the
 * old one after the write. Every change publishes the new state on contact-changes; API writes
 * run under the {@link ChangeOutbox}, bulk callers guard whole chunks with {@link #guarded}. Every
 * change carries its history entry in the same document write, and the entry is copied to the
 * history ({@link ContactHistory#copyWritten}, plus entries an unfinished earlier write left on
 * the contact) before the change is published; the caller says where the change comes from
 * ({@link ChangeOrigin}). An unfinished write's entries are also copied by the outbox sweep.
 */
@Service
public class ContactWrites {

  private static final int ATTEMPTS = 5;

  private final ContactStore store;
  private final ContactEvents events;
  private final CustomFieldStore customFields;
  private final DncViewStore dnc;
  private final ChangeOutbox outbox;
  private final ContactHistory history;

  ContactWrites(ContactStore store, ContactEvents events, CustomFieldStore customFields, DncViewStore dnc,
                ChangeOutbox outbox, ContactHistory history) {
    this.store = store;
    this.events = events;
    this.customFields = customFields;
    this.dnc = dnc;
    this.outbox = outbox;
    this.history = history;
  }

  /** What a per-contact write did. */
  public enum Result { CHANGED, UNCHANGED, NOT_FOUND }

  /** Creates a contact; 409 naming the existing id when its number (or external id) is taken. */
  Mono<StoredContact> create(String workspaceId, NewContact request, ChangeOrigin origin) {
    return customFields.definitions(workspaceId).flatMap(defs -> {
      Contact contact = newContact(workspaceId, request, defs);
      Document entry = HistoryDocuments.toDocument(HistoryEntry.of(null, contact, origin));
      return outbox.guard(List.of(contact.id()), claimNewKeys(contact)
          .then(store.insert(new StoredContact(contact, DncState.NONE, List.of()), entry))
          .then(refreshDnc(contact))
          .then(history.copyWritten(List.of(entry)))
          .then(events.changed(contact))
          .then(store.find(workspaceId, contact.id())));
    });
  }

  private static Contact newContact(String workspaceId, NewContact request, Map<String, CustomFieldDefinition> defs) {
    String country = ContactRules.country(request.country());
    ParsedPhone phone = ContactRules.phone(request.phone(), country);
    String email = ContactRules.email(request.email());
    ContactRules.Timezone timezone = ContactRules.timezone(ContactRules.zone(request.timezone()), phone);
    Map<String, Object> values;
    try {
      values = CustomFieldValues.forNewContact(request.customFields(), defs);
    } catch (CustomFieldValues.Violation e) {
      throw ApiException.unprocessable(e.getMessage());
    }
    String extension = request.phoneExtension() != null ? ContactRules.text("phoneExtension", request.phoneExtension())
        : phone.extension();
    Instant now = Contact.now();
    return new Contact(TimeOrderedIds.next(), workspaceId, phone.e164(), extension,
        ContactRules.text("externalId", request.externalId()), ContactRules.text("firstName", request.firstName()),
        ContactRules.text("lastName", request.lastName()), email, ContactRules.text("company", request.company()),
        country, timezone.zone(), timezone.source(), timezone.candidates(), ContactRules.tags("tags", request.tags()),
        Boolean.TRUE.equals(request.doNotCall()), values, "MANUAL", Contact.ACTIVE, now, now, 1);
  }

  private Mono<Void> claimNewKeys(Contact contact) {
    String phoneKey = ContactStore.phoneKey(contact.workspaceId(), contact.phoneE164());
    Mono<Void> phone = claim(phoneKey, contact, "phone", "a contact with this number exists already");
    if (contact.externalId() == null) {
      return phone;
    }
    String externalKey = ContactStore.externalKey(contact.workspaceId(), contact.externalId());
    return phone.then(claim(externalKey, contact, "externalId", "a contact with this externalId exists already")
        .onErrorResume(e -> store.releaseKey(phoneKey, contact.id()).then(Mono.error(e))));
  }

  /** Claims {@code key} for {@code contact}, taking over a stale key; 409 when a live contact holds it. */
  private Mono<Void> claim(String key, Contact contact, String field, String message) {
    return store.claimKey(key, contact.id()).flatMap(claimed -> claimed ? Mono.<Void>empty()
        : store.idForKey(key).flatMap(holderId -> holderId.equals(contact.id()) ? Mono.<Void>empty()
            : store.find(contact.workspaceId(), holderId)
                .filter(holder -> holds(holder.contact(), field, contact))
                .flatMap(holder -> Mono.<Void>error(ApiException.conflict(field + ": " + message,
                    Map.of("existingId", holderId))))
                .switchIfEmpty(Mono.defer(() -> store.swapKey(key, holderId, contact.id())
                    .flatMap(moved -> moved ? Mono.<Void>empty()
                        : Mono.error(ApiException.conflict(field + ": claimed concurrently, retry", Map.of())))))));
  }

  private static boolean holds(Contact holder, String field, Contact claimant) {
    if (holder.erased()) {
      return false;
    }
    return "phone".equals(field) ? Objects.equals(holder.phoneE164(), claimant.phoneE164())
        : Objects.equals(holder.externalId(), claimant.externalId());
  }

  /** Applies a patch; 404 for unknown ids, 409 for erased contacts or taken numbers. */
  Mono<StoredContact> patch(String workspaceId, String id, Map<String, Object> body, ChangeOrigin origin) {
    return customFields.definitions(workspaceId)
        .map(defs -> ContactPatch.of(body, defs, ContactPatch.ALL_FIELDS))
        .flatMap(patch -> outbox.guard(List.of(id), update(workspaceId, id, current -> {
          if (current.erased()) {
            throw ApiException.conflict("contact " + id + " is erased", Map.of());
          }
          return patch.applyTo(current);
        }, origin, 1)))
        .flatMap(result -> result == Result.NOT_FOUND
            ? Mono.error(ApiException.notFound("contact " + id + " not found"))
            : store.find(workspaceId, id));
  }

  /** Archives (idempotent); false when there is no such contact. */
  Mono<Boolean> archive(String workspaceId, String id, ChangeOrigin origin) {
    return outbox.guard(List.of(id), archiveUnguarded(workspaceId, id, origin))
        .map(result -> result != Result.NOT_FOUND);
  }

  /** Erases (idempotent); false when there is no such contact. */
  Mono<Boolean> erase(String workspaceId, String id, ChangeOrigin origin) {
    return outbox.guard(List.of(id), eraseUnguarded(workspaceId, id, origin)).map(result -> result != Result.NOT_FOUND);
  }

  /** Runs per-contact writes of many contacts under one outbox record. */
  public <T> Mono<T> guarded(Collection<String> contactIds, Mono<T> work) {
    return outbox.guard(contactIds, work);
  }

  /**
   * Changes one contact with {@code change} (given the current contact, returns the wanted one;
   * may throw an ApiException), writes and publishes it; erased contacts are left alone.
   */
  public Mono<Result> modifyUnguarded(String workspaceId, String id, ChangeOrigin origin, UnaryOperator<Contact> change) {
    return update(workspaceId, id, current -> current.erased() ? current : change.apply(current), origin, 1);
  }

  /** Archives one contact (bulk path). */
  public Mono<Result> archiveUnguarded(String workspaceId, String id, ChangeOrigin origin) {
    return modifyUnguarded(workspaceId, id, origin, c -> c.withStatus(Contact.ARCHIVED));
  }

  /**
   * Replaces the contact by its tombstone, releases its keys and publishes the delete; its
   * history goes too, but for the entry of the erasure (see {@link ContactHistory}).
   */
  public Mono<Result> eraseUnguarded(String workspaceId, String id, ChangeOrigin origin) {
    return store.find(workspaceId, id)
        .flatMap(stored -> {
          Contact current = stored.contact();
          if (current.erased()) {
            return Mono.just(Result.UNCHANGED);
          }
          Contact tombstone = current.tombstone(Contact.now());
          Document entry = HistoryDocuments.toDocument(HistoryEntry.of(current, tombstone, origin));
          return store.erase(new StoredContact(tombstone, DncState.NONE, List.of()), current.version(), entry)
              .flatMap(written -> written
                  ? releaseKeys(current, tombstone).then(store.setDnc(id, null, DncState.NONE))
                      .then(history.copyWritten(List.of(entry)))
                      .then(events.changed(tombstone)).thenReturn(Result.CHANGED)
                  : eraseUnguarded(workspaceId, id, origin));
        })
        .defaultIfEmpty(Result.NOT_FOUND);
  }

  private Mono<Result> update(String workspaceId, String id, UnaryOperator<Contact> change, ChangeOrigin origin,
                              int attempt) {
    return store.find(workspaceId, id)
        .flatMap(stored -> {
          Contact current = stored.contact();
          Contact wanted = change.apply(current);
          if (wanted.sameDataAs(current)) {
            return Mono.just(Result.UNCHANGED);
          }
          Contact next = wanted.nextVersion(Contact.now());
          Document entry = HistoryDocuments.toDocument(HistoryEntry.of(current, next, origin));
          return claimChangedKeys(current, next)
              .then(store.update(stored.with(next), current.version(), entry))
              .flatMap(written -> {
                if (!written) {
                  if (attempt >= ATTEMPTS) {
                    return Mono.error(new IllegalStateException("contact " + id + " kept changing; gave up"));
                  }
                  return update(workspaceId, id, change, origin, attempt + 1);
                }
                Mono<Void> dncRefresh = Objects.equals(current.phoneE164(), next.phoneE164()) ? Mono.empty()
                    : refreshDnc(next);
                Mono<Void> earlierEntries = stored.historyPending() ? history.flush(List.of(id)) : Mono.empty();
                return releaseKeys(current, next).then(dncRefresh).then(history.copyWritten(List.of(entry)))
                    .then(earlierEntries)
                    .then(events.changed(next))
                    .thenReturn(Result.CHANGED);
              });
        })
        .defaultIfEmpty(Result.NOT_FOUND);
  }

  private Mono<Void> claimChangedKeys(Contact current, Contact next) {
    List<Mono<Void>> claims = new ArrayList<>();
    if (next.phoneE164() != null && !next.phoneE164().equals(current.phoneE164())) {
      claims.add(claim(ContactStore.phoneKey(next.workspaceId(), next.phoneE164()), next, "phone",
          "a contact with this number exists already"));
    }
    if (next.externalId() != null && !next.externalId().equals(current.externalId())) {
      claims.add(claim(ContactStore.externalKey(next.workspaceId(), next.externalId()), next, "externalId",
          "a contact with this externalId exists already"));
    }
    return Mono.when(claims);
  }

  private Mono<Void> releaseKeys(Contact before, Contact after) {
    List<Mono<Void>> releases = new ArrayList<>();
    if (before.phoneE164() != null && !before.phoneE164().equals(after.phoneE164())) {
      releases.add(store.releaseKey(ContactStore.phoneKey(before.workspaceId(), before.phoneE164()), before.id()));
    }
    if (before.externalId() != null && !before.externalId().equals(after.externalId())) {
      releases.add(store.releaseKey(ContactStore.externalKey(before.workspaceId(), before.externalId()), before.id()));
    }
    return Mono.when(releases);
  }

  /** Copies the number's current DNC state onto the contact after a write that set its number. */
  private Mono<Void> refreshDnc(Contact contact) {
    return dnc.state(contact.workspaceId(), contact.phoneE164(), Instant.now())
        .flatMap(state -> store.setDnc(contact.id(), contact.phoneE164(), state));
  }
}
