package io.contactsplatform.resolver.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.events.dnc.change.DncChange;
import io.contactsplatform.events.dnc.change.DncEntryState;
import io.contactsplatform.events.dnc.change.DncScope;
import io.contactsplatform.events.dnc.change.DncSource;
import java.time.Instant;
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

  static DncChange change(String ws, long version, Instant removedAt) {
    DncEntryState entry = DncEntryState.newBuilder().setEntryId("e-1").setScope(DncScope.WORKSPACE)
        .setDncSource(DncSource.MANUAL).setReason("asked").setActor("ops").setCreatedAt(T0.minusSeconds(60))
        .setRemovedAt(removedAt).setRemovedBy(removedAt == null ? null : "ops")
        .setRemovalReason(removedAt == null ? null : "mistake").build();
    return DncChange.newBuilder().setEventId(UUID.randomUUID()).setWorkspaceId(ws).setOccurredAt(T0).setSource("test")
        .setPhoneE164(PHONE).setVersion(version).setEntries(new java.util.ArrayList<>(List.of(entry))).build();
  }
}
