package io.contactsplatform.contactservice.dncview;

import java.time.Instant;
import java.util.List;

/**
 * The DNC state of one number as last published on dnc-changes, shown on its contact. Read-only
 * here: it never feeds back into DNC entries, so contact-service and dnc-service cannot loop.
 */
public record DncView(boolean blocked, List<Entry> activeEntries) {

  public static final DncView NONE = new DncView(false, List.of());

  /** One active entry: scope WORKSPACE blocks every campaign, CAMPAIGN only {@code campaignId}. */
  public record Entry(String entryId, String scope, String campaignId, String source, String reason,
                      Instant createdAt, Instant expiresAt) {
  }
}
