package io.contactsplatform.dncservice.dnc;

import java.time.Instant;
import java.util.Objects;

/**
 * One DNC entry of one number: why, by whom and for what scope calls are forbidden. Entries are
 * never deleted: removal stamps {@code removedAt/removedBy/removalReason}. {@code addedInVersion}
 * and {@code removedInVersion} (0 while not removed) are the number versions at which the entry
 * was added and removed; they are stored but not published, and identify the audit records.
 */
public record DncEntry(
    String entryId,
    Scope scope,
    String campaignId,
    Source source,
    String reason,
    String actor,
    Instant createdAt,
    Instant expiresAt,
    Instant removedAt,
    String removedBy,
    String removalReason,
    long addedInVersion,
    long removedInVersion) {

  /** What an entry blocks: every campaign of the workspace, or one campaign. */
  public enum Scope { WORKSPACE, CAMPAIGN }

  /** Where an entry came from; each source owns its own entries (see {@link DncNumber}). */
  public enum Source { MANUAL, IMPORT, CONTACT_OPT_OUT, CALL_OPT_OUT, COMPLIANCE_FEED, NATIONAL_REGISTRY }

  public DncEntry {
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Not removed and not expired at {@code now} (an entry expiring exactly at now is expired). */
  public boolean activeAt(Instant now) {
    return removedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }

  /**
   * True when this entry forbids calling for {@code campaignId} at {@code now}: it is active and
   * either workspace-wide or for exactly that campaign. A null campaign matches only
   * workspace-wide entries.
   */
  public boolean blocks(String campaignId, Instant now) {
    if (!activeAt(now)) {
      return false;
    }
    return scope == Scope.WORKSPACE || (campaignId != null && campaignId.equals(this.campaignId));
  }

  /** Same scope, campaign and source: the identity used for idempotent adds and removes. */
  public boolean sameTarget(Scope scope, String campaignId, Source source) {
    return this.scope == scope && Objects.equals(this.campaignId, campaignId) && this.source == source;
  }

  /** This entry removed at {@code at} by {@code by} for {@code reason}, in number version {@code version}. */
  DncEntry removed(Instant at, String by, String reason, long version) {
    return new DncEntry(entryId, scope, campaignId, source, this.reason, actor, createdAt, expiresAt, at, by, reason,
        addedInVersion, version);
  }
}
