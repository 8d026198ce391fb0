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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Turns one crm-contact-updates event into a contact-upserts event (source {@code crm:<crm>},
 * externalId set, duplicatePolicy OVERWRITE), normalised by the same {@link ContactNormalizer}
 * rules as a CSV row (region: the update's ISO country, else its defaultRegion, else US). An
 * opted-out contact also gets {@code doNotCall} and a dnc-commands ADD (workspace scope, source
 * CONTACT_OPT_OUT). A missing externalId or an unusable phone is an {@link InvalidEventException}
 * (never retried; the record is dead-lettered with the reason). Derived event ids come from the
 * CRM event id, so a redelivered update repeats the same events.
 *
 * <p>Known limits (issue 3): no ordering by the CRM's updatedAt (an older update redelivered
 * late overwrites a newer one); custom fields are dropped until custom field definitions exist.
 */
@Service
public class CrmUpdates {

  static final String SOURCE = "import-service";

  private static final Logger log = LoggerFactory.getLogger(CrmUpdates.class);

  private final EventPublisher publisher;

  CrmUpdates(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** Publishes the upsert (and the opt-out); fails with {@link InvalidEventException} for an unusable update. */
  public Mono<Void> apply(CrmContactUpdate update) {
    String crm = "crm:" + update.getSource();
    if (update.getExternalId() == null || update.getExternalId().isBlank()) {
      return Mono.error(new InvalidEventException("CrmContactUpdate " + update.getEventId() + " has no externalId"));
    }
    ContactFields fields = new ContactFields(update.getPhone(), update.getExternalId(), update.getFirstName(),
        update.getLastName(), update.getEmail(), update.getCompany(), update.getCountry(), update.getTimezone(),
        update.getTags());
    ContactNormalizer.Result result = ContactNormalizer.normalize(fields, update.getDefaultRegion());
    if (result instanceof ContactNormalizer.Invalid invalid) {
      return Mono.error(new InvalidEventException("CrmContactUpdate " + update.getEventId() + " ("
          + invalid.code() + "): " + invalid.message()));
    }
    ContactData data = ((ContactNormalizer.Valid) result).data();
    if (update.getOptedOut()) {
      data.setDoNotCall(true);
    }
    if (!update.getCustomFields().isEmpty()) {
      log.info("CRM update {}: dropping custom fields {} (not supported yet)", update.getEventId(),
          update.getCustomFields().keySet());
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
