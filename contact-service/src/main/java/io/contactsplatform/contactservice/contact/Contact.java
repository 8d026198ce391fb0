package io.contactsplatform.contactservice.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A contact as stored by contact-service. Identity is {@code id}; inside a workspace the E.164
 * phone is unique and {@code externalId} (CRM id) also identifies it. {@code version} grows by
 * one with every change and is carried on contact-changes.
 */
public record Contact(
    String id,
    String workspaceId,
    String phoneE164,
    String phoneExtension,
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
    boolean doNotCall,
    Map<String, Object> customFields,
    String source,
    String status,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public static final String ACTIVE = "ACTIVE";

  public Contact {
    timezoneCandidates = timezoneCandidates == null ? List.of() : List.copyOf(timezoneCandidates);
    tags = tags == null ? List.of() : List.copyOf(tags);
    customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
  }

  /** Same contact, next version, stamped at {@code now}. */
  Contact nextVersion(Instant now) {
    return new Contact(id, workspaceId, phoneE164, phoneExtension, externalId, firstName, lastName, email,
        company, country, timezone, timezoneSource, timezoneCandidates, tags, doNotCall, customFields, source,
        status, createdAt, now, version + 1);
  }

  /** True when the person-facing fields are equal (ignores timestamps and version). */
  boolean sameDataAs(Contact other) {
    return java.util.Objects.equals(phoneE164, other.phoneE164)
        && java.util.Objects.equals(phoneExtension, other.phoneExtension)
        && java.util.Objects.equals(externalId, other.externalId)
        && java.util.Objects.equals(firstName, other.firstName)
        && java.util.Objects.equals(lastName, other.lastName)
        && java.util.Objects.equals(email, other.email)
        && java.util.Objects.equals(company, other.company)
        && java.util.Objects.equals(country, other.country)
        && java.util.Objects.equals(timezone, other.timezone)
        && java.util.Objects.equals(timezoneSource, other.timezoneSource)
        && timezoneCandidates.equals(other.timezoneCandidates)
        && tags.equals(other.tags)
        && doNotCall == other.doNotCall
        && customFields.equals(other.customFields)
        && java.util.Objects.equals(status, other.status);
  }
}
