package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.change.ContactChange;
import io.contactsplatform.events.contact.change.ContactState;
import io.contactsplatform.events.contact.change.ContactStatus;
import io.contactsplatform.events.contact.change.TimezoneSource;
import io.contactsplatform.events.contact.result.ContactUpsertResult;
import io.contactsplatform.events.contact.result.UpsertOutcome;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.EventPublisher;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * contact-changes (full state, or a delete for an erased contact) and contact-upsert-results:
 * published one at a time for API and bulk writes, built as records for the upsert path.
 */
@Component
public class ContactEvents {

  static final String SOURCE = "contact-service";

  private final EventPublisher publisher;

  ContactEvents(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** The full state at this version; an erased contact is published as {@code deleted: true} without state. */
  Mono<Void> changed(Contact c) {
    return publisher.publish(Topics.CONTACT_CHANGES, Topics.key(c.workspaceId(), c.id()), change(c));
  }

  /** {@link #changed} as a record, for {@link UpsertEventSender}. */
  static ProducerRecord<String, Object> changeRecord(Contact c) {
    return new ProducerRecord<>(Topics.CONTACT_CHANGES.name(), Topics.key(c.workspaceId(), c.id()), change(c));
  }

  private static ContactChange change(Contact c) {
    ContactChange.Builder change = ContactChange.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(c.workspaceId())
        .setOccurredAt(Instant.now())
        .setSource(SOURCE)
        .setContactId(c.id())
        .setVersion(c.version());
    if (c.erased()) {
      change.setDeleted(true).setContact(null);
    } else {
      change.setDeleted(false).setContact(state(c));
    }
    return change.build();
  }

  private static ContactState state(Contact c) {
    return ContactState.newBuilder()
        .setPhoneE164(c.phoneE164())
        .setPhoneExtension(c.phoneExtension())
        .setExternalId(c.externalId())
        .setFirstName(c.firstName())
        .setLastName(c.lastName())
        .setEmail(c.email())
        .setCompany(c.company())
        .setCountry(c.country())
        .setTimezone(c.timezone())
        .setTimezoneSource(TimezoneSource.valueOf(c.timezoneSource() == null ? "UNKNOWN" : c.timezoneSource()))
        .setTimezoneCandidates(c.timezoneCandidates())
        .setTags(c.tags())
        .setDoNotCall(c.doNotCall())
        .setCustomFields(c.customFields())
        .setContactSource(c.source())
        .setStatus(ContactStatus.valueOf(c.status()))
        .setCreatedAt(c.createdAt())
        .setUpdatedAt(c.updatedAt())
        .build();
  }

  /** The answer to an upsert on contact-upsert-results, keyed by its import (else its event id). */
  static ProducerRecord<String, Object> resultRecord(ContactUpsert upsert, String contactId, UpsertOutcome outcome,
                                                     String reasonCode, String reason) {
    ContactUpsertResult result = ContactUpsertResult.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId(upsert.getWorkspaceId())
        .setOccurredAt(Instant.now())
        .setSource(SOURCE)
        .setUpsertEventId(upsert.getEventId())
        .setImportId(upsert.getImportId())
        .setRowNumber(upsert.getRowNumber())
        .setContactId(contactId)
        .setOutcome(outcome)
        .setReasonCode(reasonCode)
        .setReason(reason)
        .build();
    String entity = upsert.getImportId() != null ? upsert.getImportId() : upsert.getEventId().toString();
    return new ProducerRecord<>(Topics.CONTACT_UPSERT_RESULTS.name(), Topics.key(upsert.getWorkspaceId(), entity), result);
  }
}
