package io.contactsplatform.dncservice.dnc;

import io.contactsplatform.support.dnc.DncRule;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One DNC entry of one number: why, by whom and for what scope calls are forbidden. Entries are
 * never deleted: removal stamps {@code removedAt/removedBy/removalReason} (and whether the removal
 * needed an override); the expiry sweep stamps {@code expiredAt} (= {@code expiresAt}) once an
 * expiry has passed, so the expiry is a recorded change of the number. An entry stops blocking at
 * {@code expiresAt} whether or not the sweep has recorded it yet. {@code addedInVersion},
 * {@code removedInVersion} and {@code expiredInVersion} (0 while not removed / expired) are the
 * number versions of those changes; they are stored but not published, and identify the audit
 * records.
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
    boolean removalOverride,
    Instant expiredAt,
    long addedInVersion,
    long removedInVersion,
    long expiredInVersion) {

  /** What an entry blocks: every campaign of the workspace, or one campaign. */
  public enum Scope { WORKSPACE, CAMPAIGN }

  /** Where an entry came from; each source owns its own entries (see {@link DncNumber}). */
  public enum Source {
    MANUAL, IMPORT, CONTACT_OPT_OUT, CALL_OPT_OUT, COMPLIANCE_FEED, NATIONAL_REGISTRY;

    /** Sources whose entries can be removed only with an explicit override (or by their own feed). */
    public static final Set<Source> PROTECTED = EnumSet.of(NATIONAL_REGISTRY, CALL_OPT_OUT);

    public boolean isProtected() {
      return PROTECTED.contains(this);
    }
  }

  /** Where an entry stands at a given time. */
  public enum State { ACTIVE, EXPIRED, REMOVED }

  public DncEntry {
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * Not removed and not expired at {@code now} (an entry expiring exactly at now is expired): the
   * shared {@link DncRule#active}, and not yet recorded as expired by the sweep.
   */
  public boolean activeAt(Instant now) {
    return expiredAt == null && DncRule.active(removedAt, expiresAt, now);
  }

  /** REMOVED once removed (also after expiring), else EXPIRED once its expiry has passed, else ACTIVE. */
  public State state(Instant now) {
    if (removedAt != null) {
      return State.REMOVED;
    }
    return activeAt(now) ? State.ACTIVE : State.EXPIRED;
  }

  /**
   * True when this entry forbids calling for {@code campaignId} at {@code now}: it is active and
   * either workspace-wide or for exactly that campaign. A null campaign matches only
   * workspace-wide entries.
   */
  public boolean blocks(String campaignId, Instant now) {
    return activeAt(now) && DncRule.covers(scope.name(), this.campaignId, campaignId);
  }

  /** Same scope, campaign and source: the identity used for idempotent adds and removes. */
  public boolean sameTarget(Scope scope, String campaignId, Source source) {
    return this.scope == scope && Objects.equals(this.campaignId, campaignId) && this.source == source;
  }

  /** Its expiry has passed at {@code now} but the sweep has not recorded it yet. */
  boolean expiryDue(Instant now) {
    return expiresAt != null && removedAt == null && expiredAt == null && !DncRule.active(null, expiresAt, now);
  }

  /** This entry removed at {@code at} by {@code removal}, in number version {@code version}. */
  DncEntry removed(Instant at, Removal removal, long version) {
    return new DncEntry(entryId, scope, campaignId, source, reason, actor, createdAt, expiresAt, at, removal.actor(),
        removal.reason(), removal.override(), expiredAt, addedInVersion, version, expiredInVersion);
  }

  /** This entry with its expiry recorded in number version {@code version}. */
  DncEntry expired(long version) {
    return new DncEntry(entryId, scope, campaignId, source, reason, actor, createdAt, expiresAt, removedAt, removedBy,
        removalReason, removalOverride, expiresAt, addedInVersion, removedInVersion, version);
  }
}
