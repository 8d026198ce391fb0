package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import io.contactsplatform.events.dnc.command.DncAction;
import io.contactsplatform.events.dnc.command.DncCommand;
import io.contactsplatform.events.dnc.command.DncScope;
import io.contactsplatform.events.dnc.command.DncSource;
import io.contactsplatform.schemas.InvalidEventException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a dnc-commands event is read: its number, its entry, and which commands are dead letters. */
class DncCommandHandlerTest {

  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  static DncCommand.Builder command(DncAction action, String phone) {
    return DncCommand.newBuilder()
        .setEventId(UUID.randomUUID())
        .setWorkspaceId("ws")
        .setOccurredAt(NOW)
        .setSource("compliance-feed")
        .setAction(action)
        .setPhone(phone)
        .setReason("regulator list")
        .setActor("feed");
  }

  @Test
  void shouldParsePhoneInAnyFormatWithDefaultRegion() {
    assertThat(DncCommandHandler.phoneOf(command(DncAction.ADD, "(415) 555-0132").build())).isEqualTo("+14155550132");
    assertThat(DncCommandHandler.phoneOf(command(DncAction.ADD, "020 7946 0018").setDefaultRegion("gb").build()))
        .isEqualTo("+442079460018");
  }

  @Test
  void shouldRejectUnparseablePhoneWithMaskedNumberInReason() {
    DncCommand bad = command(DncAction.ADD, "+1 999 123 45678").build();

    assertThatThrownBy(() -> DncCommandHandler.phoneOf(bad))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("phone is not a valid phone number")
        .hasMessageContaining(bad.getEventId().toString())
        .hasMessageNotContaining("999 123 45678")
        .hasMessageNotContaining("99912345678");
  }

  @Test
  void shouldReadAddCommandAsEntrySpecWithItsSourceAndExpiry() {
    DncCommand add = command(DncAction.ADD, "+14155550132").setScope(DncScope.CAMPAIGN).setCampaignId("summer")
        .setDncSource(DncSource.NATIONAL_REGISTRY).setExpiresAt(NOW.plusSeconds(3600)).build();

    EntrySpec spec = DncCommandHandler.specOf(add, NOW);

    assertThat(spec).isEqualTo(new EntrySpec(Scope.CAMPAIGN, "summer", Source.NATIONAL_REGISTRY, "regulator list",
        "feed", NOW.plusSeconds(3600)));
  }

  @Test
  void shouldRejectCampaignScopeWithoutCampaignIdForAddAndRemove() {
    DncCommand add = command(DncAction.ADD, "+14155550132").setScope(DncScope.CAMPAIGN).build();
    DncCommand remove = command(DncAction.REMOVE, "+14155550132").setScope(DncScope.CAMPAIGN).build();

    assertThatThrownBy(() -> DncCommandHandler.specOf(add, NOW))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("campaignId: required");
    assertThatThrownBy(() -> DncCommandHandler.campaignIdOf(remove))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("campaignId: required");
  }

  @Test
  void shouldRejectRemoveWithoutReason() {
    DncCommand remove = command(DncAction.REMOVE, "+14155550132").setReason(" ").build();

    assertThatThrownBy(() -> DncCommandHandler.removalOf(remove))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("reason: required");
  }
}
