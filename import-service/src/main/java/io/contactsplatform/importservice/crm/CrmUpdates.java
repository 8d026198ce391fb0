package io.contactsplatform.importservice.crm;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.ContactUpsert;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import io.contactsplatform.events.crm.CrmContactUpdate;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.events.dnc.command.DncSource;
import io.contactsplatform.importservice.importjob.ContactFields;
import io.contactsplatform.importservice.importjob.ContactNormalizer;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.schemas.Topics;
import io.contactsplatform.support.kafka.EventPublisher;
import io.contactsplatform.support.phone.PhoneNumbers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Turns one crm-contact-updates event into a contact-upserts event (source {@code crm:<crm>},
 * externalId set, duplicatePolicy OVERWRITE), validated and normalised by the same
 * {@link ContactNormalizer} rules as a CSV row (region: the update's country, else its
 * defaultRegion, else US). Warnings drop the offending value as for a CSV row. Ordering: the
 * CRM's {@code updatedAt} (else {@code occurredAt} for v1 producers) must be newer than the last
 * update applied for the same CRM record ({@link CrmVersions}); an older one is ignored, so
 * out-of-order delivery is safe. An opted-out contact also gets {@code doNotCall} and a
 * dnc-commands ADD (workspace scope, source CONTACT_OPT_OUT). A missing externalId or an unusable
 * phone is an {@link InvalidEventException} (never retried; dead-lettered with the reason).
 * Derived event ids come from the CRM event id, so a redelivered update repeats the same events.
 *
 * <p>Custom fields are passed on as text: import-service has no caller credentials to read the
 * workspace's definitions here, so contact-service validates and converts them (it rejects the
 * upsert with INVALID_FIELD_VALUE on contact-upsert-results when one does not fit).
 */
@Service
public class CrmUpdates {

  static final String SOURCE = "import-service";

  private static final Logger log = LoggerFactory.getLogger(CrmUpdates.class);

  private final EventPublisher publisher;
  private final CrmVersions versions;

  CrmUpdates(EventPublisher publisher, CrmVersions versions) {
    this.publisher = publisher;
    this.versions = versions;
  }

  /** Publishes the upsert (and the opt-out); fails with {@link InvalidEventException} for an unusable update. */
  public Mono<Void> apply(CrmContactUpdate update) {
    if (update.getExternalId() == null || update.getExternalId().isBlank()) {
      return Mono.error(new InvalidEventException("CrmContactUpdate " + update.getEventId() + " has no externalId"));
    }
    Map<String, String> customFields = new LinkedHashMap<>();
    update.getCustomFields().forEach((key, value) -> customFields.put(key.startsWith("cf:") ? key.substring(3) : key,
        value));
    ContactFields fields = new ContactFields(update.getPhone(), update.getExternalId(), update.getFirstName(),
        update.getLastName(), update.getEmail(), update.getCompany(), update.getCountry(), update.getTimezone(),
        update.getTags(), customFields);
    ContactNormalizer.Result result = ContactNormalizer.normalize(fields, update.getDefaultRegion());
    if (result instanceof ContactNormalizer.Invalid invalid) {
      return Mono.error(new InvalidEventException("CrmContactUpdate " + update.getEventId() + " ("
          + invalid.code() + "): " + invalid.message()));
    }
    ContactNormalizer.Valid valid = (ContactNormalizer.Valid) result;
    if (!valid.warnings().isEmpty()) {
      log.info("CRM update {}: dropped {}", update.getEventId(),
          valid.warnings().stream().map(w -> w.field() + " (" + w.code() + ")").toList());
    }
    Instant changedAt = update.getUpdatedAt() != null ? update.getUpdatedAt() : update.getOccurredAt();
    return versions.claim(update.getWorkspaceId(), update.getSource(), update.getExternalId(), changedAt,
            update.getEventId().toString())
        .flatMap(latest -> {
          if (!latest) {
            log.info("CRM update {} ({} record changed at {}) is older than the one applied; ignored",
                update.getEventId(), update.getSource(), changedAt);
            return Mono.empty();
          }
          return publish(update, valid.data());
        });
  }

  private Mono<Void> publish(CrmContactUpdate update, ContactData data) {
    String crm = "crm:" + update.getSource();
    if (update.getOptedOut()) {
      data.setDoNotCall(true);
    }
    String workspace = update.getWorkspaceId();
    Instant now = Instant.now();
    ContactUpsert upsert = ContactUpsert.newBuilder()
        .setEventId(derivedId("contact-upsert", update))
        .setWorkspaceId(workspace)
        .setOccurredAt(now)
        .setSource(crm)
        .setDuplicatePolicy(DuplicatePolicy.OVERWRITE)
        .setContact(data)
        .build();
    String key = Topics.key(workspace, data.getPhoneE164());
    Mono<Void> upserted = publisher.publish(Topics.CONTACT_UPSERTS, key, upsert);
    if (!update.getOptedOut()) {
      return upserted;
    }
    DncCommand optOut = DncCommand.newBuilder()
        .setEventId(derivedId("dnc-command", update))
        .setWorkspaceId(workspace)
        .setOccurredAt(now)
        .setSource(SOURCE)
        .setAction(DncAction.ADD)
        .setPhone(data.getPhoneE164())
        .setScope(DncScope.WORKSPACE)
        .setDncSource(DncSource.CONTACT_OPT_OUT)
        .setReason("opted out in CRM " + update.getSource())
        .setActor(crm)
        .build();
    return upserted
        .then(publisher.publish(Topics.DNC_COMMANDS, key, optOut))
        .doOnSuccess(v -> log.info("CRM {} opt-out of {} sent to dnc-commands", update.getSource(),
            PhoneNumbers.mask(data.getPhoneE164())));
  }

  private static UUID derivedId(String kind, CrmContactUpdate update) {
    return UUID.nameUUIDFromBytes((kind + "|" + update.getEventId()).getBytes(StandardCharsets.UTF_8));
  }
}
