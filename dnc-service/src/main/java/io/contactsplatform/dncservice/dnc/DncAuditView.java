package io.contactsplatform.dncservice.dnc;

import java.time.Instant;

/** One audit record as the API returns it. */
record DncAuditView(String action, String entryId, String phone, String scope, String campaignId, String source,
                    String actor, String reason, Instant at, long version) {

  static DncAuditView of(DncAuditRecord r) {
    return new DncAuditView(r.action().name(), r.entryId(), r.phoneE164(), r.scope().name(), r.campaignId(),
        r.source().name(), r.actor(), r.reason(), r.at(), r.version());
  }
}
