package io.contactsplatform.resolver.readmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolver's copy of one resolvable (active, not deleted) contact, as last published on
 * contact-changes. Custom field values keep their Avro types (String, Long, Double, Boolean).
 * {@code timezoneSource} is the contact's {@code PROVIDED}, {@code INFERRED_FROM_PHONE},
 * {@code DEFAULT} or {@code UNKNOWN} (null when not known).
 */
public record ContactSnapshot(
    String contactId,
    String workspaceId,
    String phoneE164,
    String externalId,
    String firstName,
    String lastName,
    String email,
    String company,
    String country,
    String timezone,
    String timezoneSource,
    List<String> timezoneCandidates,
    List<String> tags,
    Map<String, Object> customFields,
    long version) {

  public ContactSnapshot {
    timezoneCandidates = timezoneCandidates == null ? List.of() : List.copyOf(timezoneCandidates);
    tags = tags == null ? List.of() : List.copyOf(tags);
    customFields = customFields == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
  }
}
