package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.dncview.DncView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A contact as the API returns it: standard fields, custom fields as {@code cf:<key>}, DNC view. */
record ContactView(
    String id,
    String phone,
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
    long version,
    DncView dnc) {

  static ContactView of(Contact c, DncView dnc) {
    return new ContactView(c.id(), c.phoneE164(), c.phoneExtension(), c.externalId(), c.firstName(), c.lastName(),
        c.email(), c.company(), c.country(), c.timezone(), c.timezoneSource(), c.timezoneCandidates(), c.tags(),
        c.doNotCall(), c.customFields(), c.source(), c.status(), c.createdAt(), c.updatedAt(), c.version(), dnc);
  }
}
