package io.contactsplatform.contactservice.contact;

import io.contactsplatform.support.phone.ParsedPhone;
import io.contactsplatform.support.phone.PhoneNumbers;
import io.contactsplatform.support.web.ApiException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Operator commands on contacts through the API (hand-made contacts). */
@Service
class ContactCommands {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private final ContactStore store;
  private final ContactEvents events;

  ContactCommands(ContactStore store, ContactEvents events) {
    this.store = store;
    this.events = events;
  }

  /** Creates a contact; 409 naming the existing id when its number is already a contact. */
  Mono<Contact> create(String workspaceId, NewContact request) {
    if (request.phone() == null || request.phone().isBlank()) {
      return Mono.error(ApiException.unprocessable("phone: required"));
    }
    String region = request.country() != null && request.country().length() == 2 ? request.country() : "US";
    ParsedPhone phone = PhoneNumbers.parse(request.phone(), region)
        .orElseThrow(() -> ApiException.unprocessable("phone: not a valid phone number"));
    if (request.email() != null && !EMAIL.matcher(request.email()).matches()) {
      return Mono.error(ApiException.unprocessable("email: not a valid email address"));
    }
    String timezone = request.timezone();
    String timezoneSource;
    List<String> candidates;
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        return Mono.error(ApiException.unprocessable("timezone: not an IANA time zone id"));
      }
      timezoneSource = "PROVIDED";
      candidates = List.of(timezone);
    } else if (!phone.timezones().isEmpty()) {
      timezone = phone.timezones().size() == 1 ? phone.timezones().get(0) : null;
      timezoneSource = "INFERRED_FROM_PHONE";
      candidates = phone.timezones();
    } else {
      timezoneSource = "UNKNOWN";
      candidates = List.of();
    }
    Instant now = Instant.now();
    Contact contact = new Contact(UUID.randomUUID().toString(), workspaceId, phone.e164(), phone.extension(),
        request.externalId(), request.firstName(), request.lastName(), request.email(), request.company(),
        request.country(), timezone, timezoneSource, candidates, request.tags(),
        Boolean.TRUE.equals(request.doNotCall()), request.customFields() == null ? Map.of() : request.customFields(),
        "MANUAL", Contact.ACTIVE, now, now, 1);
    return store.claimKey(ContactStore.phoneKey(workspaceId, phone.e164()), contact.id())
        .flatMap(claimed -> claimed
            ? store.save(contact, null, null).then(events.changed(contact)).thenReturn(contact)
            : store.idForKey(ContactStore.phoneKey(workspaceId, phone.e164()))
                .flatMap(existing -> Mono.error(ApiException.conflict(
                    "phone: a contact with this number exists already", Map.of("existingId", existing)))));
  }
}
