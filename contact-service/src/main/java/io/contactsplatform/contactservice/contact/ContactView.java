package io.contactsplatform.contactservice.contact;

import io.contactsplatform.contactservice.dncview.DncView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A contact as the API returns it: standard fields, custom fields by key, and the DNC view
 * ({@code blocked} workspace-wide, the active entries' {@code sources}, blocked campaigns) as of
 * the request. An erased contact shows only its id, status, timestamps and version.
 */
public record ContactView(
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

  public static ContactView of(StoredContact stored, Instant now) {
    Contact c = stored.contact();
    return new ContactView(c.id(), c.phoneE164(), c.phoneExtension(), c.externalId(), c.firstName(), c.lastName(),
        c.email(), c.company(), c.country(), c.timezone(), c.timezoneSource(), c.timezoneCandidates(), c.tags(),
        c.doNotCall(), c.customFields(), c.source(), c.status(), c.createdAt(), c.updatedAt(), c.version(),
        stored.dnc().view(now));
  }
}
