package io.contactsplatform.contactservice.history;

import io.contactsplatform.contactservice.contact.Contact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which fields differ between two states of a contact, by API name, standard fields in a fixed
 * order then {@code cf:<key>} custom fields by key. Timestamps and version are not fields of a
 * change (the entry carries them). Pure; no values are logged.
 */
final class ContactDiff {

  private static final Map<String, Function<Contact, Object>> FIELDS = fields();

  private ContactDiff() {
  }

  private static Map<String, Function<Contact, Object>> fields() {
    Map<String, Function<Contact, Object>> f = new java.util.LinkedHashMap<>();
    f.put("phone", Contact::phoneE164);
    f.put("phoneExtension", Contact::phoneExtension);
    f.put("externalId", Contact::externalId);
    f.put("firstName", Contact::firstName);
    f.put("lastName", Contact::lastName);
    f.put("email", Contact::email);
    f.put("company", Contact::company);
    f.put("country", Contact::country);
    f.put("timezone", Contact::timezone);
    f.put("timezoneSource", Contact::timezoneSource);
    f.put("timezoneCandidates", c -> c.timezoneCandidates().isEmpty() ? null : c.timezoneCandidates());
    f.put("tags", c -> c.tags().isEmpty() ? null : c.tags());
    f.put("doNotCall", Contact::doNotCall);
    f.put("source", Contact::source);
    f.put("status", Contact::status);
    return java.util.Collections.unmodifiableMap(f);
  }

  /** The changed fields; {@code before} null means every field of {@code after} that has a value. */
  static List<FieldChange> changes(Contact before, Contact after) {
    List<FieldChange> changes = new ArrayList<>();
    FIELDS.forEach((name, value) -> {
      Object old = before == null ? null : value.apply(before);
      Object now = value.apply(after);
      if (before == null && Boolean.FALSE.equals(now)) {
        now = null;
      }
      if (!Objects.equals(old, now)) {
        changes.add(new FieldChange(name, old, now));
      }
    });
    Map<String, Object> oldValues = before == null ? Map.of() : before.customFields();
    TreeSet<String> keys = new TreeSet<>(oldValues.keySet());
    keys.addAll(after.customFields().keySet());
    for (String key : keys) {
      Object old = oldValues.get(key);
      Object now = after.customFields().get(key);
      if (!Objects.equals(old, now)) {
        changes.add(new FieldChange("cf:" + key, old, now));
      }
    }
    return changes;
  }

  /** What the change did as a whole. */
  static HistoryOperation operation(Contact before, Contact after) {
    if (before == null) {
      return HistoryOperation.CREATED;
    }
    if (after.erased()) {
      return HistoryOperation.ERASED;
    }
    if (!Objects.equals(before.status(), after.status())) {
      if (Contact.ARCHIVED.equals(after.status())) {
        return HistoryOperation.ARCHIVED;
      }
      if (Contact.ARCHIVED.equals(before.status()) && Contact.ACTIVE.equals(after.status())) {
        return HistoryOperation.RESTORED;
      }
    }
    return HistoryOperation.UPDATED;
  }
}
