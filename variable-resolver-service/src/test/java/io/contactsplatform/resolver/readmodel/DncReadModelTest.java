package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DncReadModelTest {

  static final String PHONE = "+14155552671";
  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  DncReadModel view = new DncReadModel();

  @Test
  void shouldHoldTheNewestVersionOfANumbersEntriesInItsWorkspaceOnly() {
    view.apply(List.of(change("ws", 2, null), change("ws", 1, T0))).block();

    assertThat(view.entriesNow("ws", PHONE)).singleElement().satisfies(e -> {
      assertThat(e.removedAt()).isNull();
      assertThat(e.blocks("any-campaign", T0)).isTrue();
    });
    assertThat(view.entriesNow("other", PHONE)).isEmpty();
  }

  @Test
  void shouldStopBlockingOnceANewerVersionRemovesTheEntry() {
    view.apply(change("ws", 1, null)).block();
    view.apply(change("ws", 2, T0)).block();

    assertThat(view.entriesNow("ws", PHONE)).singleElement()
        .satisfies(e -> assertThat(e.blocks("any-campaign", T0.plusSeconds(1))).isFalse());
  }

  @Test
  void shouldApplyTheChangesBeforeOneThatBreaksTheContractAndNameIt() {
    DncChange campaignWithoutId = change("ws", 1, null);
    campaignWithoutId.getEntries().get(0).setScope(DncScope.CAMPAIGN);
    campaignWithoutId.setPhoneE164("+14155552672");

    assertThatThrownBy(() -> view.apply(List.of(change("ws", 1, null), campaignWithoutId)).block())
        .isInstanceOfSatisfying(DncReadModel.InvalidChange.class, e -> assertThat(e.index()).isEqualTo(1));
    assertThat(view.entriesNow("ws", PHONE)).hasSize(1);
    assertThat(view.entriesNow("ws", "+14155552672")).isEmpty();
  }

  @Test
  void shouldTellEveryNumberApartAcrossCountriesLengthsAndWorkspaces() {
    List<DncChange> changes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      changes.add(numbered(change("ws", 1 + i % 7, null), "+1415" + (2_000_000 + i)));
      changes.add(numbered(change("ws", 1 + i % 5, null), "+44207" + (1_000_000 + i)));
    }
    changes.add(numbered(change("other", 9, null), "+14152000001"));
    view.apply(changes).block();

    assertThat(view.size()).isEqualTo(10_001);
    for (int i = 0; i < 5_000; i++) {
      assertThat(view.entriesNow("ws", "+1415" + (2_000_000 + i))).hasSize(1);
      assertThat(view.entriesNow("ws", "+44207" + (1_000_000 + i))).hasSize(1);
    }
    assertThat(view.entriesNow("ws", "+14152005000")).isEmpty();
    assertThat(view.entriesNow("ws", "14152000001")).isEmpty();
    assertThat(view.entriesNow("ws", "+1415200000x")).isEmpty();
    assertThat(view.entriesNow("other", "+14152000002")).isEmpty();
  }

  @Test
  void shouldKeepTheNewestVersionPerNumberWhenVersionsArriveOutOfOrder() {
    view.apply(List.of(numbered(change("ws", 3, T0), "+14155550001"), numbered(change("ws", 1, null), "+14155550002")))
        .block();
    view.apply(List.of(numbered(change("ws", 2, null), "+14155550001"), numbered(change("ws", 2, T0), "+14155550002")))
        .block();

    assertThat(view.entriesNow("ws", "+14155550001")).singleElement()
        .satisfies(e -> assertThat(e.removedAt()).isEqualTo(T0));
    assertThat(view.entriesNow("ws", "+14155550002")).singleElement()
        .satisfies(e -> assertThat(e.removedAt()).isEqualTo(T0));
    assertThat(view.size()).isEqualTo(2);
  }

  @Test
  void shouldShareOneHeldStateAmongTheNumbersOfABatchThatCarryEqualState() {
    view.apply(List.of(numbered(change("ws", 1, null), "+14155550001"), numbered(change("ws", 1, null), "+14155550002"),
        numbered(change("ws", 2, null), "+14155550003"))).block();

    List<DncEntry> first = view.entriesNow("ws", "+14155550001");
    assertThat(view.entriesNow("ws", "+14155550002")).isSameAs(first);
    assertThat(view.entriesNow("ws", "+14155550003")).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void shouldKeyOnlyE164Numbers() {
    assertThat(DncReadModel.key("+14155552671")).isEqualTo(14_155_552_671L);
    assertThat(DncReadModel.key("+999999999999999")).isEqualTo(999_999_999_999_999L);
    assertThat(List.of("", "+", "14155552671", "+1415555267x", "+01415555267", "+1234567890123456"))
        .allSatisfy(s -> assertThat(DncReadModel.key(s)).as(s).isEqualTo(-1));
    assertThat(DncReadModel.key(null)).isEqualTo(-1);
  }

  private static DncChange numbered(DncChange change, String e164) {
    change.setPhoneE164(e164);
    return change;
  }

  static DncChange change(String ws, long version, Instant removedAt) {
    DncEntryState entry = DncEntryState.newBuilder().setEntryId("e-1").setScope(DncScope.WORKSPACE)
        .setDncSource(DncSource.MANUAL).setReason("asked").setActor("ops").setCreatedAt(T0.minusSeconds(60))
        .setRemovedAt(removedAt).setRemovedBy(removedAt == null ? null : "ops")
        .setRemovalReason(removedAt == null ? null : "mistake").build();
    return DncChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(ws).setOccurredAt(T0).setSource("test")
        .setPhoneE164(PHONE).setVersion(version).setEntries(new java.util.ArrayList<>(List.of(entry))).build();
  }
}
