package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.dncservice.dnc.DncNumber.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The pure DNC rules: what blocks, what an add or a removal changes, what is idempotent. */
class DncNumberTest {

  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  static final DncNumber EMPTY = DncNumber.empty("ws", "+14155550123");

  static EntrySpec workspaceSpec(Source source) {
    return EntrySpec.of(Scope.WORKSPACE, null, source, "asked", "alice", null, NOW);
  }

  static EntrySpec campaignSpec(String campaignId) {
    return EntrySpec.of(Scope.CAMPAIGN, campaignId, Source.MANUAL, "asked", "alice", null, NOW);
  }

  @Test
  void shouldBlockEveryCampaignWhenNumberHasWorkspaceEntry() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number();

    assertThat(number.blockedFor("summer-sale", NOW)).isTrue();
    assertThat(number.blockedFor("winter-sale", NOW)).isTrue();
    assertThat(number.blockedFor(null, NOW)).isTrue();
    assertThat(number.matching("summer-sale", NOW)).extracting(DncEntry::entryId).containsExactly("e1");
  }

  @Test
  void shouldBlockCallWhenNumberIsOnCampaignDncOnlyForThatCampaign() {
    DncNumber number = EMPTY.add(campaignSpec("summer-sale"), "e1", null, NOW).number();

    assertThat(number.blockedFor("summer-sale", NOW)).isTrue();
    assertThat(number.blockedFor("winter-sale", NOW)).isFalse();
    assertThat(number.blockedFor(null, NOW)).isFalse();
    assertThat(number.matching("winter-sale", NOW)).isEmpty();
  }

  @Test
  void shouldStopBlockingWhenEntryExpires() {
    EntrySpec expiring = EntrySpec.of(Scope.WORKSPACE, null, Source.MANUAL, "asked", "alice",
        NOW.plus(Duration.ofDays(30)), NOW);
    DncNumber number = EMPTY.add(expiring, "e1", null, NOW).number();

    assertThat(number.blockedFor("c", NOW.plus(Duration.ofDays(29)))).isTrue();
    assertThat(number.blockedFor("c", NOW.plus(Duration.ofDays(30)))).isFalse();
  }

  @Test
  void shouldAddFirstEntryAsVersionOne() {
    Change change = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", "evt-1", NOW);

    assertThat(change.changed()).isTrue();
    assertThat(change.number().version()).isEqualTo(1);
    assertThat(change.number().hasApplied("evt-1")).isTrue();
    DncEntry entry = change.affected().get(0);
    assertThat(entry.entryId()).isEqualTo("e1");
    assertThat(entry.createdAt()).isEqualTo(NOW);
    assertThat(entry.addedInVersion()).isEqualTo(1);
    assertThat(entry.activeAt(NOW)).isTrue();
  }

  @Test
  void shouldReturnExistingEntryWithoutNewVersionWhenIdenticalActiveEntryExists() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number();

    Change again = number.add(workspaceSpec(Source.MANUAL), "e2", "evt-2", NOW.plusSeconds(5));

    assertThat(again.changed()).isFalse();
    assertThat(again.number()).isSameAs(number);
    assertThat(again.affected()).extracting(DncEntry::entryId).containsExactly("e1");
  }

  @Test
  void shouldKeepSeparateEntriesPerSourceSoOneSourceCannotUnblockAnother() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "manual", null, NOW).number()
        .add(workspaceSpec(Source.CONTACT_OPT_OUT), "opt-out", null, NOW).number();

    DncNumber cleared = number.removeActive(e -> e.source() == Source.CONTACT_OPT_OUT,
        Removal.of("contact-service", "cleared"), null, NOW).number();

    assertThat(number.entries()).hasSize(2);
    assertThat(cleared.blockedFor("any", NOW)).isTrue();
    assertThat(cleared.entry("opt-out").orElseThrow().removedAt()).isEqualTo(NOW);
    assertThat(cleared.entry("manual").orElseThrow().removedAt()).isNull();
  }

  @Test
  void shouldAddNewEntryWhenIdenticalOneWasRemoved() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number();
    DncNumber removed = number.removeEntry("e1", Removal.of("bob", "mistake"), null, NOW).number();

    Change again = removed.add(workspaceSpec(Source.MANUAL), "e2", null, NOW);

    assertThat(again.changed()).isTrue();
    assertThat(again.number().version()).isEqualTo(3);
    assertThat(again.number().entries()).extracting(DncEntry::entryId).containsExactly("e1", "e2");
  }

  @Test
  void shouldKeepRemovedEntryWithRemovalStampsAndBumpVersion() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number();
    Instant later = NOW.plusSeconds(60);

    Change change = number.removeEntry("e1", Removal.of("bob", "consent given"), null, later);

    assertThat(change.changed()).isTrue();
    assertThat(change.number().version()).isEqualTo(2);
    DncEntry removed = change.number().entry("e1").orElseThrow();
    assertThat(removed.removedAt()).isEqualTo(later);
    assertThat(removed.removedBy()).isEqualTo("bob");
    assertThat(removed.removalReason()).isEqualTo("consent given");
    assertThat(removed.removedInVersion()).isEqualTo(2);
    assertThat(removed.reason()).isEqualTo("asked");
    assertThat(change.number().blockedFor("any", later)).isFalse();
  }

  @Test
  void shouldChangeNothingWhenRemovingAnAlreadyRemovedEntry() {
    DncNumber removed = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number()
        .removeEntry("e1", Removal.of("bob", "mistake"), null, NOW).number();

    Change again = removed.removeEntry("e1", Removal.of("carol", "again"), null, NOW.plusSeconds(1));

    assertThat(again.changed()).isFalse();
    assertThat(again.affected().get(0).removedBy()).isEqualTo("bob");
  }

  @Test
  void shouldFailToRemoveUnknownEntry() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number();

    assertThatThrownBy(() -> number.removeEntry("nope", Removal.of("bob", "x"), null, NOW))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void shouldReportNothingRemovedWhenNoActiveEntryMatches() {
    DncNumber number = EMPTY.add(campaignSpec("a"), "e1", null, NOW).number();

    Change change = number.removeActive(e -> e.sameTarget(Scope.CAMPAIGN, "b", Source.MANUAL),
        Removal.of("bob", "x"), "evt", NOW);

    assertThat(change.changed()).isFalse();
    assertThat(change.affected()).isEmpty();
    assertThat(change.number().hasApplied("evt")).isFalse();
  }

  @Test
  void shouldRememberOnlyTheMostRecentAppliedEventIds() {
    DncNumber number = EMPTY;
    for (int i = 0; i < DncNumber.APPLIED_EVENT_IDS_KEPT + 5; i++) {
      Change change = i % 2 == 0
          ? number.add(campaignSpec("c" + i), "e" + i, "evt-" + i, NOW)
          : number.removeActive(e -> true, Removal.of("bob", "x"), "evt-" + i, NOW);
      number = change.number();
    }

    assertThat(number.appliedEventIds()).hasSize(DncNumber.APPLIED_EVENT_IDS_KEPT);
    assertThat(number.hasApplied("evt-0")).isFalse();
    assertThat(number.hasApplied("evt-" + (DncNumber.APPLIED_EVENT_IDS_KEPT + 4))).isTrue();
    assertThat(number.version()).isEqualTo(DncNumber.APPLIED_EVENT_IDS_KEPT + 5);
  }

  @Test
  void shouldDeriveOneAuditRecordPerAddAndRemovalNewestLast() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.MANUAL), "e1", null, NOW).number()
        .removeEntry("e1", Removal.of("bob", "consent"), null, NOW.plusSeconds(1)).number();

    assertThat(DncAuditRecord.allOf(number))
        .extracting(DncAuditRecord::action, DncAuditRecord::version, DncAuditRecord::actor, DncAuditRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(DncAuditRecord.Action.ADDED, 1L, "alice", "asked"),
            org.assertj.core.groups.Tuple.tuple(DncAuditRecord.Action.REMOVED, 2L, "bob", "consent"));
    assertThat(DncAuditRecord.forVersion(number, 2)).extracting(DncAuditRecord::action)
        .containsExactly(DncAuditRecord.Action.REMOVED);
  }

  @Test
  void shouldOrderAuditIdsByVersionNumerically() {
    DncNumber number = EMPTY;
    for (int i = 0; i < 11; i++) {
      number = number.add(campaignSpec("c" + i), "e" + i, null, NOW).number();
    }
    var ids = DncAuditRecord.allOf(number).stream().map(DncAuditRecord::id).toList();

    assertThat(ids).hasSize(11).doesNotHaveDuplicates().isSorted()
        .allMatch(id -> id.startsWith(DncAuditRecord.prefix("ws", "+14155550123")));
  }

  @Test
  void shouldRefuseToRemoveRegistryOrCallOptOutEntryWithoutOverride() {
    for (Source protectedSource : Source.PROTECTED) {
      DncNumber number = EMPTY.add(workspaceSpec(protectedSource), "e1", null, NOW).number();

      assertThatThrownBy(() -> number.removeEntry("e1", Removal.of("bob", "cleanup"), null, NOW))
          .isInstanceOf(DncRuleViolation.class).hasMessageStartingWith("override:");
      assertThatThrownBy(() -> number.removeActive(e -> true, Removal.of("bob", "cleanup"), null, NOW))
          .isInstanceOf(DncRuleViolation.class);

      DncEntry removed = number.removeEntry("e1", Removal.of("bob", "verified", true), null, NOW).affected().get(0);
      assertThat(removed.removalOverride()).isTrue();
      assertThat(removed.state(NOW)).isEqualTo(DncEntry.State.REMOVED);
    }
  }

  @Test
  void shouldLetTheRegistryLoadRemoveRegistryEntriesButNotCallOptOuts() {
    DncNumber number = EMPTY.add(workspaceSpec(Source.NATIONAL_REGISTRY), "registry", null, NOW).number()
        .add(workspaceSpec(Source.CALL_OPT_OUT), "call", null, NOW).number();
    Removal load = Removal.byAuthority(Source.NATIONAL_REGISTRY, "registry-load", "not in the registry any more");

    Change change = number.removeEntry("registry", load, null, NOW);

    assertThat(change.affected().get(0).removalOverride()).isFalse();
    assertThatThrownBy(() -> change.number().removeEntry("call", load, null, NOW))
        .isInstanceOf(DncRuleViolation.class);
  }

  @Test
  void shouldRecordDueExpiriesAsANewVersionOnlyOnce() {
    EntrySpec expiring = EntrySpec.of(Scope.WORKSPACE, null, Source.MANUAL, "hold", "alice", NOW.plusSeconds(60), NOW);
    DncNumber number = EMPTY.add(expiring, "e1", null, NOW).number()
        .add(workspaceSpec(Source.IMPORT), "e2", null, NOW).number();

    assertThat(number.expireDue(NOW.plusSeconds(59)).changed()).isFalse();
    Change expiry = number.expireDue(NOW.plusSeconds(61));

    assertThat(expiry.changed()).isTrue();
    assertThat(expiry.number().version()).isEqualTo(3);
    DncEntry expired = expiry.number().entry("e1").orElseThrow();
    assertThat(expired.expiredAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(expired.expiredInVersion()).isEqualTo(3);
    assertThat(expired.state(NOW)).isEqualTo(DncEntry.State.EXPIRED);
    assertThat(expiry.number().expireDue(NOW.plusSeconds(120)).changed()).isFalse();
    assertThat(DncAuditRecord.forVersion(expiry.number(), 3))
        .extracting(DncAuditRecord::action, DncAuditRecord::at)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(DncAuditRecord.Action.EXPIRED, NOW.plusSeconds(60)));
  }

  @Test
  void shouldNotRecordExpiryOfAnEntryRemovedBeforeItExpired() {
    EntrySpec expiring = EntrySpec.of(Scope.WORKSPACE, null, Source.MANUAL, "hold", "alice", NOW.plusSeconds(60), NOW);
    DncNumber removed = EMPTY.add(expiring, "e1", null, NOW).number()
        .removeEntry("e1", Removal.of("bob", "consent"), null, NOW.plusSeconds(10)).number();

    assertThat(removed.expireDue(NOW.plusSeconds(61)).changed()).isFalse();
    assertThat(removed.nextExpiry()).isNull();
  }

  @Test
  void shouldSummariseBlockedScopesAtATime() {
    DncNumber number = EMPTY.add(campaignSpec("b"), "e1", null, NOW).number()
        .add(campaignSpec("a"), "e2", null, NOW).number()
        .add(EntrySpec.of(Scope.WORKSPACE, null, Source.MANUAL, "hold", "alice", NOW.plusSeconds(60), NOW),
            "e3", null, NOW).number();

    assertThat(number.blockedWorkspaceWide(NOW)).isTrue();
    assertThat(number.blockedWorkspaceWide(NOW.plusSeconds(60))).isFalse();
    assertThat(number.blockedCampaigns(NOW)).containsExactly("a", "b");
    assertThat(number.nextExpiry()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void shouldChainChangesKeepingEveryAffectedEntry() {
    Change first = EMPTY.add(campaignSpec("a"), "e1", null, NOW);
    Change both = first.then(first.number().add(campaignSpec("b"), "e2", null, NOW));
    Change noop = both.then(both.number().add(campaignSpec("b"), "e3", null, NOW));

    assertThat(both.changed()).isTrue();
    assertThat(both.number().version()).isEqualTo(2);
    assertThat(noop.affected()).extracting(DncEntry::entryId).containsExactly("e1", "e2", "e2");
    assertThat(EMPTY.add(campaignSpec("a"), "e1", null, NOW).number().add(campaignSpec("a"), "x", null, NOW)
        .then(DncNumber.empty("ws", "+1").removeActive(e -> true, Removal.of("b", "r"), null, NOW)).changed())
        .isFalse();
  }
}
