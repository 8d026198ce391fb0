package io.contactsplatform.dncservice.dnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsplatform.dncservice.dnc.DncEntry.Scope;
import io.contactsplatform.dncservice.dnc.DncEntry.Source;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Validation shared by the REST API and the Kafka listeners. */
class EntrySpecTest {

  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void shouldDefaultToWorkspaceScopeAndManualSource() {
    EntrySpec spec = EntrySpec.of(null, null, null, " asked ", "api", null, NOW);

    assertThat(spec.scope()).isEqualTo(Scope.WORKSPACE);
    assertThat(spec.source()).isEqualTo(Source.MANUAL);
    assertThat(spec.reason()).isEqualTo("asked");
  }

  @Test
  void shouldRequireCampaignIdForCampaignScope() {
    assertThatThrownBy(() -> EntrySpec.of(Scope.CAMPAIGN, " ", null, "asked", "api", null, NOW))
        .isInstanceOf(DncRuleViolation.class)
        .hasMessageStartingWith("campaignId:")
        .extracting(e -> ((DncRuleViolation) e).field()).isEqualTo("campaignId");
  }

  @Test
  void shouldRefuseCampaignIdWithWorkspaceScope() {
    assertThatThrownBy(() -> EntrySpec.of(Scope.WORKSPACE, "summer", null, "asked", "api", null, NOW))
        .isInstanceOf(DncRuleViolation.class).hasMessageStartingWith("campaignId:");
  }

  @Test
  void shouldRequireReasonAndActor() {
    assertThatThrownBy(() -> EntrySpec.of(null, null, null, "", "api", null, NOW)).hasMessageStartingWith("reason:");
    assertThatThrownBy(() -> EntrySpec.of(null, null, null, "asked", null, null, NOW)).hasMessageStartingWith("actor:");
    assertThatThrownBy(() -> Removal.of("bob", null)).hasMessageStartingWith("reason:");
    assertThatThrownBy(() -> Removal.of(" ", "consent")).hasMessageStartingWith("actor:");
  }

  @Test
  void shouldRefuseExpiryInThePast() {
    assertThatThrownBy(() -> EntrySpec.of(null, null, null, "asked", "api", NOW, NOW))
        .hasMessageStartingWith("expiresAt:");
  }
}
