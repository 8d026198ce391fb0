package io.contactsplatform.support.kafka;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.schemas.InvalidEventException;
import io.contactsplatform.support.phone.PhoneNumbers;

/**
 * The one validation of a consumed {@code dnc-changes} event, shared by every consumer (contact-service's
 * DNC view, the resolver's DNC read model) so that a record is dead-lettered by all or by none:
 * a workspaceId, a {@code phoneE164} that is E.164 as written (parsing it gives it back unchanged: no
 * {@code 12345}, no national form, no spaces), and a campaignId on every CAMPAIGN-scoped entry.
 * Tombstones (null values) are not events and are not checked here.
 */
public final class DncChangeChecks {

  private DncChangeChecks() {
  }

  /** {@code change} unchanged, or an {@link InvalidEventException} (dead-lettered, never retried). */
  public static DncChange requireValid(DncChange change) {
    if (change.getWorkspaceId() == null || change.getWorkspaceId().isBlank()) {
      throw new InvalidEventException("DncChange has no workspaceId");
    }
    requireE164("DncChange phoneE164", change.getPhoneE164());
    for (DncEntryState e : change.getEntries()) {
      if (e.getScope() == DncScope.CAMPAIGN && (e.getCampaignId() == null || e.getCampaignId().isBlank())) {
        throw new InvalidEventException("DncChange entry " + e.getEntryId() + " has CAMPAIGN scope but no campaignId");
      }
    }
    return change;
  }

  /** {@code value} when it is a valid E.164 number as written, else an {@link InvalidEventException} naming {@code field}. */
  public static String requireE164(String field, String value) {
    if (value == null || !value.equals(PhoneNumbers.toE164(value, null).orElse(null))) {
      throw new InvalidEventException(field + " is not valid E.164");
    }
    return value;
  }
}
