package io.contactsplatform.contactservice.contact;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.DuplicatePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Pure rules that turn upsert data into a contact: a new contact, or an existing one merged
 * under the duplicate policy. MERGE fills only empty fields (tags and custom fields are added,
 * never removed); OVERWRITE replaces every provided field (tags still added).
 */
final class ContactMerge {

  private ContactMerge() {
  }

  /** A new contact from upsert data; {@code customFields} are the values already checked against the definitions. */
  static Contact create(String id, String workspaceId, ContactData data, Map<String, Object> customFields,
                        String source, Instant now) {
    return new Contact(id, workspaceId, data.getPhoneE164(), data.getPhoneExtension(), data.getExternalId(),
        data.getFirstName(), data.getLastName(), data.getEmail(), data.getCompany(), data.getCountry(),
        data.getTimezone(), timezoneSource(data), data.getTimezoneCandidates(), distinct(List.of(), data.getTags()),
        Boolean.TRUE.equals(data.getDoNotCall()), withoutNulls(customFields), source, Contact.ACTIVE,
        now, now, 1);
  }

  /** The merged contact (same version and timestamps as {@code existing}; caller bumps them). */
  static Contact merge(Contact existing, ContactData data, Map<String, Object> incomingCustomFields,
                       DuplicatePolicy policy) {
    boolean overwrite = policy == DuplicatePolicy.OVERWRITE;
    Map<String, Object> customFields = new LinkedHashMap<>(existing.customFields());
    withoutNulls(incomingCustomFields).forEach((key, value) -> {
      if (overwrite || !customFields.containsKey(key)) {
        customFields.put(key, value);
      }
    });
    boolean takeTimezone = data.getTimezone() != null && (overwrite || existing.timezone() == null);
    return new Contact(existing.id(), existing.workspaceId(), existing.phoneE164(),
        pick(existing.phoneExtension(), data.getPhoneExtension(), overwrite),
        pick(existing.externalId(), data.getExternalId(), overwrite),
        pick(existing.firstName(), data.getFirstName(), overwrite),
        pick(existing.lastName(), data.getLastName(), overwrite),
        pick(existing.email(), data.getEmail(), overwrite),
        pick(existing.company(), data.getCompany(), overwrite),
        pick(existing.country(), data.getCountry(), overwrite),
        takeTimezone ? data.getTimezone() : existing.timezone(),
        takeTimezone ? timezoneSource(data) : existing.timezoneSource(),
        takeTimezone ? data.getTimezoneCandidates() : existing.timezoneCandidates(),
        distinct(existing.tags(), data.getTags()),
        data.getDoNotCall() != null && (overwrite || !existing.doNotCall()) ? data.getDoNotCall() : existing.doNotCall(),
        customFields, existing.source(), existing.status(), existing.createdAt(), existing.updatedAt(),
        existing.version());
  }

  private static String pick(String current, String incoming, boolean overwrite) {
    if (incoming == null || incoming.isBlank()) {
      return current;
    }
    return overwrite || current == null || current.isBlank() ? incoming : current;
  }

  private static String timezoneSource(ContactData data) {
    if (data.getTimezoneSource() != null) {
      return data.getTimezoneSource().name();
    }
    return data.getTimezone() == null ? "UNKNOWN" : "PROVIDED";
  }

  private static List<String> distinct(List<String> current, List<String> incoming) {
    LinkedHashSet<String> all = new LinkedHashSet<>(current);
    if (incoming != null) {
      incoming.stream().filter(t -> t != null && !t.isBlank()).map(String::trim).forEach(all::add);
    }
    return new ArrayList<>(all);
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> values) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((k, v) -> {
        if (v != null) {
          result.put(k, v);
        }
      });
    }
    return result;
  }
}
