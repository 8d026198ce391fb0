package io.contactsplatform.dncservice.dnc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The full DNC state of one phone number in one workspace, and the pure rules that change it.
 * Immutable: every change returns a new number with {@code version + 1}. {@code appliedEventIds}
 * holds the ids of the last {@value #APPLIED_EVENT_IDS_KEPT} events that changed this number, so a
 * redelivered event is recognised even after later changes.
 *
 * <p>Rules: an entry blocks when it is active (not removed, not expired) and workspace-wide or for
 * the asked campaign. Each (scope, campaignId, source) has at most one active entry: adding it
 * again returns the active one unchanged, so a compliance feed, an import and a contact opt-out
 * each own their entries and removing one source's entry never unblocks a number another source
 * blocked. NATIONAL_REGISTRY and CALL_OPT_OUT entries are removed only by a {@link Removal} that
 * allows it (an explicit override, or the registry's own load). Expiry is time-based; the sweep's
 * {@link #expireDue} records it as a change.
 */
public record DncNumber(String workspaceId, String phoneE164, long version, List<DncEntry> entries,
                        List<String> appliedEventIds) {

  static final int APPLIED_EVENT_IDS_KEPT = 100;

  public DncNumber {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(phoneE164, "phoneE164");
    entries = entries == null ? List.of() : List.copyOf(entries);
    appliedEventIds = appliedEventIds == null ? List.of() : List.copyOf(appliedEventIds);
  }

  /** A number never put on the list in this workspace (version 0, not stored). */
  public static DncNumber empty(String workspaceId, String phoneE164) {
    return new DncNumber(workspaceId, phoneE164, 0, List.of(), List.of());
  }

  /** Storage key: {@code workspaceId|E.164}. */
  public static String key(String workspaceId, String phoneE164) {
    return workspaceId + "|" + phoneE164;
  }

  public String key() {
    return key(workspaceId, phoneE164);
  }

  /** True once the number has been stored (has a version). */
  public boolean exists() {
    return version > 0;
  }

  /** True when the event with this id already changed this number. */
  public boolean hasApplied(String eventId) {
    return eventId != null && appliedEventIds.contains(eventId);
  }

  /** The active entries that block {@code campaignId} (null: only workspace-wide ones). */
  public List<DncEntry> matching(String campaignId, Instant now) {
    return entries.stream().filter(e -> e.blocks(campaignId, now)).toList();
  }

  /** True when a call for {@code campaignId} (null: any campaign) must not be placed. */
  public boolean blockedFor(String campaignId, Instant now) {
    return entries.stream().anyMatch(e -> e.blocks(campaignId, now));
  }

  /** True when an active WORKSPACE entry blocks every campaign at {@code now}. */
  public boolean blockedWorkspaceWide(Instant now) {
    return entries.stream().anyMatch(e -> e.scope() == DncEntry.Scope.WORKSPACE && e.activeAt(now));
  }

  /** The campaigns with an active CAMPAIGN entry at {@code now}, sorted, without duplicates. */
  public List<String> blockedCampaigns(Instant now) {
    return entries.stream()
        .filter(e -> e.scope() == DncEntry.Scope.CAMPAIGN && e.activeAt(now))
        .map(DncEntry::campaignId)
        .distinct()
        .sorted()
        .toList();
  }

  /** The earliest expiry not recorded yet among entries not removed; null when none. */
  public Instant nextExpiry() {
    return entries.stream()
        .filter(e -> e.removedAt() == null && e.expiredAt() == null && e.expiresAt() != null)
        .map(DncEntry::expiresAt)
        .min(Instant::compareTo)
        .orElse(null);
  }

  public Optional<DncEntry> entry(String entryId) {
    return entries.stream().filter(e -> e.entryId().equals(entryId)).findFirst();
  }

  /**
   * Adds an entry unless an active one with the same scope, campaign and source exists, in which
   * case that one is returned and nothing changes.
   */
  public Change add(EntrySpec spec, String entryId, String eventId, Instant now) {
    Optional<DncEntry> identical = entries.stream()
        .filter(e -> e.activeAt(now) && e.sameTarget(spec.scope(), spec.campaignId(), spec.source()))
        .findFirst();
    if (identical.isPresent()) {
      return Change.unchanged(this, List.of(identical.get()));
    }
    long next = version + 1;
    DncEntry entry = new DncEntry(entryId, spec.scope(), spec.campaignId(), spec.source(), spec.reason(),
        spec.actor(), now, spec.expiresAt(), null, null, null, false, null, next, 0, 0);
    List<DncEntry> all = new ArrayList<>(entries);
    all.add(entry);
    return Change.changed(next(all, eventId), List.of(entry));
  }

  /**
   * Removes every active entry matching {@code which}; unchanged (nothing affected) when none does.
   *
   * @throws DncRuleViolation naming {@code override} when a matching entry is protected and the
   *                          removal does not allow it (nothing is removed then)
   */
  public Change removeActive(Predicate<DncEntry> which, Removal removal, String eventId, Instant now) {
    long next = version + 1;
    List<DncEntry> all = new ArrayList<>();
    List<DncEntry> removed = new ArrayList<>();
    for (DncEntry e : entries) {
      if (e.activeAt(now) && which.test(e)) {
        removal.check(e.source());
        DncEntry gone = e.removed(now, removal, next);
        removed.add(gone);
        all.add(gone);
      } else {
        all.add(e);
      }
    }
    return removed.isEmpty() ? Change.unchanged(this, List.of()) : Change.changed(next(all, eventId), removed);
  }

  /**
   * Removes one entry by id, also when it has expired. Removing an entry that is removed already
   * changes nothing and returns it as it is.
   *
   * @throws java.util.NoSuchElementException when this number has no such entry
   * @throws DncRuleViolation naming {@code override} when the entry is protected and the removal
   *                          does not allow it
   */
  public Change removeEntry(String entryId, Removal removal, String eventId, Instant now) {
    DncEntry target = entry(entryId).orElseThrow();
    if (target.removedAt() != null) {
      return Change.unchanged(this, List.of(target));
    }
    removal.check(target.source());
    long next = version + 1;
    DncEntry gone = target.removed(now, removal, next);
    List<DncEntry> all = entries.stream().map(e -> e.entryId().equals(entryId) ? gone : e).toList();
    return Change.changed(next(all, eventId), List.of(gone));
  }

  /**
   * Records the expiry of every entry whose {@code expiresAt} has passed at {@code now} and that
   * is neither removed nor recorded as expired yet; unchanged when there is none.
   */
  public Change expireDue(Instant now) {
    long next = version + 1;
    List<DncEntry> all = new ArrayList<>();
    List<DncEntry> expired = new ArrayList<>();
    for (DncEntry e : entries) {
      if (e.expiryDue(now)) {
        DncEntry done = e.expired(next);
        expired.add(done);
        all.add(done);
      } else {
        all.add(e);
      }
    }
    return expired.isEmpty() ? Change.unchanged(this, List.of()) : Change.changed(next(all, null), expired);
  }

  private DncNumber next(List<DncEntry> all, String eventId) {
    List<String> applied = new ArrayList<>(appliedEventIds);
    if (eventId != null) {
      applied.add(eventId);
    }
    if (applied.size() > APPLIED_EVENT_IDS_KEPT) {
      applied = applied.subList(applied.size() - APPLIED_EVENT_IDS_KEPT, applied.size());
    }
    return new DncNumber(workspaceId, phoneE164, version + 1, all, applied);
  }

  /**
   * The outcome of a rule: the number after it, the entries it added, removed or found, and
   * whether it changed anything ({@code ALREADY_APPLIED}: a redelivered event, nothing evaluated).
   */
  public record Change(DncNumber number, List<DncEntry> affected, Kind kind) {

    public enum Kind { CHANGED, UNCHANGED, ALREADY_APPLIED }

    public Change {
      affected = List.copyOf(affected);
    }

    static Change changed(DncNumber number, List<DncEntry> affected) {
      return new Change(number, affected, Kind.CHANGED);
    }

    static Change unchanged(DncNumber number, List<DncEntry> affected) {
      return new Change(number, affected, Kind.UNCHANGED);
    }

    static Change alreadyApplied(DncNumber number) {
      return new Change(number, List.of(), Kind.ALREADY_APPLIED);
    }

    public boolean changed() {
      return kind == Kind.CHANGED;
    }

    /**
     * This change followed by {@code after} (a rule applied to this change's number): the last
     * number, every affected entry, CHANGED when either changed.
     */
    public Change then(Change after) {
      List<DncEntry> all = new ArrayList<>(affected);
      all.addAll(after.affected());
      return new Change(after.number(), all, changed() || after.changed() ? Kind.CHANGED : after.kind());
    }
  }
}
