package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies one contact-upserts event: dedupes by E.164 (then externalId), follows the event's
 * duplicate policy, writes the contact, publishes its full state on contact-changes, and always
 * answers on contact-upsert-results. Idempotent: a redelivered upsert (same eventId as the
 * last one applied to the contact) writes nothing, re-publishes the current state (so a publish
 * that failed after the write is not lost) and answers with the original outcome.
 */
@Service
public class ContactUpserts {

  private static final Logger log = LoggerFactory.getLogger(ContactUpserts.class);

  private final ContactStore store;
  private final ContactEvents events;

  ContactUpserts(ContactStore store, ContactEvents events) {
    this.store = store;
    this.events = events;
  }

  public Mono<Void> apply(ContactUpsert upsert) {
    ContactData data = upsert.getContact();
    Optional<String> e164 = PhoneNumbers.toE164(data.getPhoneE164(), null);
    if (e164.isEmpty() || !e164.get().equals(data.getPhoneE164())) {
      log.info("rejecting upsert {}: phone {} is not valid E.164", upsert.getEventId(), PhoneNumbers.mask(data.getPhoneE164()));
      return events.result(upsert, null, UpsertOutcome.REJECTED, "INVALID_PHONE",
          "phoneE164 is not a valid E.164 number");
    }
    return applyValid(upsert, true);
  }

  private Mono<Void> applyValid(ContactUpsert upsert, boolean mayRetryClaim) {
    String workspace = upsert.getWorkspaceId();
    ContactData data = upsert.getContact();
    Mono<String> byExternalId = data.getExternalId() == null ? Mono.empty()
        : store.idForKey(ContactStore.externalKey(workspace, data.getExternalId()));
    return store.idForKey(ContactStore.phoneKey(workspace, data.getPhoneE164()))
        .switchIfEmpty(byExternalId)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(id -> id.isPresent() ? applyToExisting(upsert, id.get()) : createNew(upsert, mayRetryClaim));
  }

  /** A key points at {@code id}: update that contact, or write it if only its key was claimed. */
  private Mono<Void> applyToExisting(ContactUpsert upsert, String id) {
    return store.find(upsert.getWorkspaceId(), id)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(stored -> stored.isPresent() ? update(upsert, stored.get()) : create(upsert, id));
  }

  /** No key yet: claim the phone for a new id; losing the race means someone else just created it. */
  private Mono<Void> createNew(ContactUpsert upsert, boolean mayRetryClaim) {
    String id = UUID.randomUUID().toString();
    return store.claimKey(ContactStore.phoneKey(upsert.getWorkspaceId(), upsert.getContact().getPhoneE164()), id)
        .flatMap(claimed -> {
          if (claimed) {
            return create(upsert, id);
          }
          if (mayRetryClaim) {
            return applyValid(upsert, false);
          }
          return Mono.error(new IllegalStateException("phone key contended twice for upsert " + upsert.getEventId()));
        });
  }

  private Mono<Void> create(ContactUpsert upsert, String id) {
    Contact contact = ContactMerge.create(id, upsert.getWorkspaceId(), upsert.getContact(), upsert.getSource(),
        Instant.now());
    return store.save(contact, upsert.getEventId().toString(), UpsertOutcome.CREATED.name())
        .then(claimExternalId(contact))
        .then(events.changed(contact))
        .then(events.result(upsert, id, UpsertOutcome.CREATED, null, null));
  }

  private Mono<Void> update(ContactUpsert upsert, ContactStore.StoredContact stored) {
    Contact existing = stored.contact();
    if (upsert.getEventId().toString().equals(stored.lastUpsertEventId())) {
      UpsertOutcome original = UpsertOutcome.valueOf(stored.lastUpsertOutcome());
      return events.changed(existing).then(events.result(upsert, existing.id(), original, null, null));
    }
    if (upsert.getDuplicatePolicy() == DuplicatePolicy.SKIP_EXISTING) {
      return events.result(upsert, existing.id(), UpsertOutcome.UNCHANGED, "SKIPPED_EXISTING",
          "contact exists and duplicatePolicy is SKIP_EXISTING");
    }
    Contact merged = ContactMerge.merge(existing, upsert.getContact(), upsert.getDuplicatePolicy());
    if (merged.sameDataAs(existing)) {
      return events.result(upsert, existing.id(), UpsertOutcome.UNCHANGED, null, null);
    }
    Contact next = merged.nextVersion(Instant.now());
    return store.save(next, upsert.getEventId().toString(), UpsertOutcome.UPDATED.name())
        .then(claimExternalId(next))
        .then(events.changed(next))
        .then(events.result(upsert, next.id(), UpsertOutcome.UPDATED, null, null));
  }

  private Mono<Void> claimExternalId(Contact contact) {
    return contact.externalId() == null ? Mono.empty()
        : store.claimKey(ContactStore.externalKey(contact.workspaceId(), contact.externalId()), contact.id()).then();
  }
}
