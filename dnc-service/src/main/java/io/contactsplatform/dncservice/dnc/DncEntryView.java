package io.contactsplatform.dncservice.dnc;

import java.time.Instant;

/**
 * One entry as the API returns it; {@code state} (ACTIVE, EXPIRED, REMOVED) and {@code active}
 * are evaluated at the time of the answer.
 */
record DncEntryView(String entryId, String phone, String scope, String campaignId, String source, String reason,
                    String actor, Instant createdAt, Instant expiresAt, String state, boolean active,
                    Instant expiredAt, Instant removedAt, String removedBy, String removalReason,
                    boolean removalOverride) {

  static DncEntryView of(DncEntry e, String phoneE164, Instant now) {
    DncEntry.State state = e.state(now);
    return new DncEntryView(e.entryId(), phoneE164, e.scope().name(), e.campaignId(), e.source().name(), e.reason(),
        e.actor(), e.createdAt(), e.expiresAt(), state.name(), state == DncEntry.State.ACTIVE,
        e.expiredAt() != null ? e.expiredAt() : state == DncEntry.State.EXPIRED ? e.expiresAt() : null,
        e.removedAt(), e.removedBy(), e.removalReason(), e.removalOverride());
  }
}
