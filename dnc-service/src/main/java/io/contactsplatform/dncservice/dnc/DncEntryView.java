package io.contactsplatform.dncservice.dnc;

import java.time.Instant;

/** One entry as the API returns it; {@code active} is evaluated at the time of the answer. */
record DncEntryView(String entryId, String phone, String scope, String campaignId, String source, String reason,
                    String actor, Instant createdAt, Instant expiresAt, Instant removedAt, String removedBy,
                    String removalReason, boolean active) {

  static DncEntryView of(DncEntry e, String phoneE164, Instant now) {
    return new DncEntryView(e.entryId(), phoneE164, e.scope().name(), e.campaignId(), e.source().name(), e.reason(),
        e.actor(), e.createdAt(), e.expiresAt(), e.removedAt(), e.removedBy(), e.removalReason(), e.activeAt(now));
  }
}
