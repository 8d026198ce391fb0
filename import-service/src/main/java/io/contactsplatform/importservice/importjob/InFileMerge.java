package io.contactsplatform.importservice.importjob;

import io.contactsplatform.events.contact.upsert.ContactData;
import io.contactsplatform.events.contact.upsert.TimezoneSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Merges rows of one file that hold the same E.164 number, in file order: a later non-empty
 * value wins; tags are combined; custom fields merge key by key; a provided timezone wins over an
 * inferred one. The merged row keeps the first row's number (it is the one upserted and answered).
 */
final class InFileMerge {

  private InFileMerge() {
  }

  static RowOutcome.Accepted merge(RowOutcome.Accepted earlier, RowOutcome.Accepted later) {
    return new RowOutcome.Accepted(earlier.rowNumber(), earlier.line(), merge(earlier.data(), later.data()),
        mergeColumns(earlier.columns(), later.columns()), List.of(), earlier.values());
  }

  static ContactData merge(ContactData a, ContactData b) {
    ContactData.Builder merged = ContactData.newBuilder(a);
    if (b.getPhoneExtension() != null) {
      merged.setPhoneExtension(b.getPhoneExtension());
    }
    if (b.getExternalId() != null) {
      merged.setExternalId(b.getExternalId());
    }
    if (b.getFirstName() != null) {
      merged.setFirstName(b.getFirstName());
    }
    if (b.getLastName() != null) {
      merged.setLastName(b.getLastName());
    }
    if (b.getEmail() != null) {
      merged.setEmail(b.getEmail());
    }
    if (b.getCompany() != null) {
      merged.setCompany(b.getCompany());
    }
    if (b.getCountry() != null) {
      merged.setCountry(b.getCountry());
    }
    if (b.getTimezoneSource() == TimezoneSource.PROVIDED || a.getTimezoneSource() != TimezoneSource.PROVIDED) {
      merged.setTimezone(b.getTimezone()).setTimezoneSource(b.getTimezoneSource())
          .setTimezoneCandidates(b.getTimezoneCandidates());
    }
    LinkedHashSet<String> tags = new LinkedHashSet<>(a.getTags());
    tags.addAll(b.getTags());
    merged.setTags(List.copyOf(tags));
    if (b.getDoNotCall() != null) {
      merged.setDoNotCall(b.getDoNotCall());
    }
    Map<String, Object> customFields = new LinkedHashMap<>(a.getCustomFields());
    customFields.putAll(b.getCustomFields());
    merged.setCustomFields(customFields);
    return merged.build();
  }

  private static Map<String, String> mergeColumns(Map<String, String> a, Map<String, String> b) {
    if (b.isEmpty()) {
      return a;
    }
    Map<String, String> merged = new LinkedHashMap<>(a);
    b.forEach((column, value) -> {
      if (value != null && !value.isBlank()) {
        merged.put(column, value);
      } else {
        merged.putIfAbsent(column, value);
      }
    });
    return merged;
  }
}
