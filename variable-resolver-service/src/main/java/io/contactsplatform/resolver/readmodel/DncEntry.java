package io.contactsplatform.resolver.readmodel;

import io.contactsplatform.support.dnc.DncRule;
import java.time.Instant;

/**
 * One DNC entry of a number as last published on dnc-changes, with what resolution reads of it.
 * Active while neither removed nor expired; scope WORKSPACE blocks every campaign, scope CAMPAIGN
 * only {@code campaignId}. The entry id is not held (nothing at call start reads it, and without it
 * the entries of a registry load are equal and shared, see {@link DncReadModel}).
 */
public record DncEntry(String scope, String campaignId, String source, String reason,
                       Instant createdAt, Instant expiresAt, Instant removedAt) {

  public static final String WORKSPACE = DncRule.WORKSPACE;
  public static final String CAMPAIGN = DncRule.CAMPAIGN;

  /** Not removed and not expired at {@code now} (the shared {@link DncRule#active}). */
  public boolean isActiveAt(Instant now) {
    return DncRule.active(removedAt, expiresAt, now);
  }

  /** True when this entry forbids calling the number for {@code campaign} at {@code now} ({@link DncRule#blocks}). */
  public boolean blocks(String campaign, Instant now) {
    return DncRule.blocks(scope, campaignId, removedAt, expiresAt, campaign, now);
  }
}
