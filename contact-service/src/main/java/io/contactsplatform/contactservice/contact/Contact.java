package io.contactsplatform.contactservice.contact;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A contact as stored by contact-service. Identity is {@code id}; inside a workspace the E.164
 * phone is unique and {@code externalId} (CRM id) also identifies it. {@code version} grows by
 * one with every change and is carried on contact-changes. Status ACTIVE, ARCHIVED, or ERASED
 * (a tombstone: id, workspace, timestamps and version only).
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
  public static final String ARCHIVED = "ARCHIVED";
  public static final String ERASED = "ERASED";

  public Contact {
    timezoneCandidates = timezoneCandidates == null ? List.of() : List.copyOf(timezoneCandidates);
    tags = tags == null ? List.of() : List.copyOf(tags);
    customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
  }

  /** The store keeps milliseconds; every timestamp is taken at that precision. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  public boolean erased() {
    return ERASED.equals(status);
  }

  /** Same contact, next version, stamped at {@code now}. */
  Contact nextVersion(Instant now) {
    return new Contact(id, workspaceId, phoneE164, phoneExtension, externalId, firstName, lastName, email,
        company, country, timezone, timezoneSource, timezoneCandidates, tags, doNotCall, customFields, source,
        status, createdAt, now, version + 1);
  }

  /** The tombstone left by erasure: no personal data, next version. */
  Contact tombstone(Instant now) {
    return new Contact(id, workspaceId, null, null, null, null, null, null, null, null, null, null, List.of(),
        List.of(), false, Map.of(), source, ERASED, createdAt, now, version + 1);
  }

  Contact withStatus(String newStatus) {
    return new Contact(id, workspaceId, phoneE164, phoneExtension, externalId, firstName, lastName, email,
        company, country, timezone, timezoneSource, timezoneCandidates, tags, doNotCall, customFields, source,
        newStatus, createdAt, updatedAt, version);
  }

  public Contact withTags(List<String> newTags) {
    return new Contact(id, workspaceId, phoneE164, phoneExtension, externalId, firstName, lastName, email,
        company, country, timezone, timezoneSource, timezoneCandidates, newTags, doNotCall, customFields, source,
        status, createdAt, updatedAt, version);
  }

  public Contact withCustomFields(Map<String, Object> values) {
    return new Contact(id, workspaceId, phoneE164, phoneExtension, externalId, firstName, lastName, email,
        company, country, timezone, timezoneSource, timezoneCandidates, tags, doNotCall, values, source,
        status, createdAt, updatedAt, version);
  }

  /** True when the person-facing fields are equal (ignores timestamps and version). */
  boolean sameDataAs(Contact other) {
    return Objects.equals(phoneE164, other.phoneE164)
        && Objects.equals(phoneExtension, other.phoneExtension)
        && Objects.equals(externalId, other.externalId)
        && Objects.equals(firstName, other.firstName)
        && Objects.equals(lastName, other.lastName)
        && Objects.equals(email, other.email)
        && Objects.equals(company, other.company)
        && Objects.equals(country, other.country)
        && Objects.equals(timezone, other.timezone)
        && Objects.equals(timezoneSource, other.timezoneSource)
        && timezoneCandidates.equals(other.timezoneCandidates)
        && tags.equals(other.tags)
        && doNotCall == other.doNotCall
        && customFields.equals(other.customFields)
        && Objects.equals(status, other.status);
  }
}
