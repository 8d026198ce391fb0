package io.contactsplatform.dncservice.dnc;

import java.time.Instant;

/** One audit record as the API returns it: ADDED, REMOVED (with {@code override}) or EXPIRED. */
record DncAuditView(String action, String entryId, String phone, String scope, String campaignId, String source,
                    String actor, String reason, boolean override, Instant at, long version) {

  static DncAuditView of(DncAuditRecord r) {
    return new DncAuditView(r.action().name(), r.entryId(), r.phoneE164(), r.scope().name(), r.campaignId(),
        r.source().name(), r.actor(), r.reason(), r.override(), r.at(), r.version());
  }
}
